import { Crash, OutsideChurn, runCommands } from "./campaign";
it("scratch", async () => {
  await runCommands([new OutsideChurn(0, 1, 0), new Crash({ number: { specific: 0 }, region: 0, target: "instance" }, "killed", "same")] as any);
}, 60000);

import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * Two resources of one program declaring one specific number, through a real `pulumi up`: whichever claims it first
 * keeps it, and the other is told the number is declared twice, with both names — on a fresh `up` (where the loser
 * of the race meets the number just claimed) and on the next alike; never "held under its old name, add an alias".
 */
describe("provider: one number declared by two resources", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  it("says `declared twice` with both names on a fresh up and on the next, and claims the number once", async () => {
    s = await numbersStack();
    const number = { target: "instance", phoneNumber: "+18005550100", deletionProtection: false };
    await s.declare([
      { name: "front-desk", ...number },
      { name: "support", ...number },
    ]);
    const both =
      /\+18005550100 is declared twice: `(front-desk|support)` and `(front-desk|support)` \(urn:pulumi:dev::numbers::pulumi-nodejs:dynamic\/connect:PhoneNumber::(front-desk|support), which holds it\): one number cannot belong to two resources\. Remove one declaration, or give it another number\./;
    for (const run of ["fresh", "next"]) {
      const r = await s.up();
      expect(r.code).not.toBe(0);
      const output = `${r.stdout}\n${r.stderr}`;
      expect({ run, output }).toEqual({ run, output: expect.stringMatching(both) });
      expect(output).not.toContain("under its old name");
      const [, loser, winner] = output.match(both)!;
      expect(loser).not.toBe(winner);
    }
    expect((await s.emu.control.events()).filter((e) => e.action === "claim")).toHaveLength(1);
  });
});

import { numbersStack } from "./numbers-fixture";

const PHONE_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
/** A command through scripts/pulumi-inline.js, a process of its own (the harness's default is its program runner). */
const SPAWN = { CONNECT_NUMBERS_TEST_RUNNER: "spawn" };

/**
 * The harness serves programs from a long-lived runner (scripts/pulumi-program-runner.ts); what the tests prove must
 * hold for the per-command process the `connect-numbers pulumi` wrapper runs, so both serialize one provider, and
 * state written one way diffs clean the other.
 */
describe("the test harness's program runner", () => {
  it("serializes the dynamic provider byte for byte as the per-command process does, and either reads the other's state clean", async () => {
    const s = await numbersStack();
    try {
      await s.declare([{ name: "a", target: "instance", phoneNumber: "+18005550100" }]);
      const provider = async (extraEnv: NodeJS.ProcessEnv) => {
        const r = await s.ws.pulumiOkWithEnv(["preview", "--json", "--non-interactive"], extraEnv);
        const steps = (JSON.parse(r.stdout) as { steps: Array<{ newState?: { type: string; inputs?: object } }> })
          .steps;
        return String(
          (steps.find((st) => st.newState?.type === PHONE_TYPE)!.newState!.inputs as { __provider: string }).__provider,
        );
      };
      const spawned = await provider(SPAWN);
      expect(spawned).toContain('require("connect-numbers/provider/runtime")');
      expect(await provider({})).toBe(spawned);
      // A second run in the same runner loads this package afresh, as a new process would.
      expect(await provider({})).toBe(spawned);

      await s.upOk();
      await s.declare([
        { name: "a", target: "instance", phoneNumber: "+18005550100" },
        { name: "b", target: "instance", phoneNumber: "+18005550101" },
      ]);
      await s.ws.pulumiOkWithEnv(["up", "--yes", "--non-interactive", "--skip-preview"], SPAWN);
      const state = await s.ws.stackExport();
      const written = state.deployment.resources!.filter((x) => x.type === PHONE_TYPE);
      expect(written.map((x) => x.outputs!.__provider)).toEqual([spawned, spawned]);
      for (const extraEnv of [{}, SPAWN]) {
        const r = await s.ws.pulumiOkWithEnv(
          ["preview", "--json", "--non-interactive", "--expect-no-changes"],
          extraEnv,
        );
        expect((JSON.parse(r.stdout) as { changeSummary: Record<string, number> }).changeSummary).toEqual({
          same: expect.any(Number),
        });
      }
    } finally {
      await s.cleanup();
    }
  });

  it("gives overlapping commands a runtime each", async () => {
    const [a, b] = await Promise.all([numbersStack(), numbersStack()]);
    try {
      await Promise.all(
        [a, b].map((s, i) => s.declare([{ name: "a", target: "instance", phoneNumber: `+1800555010${i}` }])),
      );
      const [upA, upB] = await Promise.all([a.up(), b.up()]);
      expect([upA.code, upB.code]).toEqual([0, 0]);
      expect((await a.outputs()).numbers).toEqual({ a: "+18005550100" });
      expect((await b.outputs()).numbers).toEqual({ a: "+18005550101" });
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
  });
});

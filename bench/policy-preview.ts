import * as path from "node:path";
import { startEmulator } from "../emulator";
import { emulatorStackConfig } from "../scripts/fixture-stack";
import { PulumiWorkspace, REPO_ROOT, RunResult } from "../scripts/pulumi-workspace";
import { Benchmark } from "./figures";

const NUMBERS = Number(process.env.BENCH_POLICY_NUMBERS ?? 1000);

async function timed(run: () => Promise<RunResult>, what: string): Promise<number> {
  const started = performance.now();
  const result = await run();
  if (result.code !== 0)
    throw new Error(`${what} exited ${result.code}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  return performance.now() - started;
}

/**
 * `pulumi preview` of a stack of 1,000 numbers: without a pack, with ours, and with a trivial one (one stack
 * policy, no I/O) to show what CrossGuard itself costs, all in the same run.
 */
export const policyPreview: Benchmark = {
  name: "policy pack preview",
  async run() {
    const emu = await startEmulator({ quota: NUMBERS * 2, claimDelayMs: 0 });
    const ws = await PulumiWorkspace.create("test/e2e/programs/numbers", {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    try {
      const info = await emu.control.info();
      const numbers = Array.from({ length: NUMBERS }, (_, i) => ({
        name: `n${i}`,
        target: "instance",
        phoneNumber: `+1206555${String(i).padStart(4, "0")}`,
        deletionProtection: true,
      }));
      await ws.setConfig({
        ...emulatorStackConfig(info, emu),
        // Setting up the bench stack is not what is measured: skip the apply-time history reads.
        "connect-numbers:allowQuotaOverrun": true,
        numbers: JSON.stringify(numbers),
      });
      const up = await timed(() => ws.up(), "pulumi up");
      const pack = {
        dir: path.join(REPO_ROOT, "policies"),
        config: { "connect-phone-number-churn": { endpoint: emu.endpoint, region: emu.region } },
      };
      const without = await timed(() => ws.preview(), "pulumi preview");
      const withPack = await timed(() => ws.preview({ policyPacks: [pack] }), "pulumi preview --policy-pack");
      // CrossGuard's own cost: a pack with one stack policy that reads nothing.
      const trivial = { dir: path.join(REPO_ROOT, "test/e2e/policies/smoke"), config: {} };
      const withTrivial = await timed(
        () => ws.preview({ policyPacks: [trivial] }),
        "pulumi preview --policy-pack (trivial)",
      );
      return [
        { name: `pulumi up of ${NUMBERS} numbers (setup)`, value: up / 1000, unit: "s" },
        {
          name: `pulumi preview, ${NUMBERS} numbers, with the pack`,
          value: withPack / 1000,
          unit: "s",
          target: "<= 1.15x without",
          baseline: without / 1000,
        },
        {
          name: `pulumi preview, ${NUMBERS} numbers, with a trivial pack`,
          value: withTrivial / 1000,
          unit: "s",
          baseline: without / 1000,
        },
      ];
    } finally {
      ws.cleanup();
      await emu.stop();
    }
  },
};

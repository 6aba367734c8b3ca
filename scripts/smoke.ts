/**
 * The end-to-end smoke program: proves the Pulumi CLI, the program runner, a dynamic provider and a policy pack
 * work together on this machine, step by step, offline.
 */
import * as path from "node:path";
import { PulumiWorkspace, REPO_ROOT, RunResult } from "./pulumi-workspace";

async function step(title: string, action: () => Promise<RunResult>, expectOk: boolean): Promise<RunResult> {
  const started = Date.now();
  const result = await action();
  const passed = (result.code === 0) === expectOk;
  console.log(`${passed ? "ok  " : "FAIL"} ${title} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  if (!passed) {
    console.log(result.stdout, result.stderr);
    throw new Error(`step did not behave as expected: ${title}`);
  }
  return result;
}

async function main(): Promise<void> {
  const ws = await PulumiWorkspace.create("test/e2e/programs/smoke");
  const pack = (maxSmokes: number) => ({
    dir: path.join(REPO_ROOT, "test/e2e/policies/smoke"),
    config: { "smoke-max-count": { maxSmokes } },
  });
  try {
    await ws.setConfig({ count: 2 });
    await step("pulumi up creates two dynamic resources", () => ws.up(), true);
    await ws.setConfig({ count: 3 });
    await step(
      "pulumi preview with the policy pack (limit 5) passes",
      () => ws.preview({ policyPacks: [pack(5)] }),
      true,
    );
    const blocked = await step(
      "pulumi preview with the policy pack (limit 2) is rejected",
      () => ws.preview({ policyPacks: [pack(2)] }),
      false,
    );
    console.log(
      blocked.stdout
        .split("\n")
        .filter((l) => l.includes("smoke-max-count") || l.includes("found "))
        .join("\n"),
    );
    await step("pulumi destroy removes everything", () => ws.destroy(), true);
  } finally {
    ws.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

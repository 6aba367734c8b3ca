import { startEmulator } from "../emulator";
import { PulumiWorkspace } from "./pulumi-workspace";

export interface FixtureStack {
  ws: PulumiWorkspace;
  /** Sets the program's `numbers` config. */
  declare(numbers: unknown[]): Promise<unknown>;
}

/**
 * Runs `capture` on a stack of `program` pointed at a fresh emulator (no claim delay, quota 20, `seed` for its
 * numbers), with the program's instance and traffic distribution group set; both are removed after.
 */
export async function withFixtureStack(
  program: string,
  seed: number,
  env: Record<string, string>,
  capture: (s: FixtureStack) => Promise<void>,
): Promise<void> {
  const emu = await startEmulator({ claimDelayMs: 0, quota: 20, seed });
  const info = await emu.control.info();
  const ws = await PulumiWorkspace.create(program, env);
  try {
    await ws.setConfig({
      instanceArn: info.instances[0],
      tdgArn: info.trafficDistributionGroups[0],
      "connect-numbers:endpoint": emu.endpoint,
      "connect-numbers:region": emu.region,
    });
    await capture({ ws, declare: (numbers) => ws.pulumiOk(["config", "set", "numbers", JSON.stringify(numbers)]) });
  } finally {
    ws.cleanup();
    await emu.stop();
  }
}

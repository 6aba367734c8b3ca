import { EmulatorInfo, startEmulator } from "../emulator";
import { PulumiWorkspace } from "./pulumi-workspace";

export interface FixtureStack {
  ws: PulumiWorkspace;
  /** Sets the program's `numbers` config. */
  declare(numbers: unknown[]): Promise<unknown>;
}

/** The stack config that points a test program at an emulator: its first instance and TDG, its endpoint and region. */
export function emulatorStackConfig(
  info: EmulatorInfo,
  at: { endpoint: string; region: string },
): Record<string, string> {
  return {
    instanceArn: info.instances[0],
    tdgArn: info.trafficDistributionGroups[0],
    "connect-numbers:endpoint": at.endpoint,
    "connect-numbers:region": at.region,
  };
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
    await ws.setConfig(emulatorStackConfig(info, emu));
    await capture({ ws, declare: (numbers) => ws.pulumiOk(["config", "set", "numbers", JSON.stringify(numbers)]) });
  } finally {
    ws.cleanup();
    await emu.stop();
  }
}

import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../emulator";
import { PulumiWorkspace } from "./pulumi-workspace";

export interface ExampleOptions {
  /** More stack config (the example's stage, a ledger, …). */
  config?: Record<string, string>;
  /**
   * The emulator's account had no churn before it started: an empty history file says so for the whole window
   * (CloudTrail holds 90 of 180 days), so the provider and the pack do not refuse for unseen days.
   */
  noChurnBefore?: boolean;
}

/**
 * A stack of an examples/ program against the emulator: its endpoint and region, the instance and traffic
 * distribution group it seeded (instanceArn, tdgArn: what the examples take), and the options'.
 */
export async function exampleWorkspace(
  example: string,
  emu: RunningEmulator,
  options: ExampleOptions = {},
): Promise<PulumiWorkspace> {
  const info = await emu.control.info();
  const ws = await PulumiWorkspace.create(`examples/${example}`, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  const history = path.join(ws.root, "churn-history.jsonl");
  if (options.noChurnBefore) fs.writeFileSync(history, "");
  await ws.setConfig({
    "connect-numbers:endpoint": emu.endpoint,
    "connect-numbers:region": emu.region,
    ...(options.noChurnBefore ? { "connect-numbers:historyFiles": history } : {}),
    instanceArn: info.instances[0],
    tdgArn: info.trafficDistributionGroups[0],
    ...options.config,
  });
  return ws;
}

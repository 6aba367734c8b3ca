import { ConnectClient } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator";
import { tempDir } from "./cli-helpers";
import { PulumiWorkspace, RunResult } from "../../scripts/pulumi-workspace";

export interface NumbersStack {
  emu: RunningEmulator;
  ws: PulumiWorkspace;
  connect: ConnectClient;
  instanceArn: string;
  tdgArn: string;
  /** The emulator's targets in a second region (us-west-2). */
  west: { instanceArn: string; tdgArn: string };
  declare(numbers: Array<Record<string, unknown>>): Promise<void>;
  /** The PhoneNumberSets the program declares (config "sets": the `sets` program). */
  declareSets(sets: Array<Record<string, unknown>>): Promise<void>;
  up(): Promise<RunResult>;
  upOk(): Promise<RunResult>;
  outputs(): Promise<{ numbers: Record<string, string>; ids: Record<string, string> }>;
  /** The stack's history file (connect-numbers:historyFiles): empty, the emulator's account had no churn before. */
  history: string;
  /** How `check` and `plan-waves` read this account: CloudTrail and the stack's history file, no ledger. */
  gateArgs(): string[];
  cleanup(): Promise<void>;
}

/** An emulator and a stack of the `numbers` program pointed at it. */
export async function numbersStack(
  options: EmulatorOptions = {},
  program = "test/e2e/programs/numbers",
): Promise<NumbersStack> {
  const emu = await startEmulator({ claimDelayMs: 50, quota: 20, ...options });
  const info = await emu.control.info();
  const westInfo = (await (await fetch(`${emu.endpoint}/_emulator/info?region=us-west-2`)).json()) as {
    instances: string[];
    trafficDistributionGroups: string[];
  };
  const ws = await PulumiWorkspace.create(program, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  // The emulator's account had no churn before it started: an empty history file says so for the whole window
  // (CloudTrail alone sees 90 of its 180 days, and the provider refuses to act on unseen days by default).
  const history = path.join(ws.root, "churn-history.jsonl");
  fs.writeFileSync(history, "");
  ws.writeConfig({
    "connect-numbers:historyFiles": history,
    instanceArn: info.instances[0],
    tdgArn: info.trafficDistributionGroups[0],
    instanceArnWest: westInfo.instances[0],
    tdgArnWest: westInfo.trafficDistributionGroups[0],
    "connect-numbers:endpoint": emu.endpoint,
    "connect-numbers:region": emu.region,
    numbers: "[]",
  });
  const connect = new ConnectClient({
    endpoint: emu.endpoint,
    region: emu.region,
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  });
  const stack: NumbersStack = {
    emu,
    ws,
    connect,
    instanceArn: info.instances[0],
    tdgArn: info.trafficDistributionGroups[0],
    west: { instanceArn: westInfo.instances[0], tdgArn: westInfo.trafficDistributionGroups[0] },
    history,
    async declare(numbers) {
      ws.writeConfig({ numbers: JSON.stringify(numbers) });
    },
    async declareSets(sets) {
      ws.writeConfig({ sets: JSON.stringify(sets) });
    },
    up: () => ws.up(),
    async upOk() {
      const r = await ws.up();
      if (r.code !== 0) throw new Error(`pulumi up failed (${r.code})\n${r.stdout}\n${r.stderr}`);
      return r;
    },
    async outputs() {
      return JSON.parse((await ws.pulumiOk(["stack", "output", "--json"])).stdout);
    },
    gateArgs: () => [
      "--cloudtrail",
      "--endpoint",
      emu.endpoint,
      "--region",
      emu.region,
      "--history",
      history,
      "--ledger",
      "off",
    ],
    async cleanup() {
      // The stack's commands first: one still running (a timed-out test) holds connections to the emulator.
      ws.cleanup();
      connect.destroy();
      await emu.stop();
    },
  };
  return stack;
}

/**
 * A stack of `program` on its own emulator and a temporary directory, for one describe block: made before its first
 * test, cleaned up after its last. Read `s` and `dir` inside the tests.
 */
export function stackPerBlock(
  options: EmulatorOptions,
  program: string,
  prefix: string,
): { s: NumbersStack; dir: ReturnType<typeof tempDir> } {
  const block = {} as { s: NumbersStack; dir: ReturnType<typeof tempDir> };
  beforeAll(async () => {
    block.s = await numbersStack(options, program);
    block.dir = tempDir(prefix);
  });
  afterAll(async () => {
    await block.s?.cleanup();
    block.dir?.cleanup();
  });
  return block;
}

import { phoneNumberIdOf } from "../../core";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { parseProviderConfig } from "../../provider/runtime";
import { Declared, DeploymentResult, EngineModel, StateEntry, urnOf } from "./engine";

/**
 * The real side of the campaign: an emulator (two regions of one account), the engine model over it, and what the
 * referee has seen. The invariants read only the emulator (its numbers, its event log, its settings) and the
 * engine's state, never the provider's own view.
 */

export const REGIONS = ["us-east-1", "us-west-2"] as const;
export type Region = (typeof REGIONS)[number];
export const QUOTA = 6;

export interface Targets {
  instance: string;
  tdg: string;
  instanceId: string;
}

export interface World {
  emu: RunningEmulator;
  engine: EngineModel;
  targets: Record<Region, Targets>;
  /** Numbers the account held before, not (yet) under any resource. */
  unmanaged: Set<string>;
  /** Ids of claims seen FAILED: another claim of the same number while it is held FAILED is AWS's one-day retry. */
  failedIds: Set<string>;
  /** Every deployment's outcome, for counterexamples. */
  log: string[];
  dir: string;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const emu = await startEmulator({ claimDelayMs: 0, quota: QUOTA });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-campaign-"));
  const history = path.join(dir, "history.jsonl");
  // The emulator's account had no churn before it started; CloudTrail sees the rest (the clock jumps 181 days at most).
  fs.writeFileSync(history, "");
  const settings: Record<string, string> = {
    "connect-numbers:endpoint": emu.endpoint,
    "connect-numbers:region": "us-east-1",
    "connect-numbers:historyFiles": history,
    "connect-numbers:claimTimeoutSeconds": "5",
    // One durable ledger for the world, as a user's per-user file is: it outlives each deployment.
    "connect-numbers:ledger": `file:${path.join(dir, "ledger.json")}`,
  };
  const config = parseProviderConfig((k) => settings[k], {});
  const targets = {} as Record<Region, Targets>;
  for (const region of REGIONS) {
    const info = (await (await fetch(`${emu.endpoint}/_emulator/info?region=${region}`)).json()) as {
      instances: string[];
      trafficDistributionGroups: string[];
    };
    targets[region] = {
      instance: info.instances[0],
      tdg: info.trafficDistributionGroups[0],
      instanceId: info.instances[0].split("/").pop()!,
    };
  }
  const world: World = {
    emu,
    engine: new EngineModel(config),
    targets,
    unmanaged: new Set(),
    failedIds: new Set(),
    log: [],
    dir,
    async close() {
      await emu.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** A number a declared resource held when a command began. */
interface HeldNumber {
  id: string;
  phoneNumber: string;
  countryCode?: string;
  type?: string;
  region?: string;
  key?: number;
}

export interface CommandStart {
  held: HeldNumber[];
  eventIds: Set<string>;
}

export async function beginCommand(w: World, program: Array<Declared & { key: number }>): Promise<CommandStart> {
  const s = await snapshot(w);
  const held = w.engine.state
    .filter((e) => !e.pendingDelete && e.outputs.status === "CLAIMED")
    .map((e) => ({
      id: e.id,
      phoneNumber: e.outputs.phoneNumber,
      countryCode: e.outputs.countryCode,
      type: e.outputs.type,
      region: e.outputs.region,
      key: program.find((d) => urnOf(d.name, d.parent) === e.urn)?.key,
    }));
  return { held, eventIds: new Set(s.events.map((e) => e.eventId)) };
}

/** Whether a declared resource still wants this number: the same resource whose inputs it meets, or any that names it. */
function stillWanted(n: HeldNumber, program: Array<Declared & { key: number }>): boolean {
  return program.some((d) => {
    const i = d.inputs;
    if (i.phoneNumber === n.phoneNumber || (i.phoneNumberId !== undefined && phoneNumberIdOf(i.phoneNumberId) === n.id))
      return true;
    if (d.key !== n.key || n.key === undefined) return false;
    const region = i.region ?? REGIONS.find((r) => i.targetArn?.includes(`:${r}:`)) ?? "us-east-1";
    return (
      region === n.region &&
      i.countryCode === n.countryCode &&
      i.type === n.type &&
      (i.prefix === undefined || n.phoneNumber.startsWith(i.prefix))
    );
  });
}

interface Snapshot {
  numbers: Array<{ id: string; phoneNumber: string; status: string; region: string; pending?: string }>;
  events: Array<{
    eventId: string;
    at: number;
    action: string;
    phoneNumber?: string;
    phoneNumberId?: string;
    region: string;
  }>;
  windowMs: number;
  budget: number;
}

async function snapshot(w: World): Promise<Snapshot> {
  const doc = await w.emu.control.state();
  const numbers = doc.partitions.flatMap((p) =>
    p.numbers.map((n) => ({
      id: n.id,
      phoneNumber: n.phoneNumber,
      status: n.status,
      region: p.region,
      pending: n.pendingOutcome?.status,
    })),
  );
  const events = doc.partitions.flatMap((p) => p.events.map((e) => ({ ...e, region: p.region })));
  return {
    numbers,
    events,
    windowMs: doc.settings.windowDays * 86_400_000,
    budget: Math.floor((doc.settings.quota * doc.settings.ratioPercent) / 100),
  };
}

/** Notes FAILED claims as they appear (a later claim of the same number is AWS's documented retry, not a second claim). */
export async function observe(w: World, what: string, r: DeploymentResult): Promise<void> {
  w.log.push(`${what}: ${r.ok ? "ok" : `failed: ${r.errors.join(" | ").slice(0, 300)}`}`);
  for (const n of (await snapshot(w)).numbers) {
    if (n.status === "FAILED" || n.pending === "FAILED") w.failedIds.add(n.id);
  }
  if (r.errors.some((e) => /Claims are blocked/.test(e)))
    throw new Error(`the emulator blocked the account: ${r.errors.join(" | ")}\n--- deployments:\n${w.log.join("\n")}`);
}

/**
 * After every command: no number still declared (in the stack's state) was released; no number the account holds
 * is missing from the state (except numbers held before and never adopted); no number was claimed twice (beyond
 * AWS's retry of a FAILED claim); and no window of the event log holds more churn than AWS allows.
 */
export async function assertInvariants(
  w: World,
  program: Array<Declared & { key: number }>,
  start: CommandStart,
): Promise<void> {
  const s = await snapshot(w);
  const state = w.engine.state;
  for (const e of state) if (s.numbers.some((n) => n.id === e.id)) w.unmanaged.delete(e.id);
  const problems: string[] = [];
  for (const e of s.events.filter((x) => x.action === "release" && !start.eventIds.has(x.eventId))) {
    const n = start.held.find((h) => h.id === e.phoneNumberId);
    if (n && stillWanted(n, program))
      problems.push(`released a number the program still declares: ${n.phoneNumber} ${n.id}`);
  }
  for (const e of state.filter((x) => !x.pendingDelete)) {
    if (!s.numbers.some((n) => n.id === e.id)) problems.push(`released while still in state: ${describeEntry(e)}`);
  }
  for (const n of s.numbers) {
    if (!state.some((e) => e.id === n.id) && !w.unmanaged.has(n.id))
      problems.push(
        `leaked (held by the account, absent from state): ${n.phoneNumber} ${n.id} in ${n.region} (${n.status})`,
      );
  }
  // A claim of a number the account still holds is a second claim, unless what it holds is a FAILED claim (the retry).
  const holding = new Map<string, string>();
  for (const e of [...s.events].sort((a, b) => a.at - b.at)) {
    // A seeded event that names no number holds none.
    if (e.phoneNumber === undefined || e.phoneNumberId === undefined) continue;
    const held = holding.get(e.phoneNumber);
    if (e.action === "release") holding.delete(e.phoneNumber);
    else if (held !== undefined && !w.failedIds.has(held))
      problems.push(`claimed twice: ${e.phoneNumber} (${held}, then ${e.phoneNumberId})`);
    else holding.set(e.phoneNumber, e.phoneNumberId);
  }
  for (const region of REGIONS) {
    const times = s.events
      .filter((e) => e.region === region)
      .map((e) => e.at)
      .sort((a, b) => a - b);
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= s.windowMs) j++;
      if (i - j + 1 > s.budget)
        problems.push(
          `${i - j + 1} claims and releases within ${s.windowMs / 86_400_000} days in ${region}, over the budget of ${s.budget}`,
        );
    }
  }
  if (problems.length > 0)
    throw new Error(
      `${problems.join("\n")}\n--- deployments:\n${w.log.join("\n")}\n--- state:\n${state.map(describeEntry).join("\n")}`,
    );
}

function describeEntry(e: StateEntry): string {
  return `${e.urn.split("::").pop()} ${e.outputs.phoneNumber ?? "?"} ${e.id} ${e.outputs.status ?? "?"}${e.pendingDelete ? " (pending delete)" : ""}`;
}

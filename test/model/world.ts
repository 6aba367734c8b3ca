import { phoneNumberIdOf } from "../../core";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { ProviderConfig, parseProviderConfig } from "../../provider/runtime";
import { ledgerFor } from "../../provider/runtime/ledger";
import { DeploymentResult, EngineModel, Model, StateEntry, setUrnOf, urnOf } from "./engine";

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
  /** Claims the campaign made fail (claim-failed faults): any other FAILED claim crossed a target's capacity. */
  injectedClaimFailures: number;
  /** Every deployment's outcome, for counterexamples. */
  log: string[];
  config: ProviderConfig;
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
    injectedClaimFailures: 0,
    log: [],
    config,
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
  /** Held by a set (key is the set's). */
  inSet?: boolean;
}

export interface CommandStart {
  held: HeldNumber[];
  eventIds: Set<string>;
  failedIds: Set<string>;
  injectedClaimFailures: number;
  /** Numbers each set (by key) held in its slots (adopted ones aside). */
  slotted: Map<number, number>;
  /** Ids of the numbers each set (by key) held, whatever their group or status. */
  setIds: Map<number, Set<string>>;
}

/** A set's numbers that fill slots: every one but those adopted on top of the counts, and claims AWS failed. */
const slottedOf = (numbers: ReadonlyArray<{ group: string; status: string }>) =>
  numbers.filter((n) => n.group !== "adopted" && n.status !== "FAILED").length;

const setKeyOf = (m: Model, urn: string) => m.sets.find((d) => setUrnOf(d.name) === urn)?.key;

export async function beginCommand(w: World, m: Model): Promise<CommandStart> {
  const s = await snapshot(w);
  const held: HeldNumber[] = w.engine.state
    .filter((e) => !e.pendingDelete && e.outputs.status === "CLAIMED")
    .map((e) => ({
      id: e.id,
      phoneNumber: e.outputs.phoneNumber,
      countryCode: e.outputs.countryCode,
      type: e.outputs.type,
      region: e.outputs.region,
      key: m.program.find((d) => urnOf(d.name, d.parent) === e.urn)?.key,
    }));
  const slotted = new Map<number, number>();
  const setIds = new Map<number, Set<string>>();
  for (const e of w.engine.sets) {
    const key = setKeyOf(m, e.urn);
    if (key !== undefined) slotted.set(key, slottedOf(e.outputs.numbers));
    if (key !== undefined) setIds.set(key, new Set(e.outputs.numbers.map((n) => n.phoneNumberId)));
    for (const n of e.outputs.numbers.filter((x) => x.status === "CLAIMED"))
      held.push({ id: n.phoneNumberId, phoneNumber: n.phoneNumber, key, inSet: true });
  }
  return {
    held,
    eventIds: new Set(s.events.map((e) => e.eventId)),
    failedIds: new Set(w.failedIds),
    injectedClaimFailures: w.injectedClaimFailures,
    slotted,
    setIds,
  };
}

/**
 * Whether a declared resource still wants this number: a single resource or a set that names it, the set that
 * holds it unless its release list names it, or the same single resource whose inputs it meets.
 */
function stillWanted(n: HeldNumber, m: Model): boolean {
  const released = (release?: string[]) => (release ?? []).some((r) => r === n.phoneNumber || r === n.id);
  if (m.sets.some((d) => d.inputs.phoneNumbers?.includes(n.phoneNumber) && !released(d.inputs.release))) return true;
  if (n.inSet)
    return (
      m.program.some(
        (d) =>
          d.inputs.phoneNumber === n.phoneNumber ||
          (d.inputs.phoneNumberId !== undefined && phoneNumberIdOf(d.inputs.phoneNumberId) === n.id),
      ) || m.sets.some((d) => d.key === n.key && !released(d.inputs.release))
    );
  return m.program.some((d) => {
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
  numbers: Array<{ id: string; phoneNumber: string; status: string; region: string; target: string; pending?: string }>;
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
      target: n.targetArn,
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
export async function assertInvariants(w: World, m: Model, start: CommandStart): Promise<void> {
  const s = await snapshot(w);
  const state = w.engine.state;
  const inSets = w.engine.sets.flatMap((e) => e.outputs.numbers.map((n) => ({ set: e, n })));
  const inState = new Set([...state.map((e) => e.id), ...inSets.map((x) => x.n.phoneNumberId)]);
  for (const id of inState) if (s.numbers.some((n) => n.id === id)) w.unmanaged.delete(id);
  const problems: string[] = [];
  for (const e of s.events.filter((x) => x.action === "release" && !start.eventIds.has(x.eventId))) {
    const n = start.held.find((h) => h.id === e.phoneNumberId);
    if (n && stillWanted(n, m)) problems.push(`released a number the program still declares: ${n.phoneNumber} ${n.id}`);
  }
  for (const e of state.filter((x) => !x.pendingDelete)) {
    if (!s.numbers.some((n) => n.id === e.id)) problems.push(`released while still in state: ${describeEntry(e)}`);
  }
  for (const { set, n } of inSets) {
    if (!s.numbers.some((x) => x.id === n.phoneNumberId))
      problems.push(
        `released while still in the state of set ${set.urn.split("::").pop()}: ${n.phoneNumber} ${n.phoneNumberId}`,
      );
  }
  for (const n of s.numbers) {
    // A FAILED claim holds nothing: its delete lets it go, and AWS returns it to the inventory a day after.
    if (!inState.has(n.id) && !w.unmanaged.has(n.id) && n.status !== "FAILED")
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
  problems.push(
    ...setSlotProblems(w, m, start),
    ...wholeGrowthProblems(w, m, start),
    ...capacityProblems(w, s, start),
    ...(await ledgerProblems(w, s)),
  );
  if (problems.length > 0)
    throw new Error(
      `${problems.join("\n")}\n--- deployments:\n${w.log.join("\n")}\n--- state:\n${[...state.map(describeEntry), ...inSets.map(({ set, n }) => `${set.urn.split("::").pop()} ${n.phoneNumber} ${n.phoneNumberId} ${n.group} ${n.status}`)].join("\n")}`,
    );
}

/**
 * No set holds more numbers in its slots than it declares (or held before a refused shrink): no slot claimed twice.
 * After an `up` that succeeded, every slot holds a claimed number (a FAILED claim fills none).
 */
function setSlotProblems(w: World, m: Model, start: CommandStart): string[] {
  const problems: string[] = [];
  for (const e of w.engine.sets) {
    const d = m.sets.find((x) => setUrnOf(x.name) === e.urn);
    if (!d) continue;
    const i = d.inputs;
    const slots =
      Object.values(i.prefixes ?? {}).reduce((a, b) => a + b, 0) + (i.count ?? 0) + (i.phoneNumbers?.length ?? 0);
    const holds = slottedOf(e.outputs.numbers);
    const before = start.slotted.get(d.key) ?? 0;
    const claimed = e.outputs.numbers.filter((n) => n.group !== "adopted" && n.status === "CLAIMED").length;
    if (w.engine.lastUpOk && claimed < slots)
      problems.push(`set ${d.name}: the last up succeeded, yet it holds ${claimed} claimed numbers for ${slots} slots`);
    if (holds > Math.max(slots, before))
      problems.push(
        `set ${d.name} holds ${holds} numbers in ${slots} slots (${before} before): ${e.outputs.numbers.map((n) => `${n.phoneNumber} ${n.group}`).join(", ")}`,
      );
  }
  return problems;
}

/**
 * A set grows whole (growBy "all", the campaign's sets): when the `up` failed on the set's refusal to claim, for its
 * instance's room or the churn budget, a set that was there before holds no new claimed number (a claim AWS failed
 * in an earlier up of the command holds none). A refusal after AWS failed a claim for the instance's limit (a count
 * gone stale) comes part way by design, and is not judged here.
 */
function wholeGrowthProblems(w: World, m: Model, start: CommandStart): string[] {
  if (w.engine.lastUpOk) return [];
  const problems: string[] = [];
  for (const e of w.engine.sets) {
    const d = m.sets.find((x) => setUrnOf(x.name) === e.urn);
    if (!d) continue;
    const refusal = w.engine.lastErrors.find(
      (msg) =>
        msg.startsWith(`PhoneNumberSet "${d.name}"`) &&
        /refusing to claim|grows by \d+ numbers?, whole/.test(msg) &&
        !/ended FAILED/.test(msg),
    );
    // A set made in this command (a create the campaign interrupted, then an up) holds what its first attempt claimed.
    const before = start.setIds.get(d.key);
    if (refusal === undefined || before === undefined) continue;
    const claimed = e.outputs.numbers.filter(
      (n) => n.origin === "claim" && n.status === "CLAIMED" && !before.has(n.phoneNumberId),
    );
    if (claimed.length > 0)
      problems.push(
        `set ${d.name} claimed ${claimed.length} numbers of a growth it refused (growBy "all" is whole or nothing): ` +
          refusal.slice(0, 200),
      );
  }
  return problems;
}

/**
 * A claim into an instance that AWS failed, and the campaign did not make fail, went past the instance's room: the
 * capacity check let it through. Claims into a traffic distribution group are not compared (docs/provider.md), nor
 * are an instance's claims while the region holds numbers on one (which instance those count against is [U]).
 */
const onTdg = (target: string) => target.includes(":traffic-distribution-group/");
function capacityProblems(w: World, s: Snapshot, start: CommandStart): string[] {
  const failed = s.numbers.filter(
    (n) =>
      w.failedIds.has(n.id) &&
      !start.failedIds.has(n.id) &&
      !onTdg(n.target) &&
      !s.numbers.some((x) => x.region === n.region && onTdg(x.target)),
  );
  const injected = w.injectedClaimFailures - start.injectedClaimFailures;
  return failed.length > injected
    ? [
        `${failed.length} claims ended FAILED (${injected} made to fail by the campaign): a target's capacity was crossed`,
      ]
    : [];
}

/**
 * Every claim and release the emulator logged for the provider (events that name a number) is counted in the
 * ledger's window: as that very event, or as a reservation whose number the provider never learned (a lost answer).
 */
async function ledgerProblems(w: World, s: Snapshot): Promise<string[]> {
  const now = (await w.emu.control.clock()).ms;
  const problems: string[] = [];
  for (const region of REGIONS) {
    const scope = { accountId: w.emu.accountId, region };
    const ledger = await ledgerFor(w.config, scope);
    try {
      const counted = await ledger.windowEvents(scope, now, s.windowMs / 86_400_000);
      for (const action of ["claim", "release"]) {
        const ours = s.events.filter(
          (e) => e.region === region && e.action === action && e.phoneNumberId !== undefined && e.at > now - s.windowMs,
        );
        const missing = ours.filter(
          (e) => !counted.some((c) => c.action === action && c.phoneNumberId === e.phoneNumberId),
        );
        const anonymous = counted.filter((c) => c.action === action && c.phoneNumberId === undefined).length;
        if (missing.length > anonymous)
          problems.push(
            `${missing.length} ${action}s in ${region} missing from the ledger's window (${anonymous} unattributed entries): ${missing.map((e) => e.phoneNumber).join(", ")}`,
          );
      }
    } finally {
      await ledger.close();
    }
  }
  return problems;
}

function describeEntry(e: StateEntry): string {
  return `${e.urn.split("::").pop()} ${e.outputs.phoneNumber ?? "?"} ${e.id} ${e.outputs.status ?? "?"}${e.pendingDelete ? " (pending delete)" : ""}`;
}

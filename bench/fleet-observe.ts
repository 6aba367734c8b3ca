import { DEFAULT_WINDOW_DAYS } from "../core";
import { openLedger } from "../ledger/open";
import { PulumiWorkspace } from "../scripts/pulumi-workspace";
import { EmulatorEvent } from "../emulator";
import { FleetAccount } from "./fleet-env";

const SET_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";

/** What the account, the stack's state and the ledger say at one moment of a fleet's lifecycle. */
export interface Observation {
  /** Every claim and release the emulator logged, oldest first. */
  log: EmulatorEvent[];
  /** Number id → target ARN, for every number the account holds (any status). */
  held: Map<string, string>;
  /** The number ids the stack's PhoneNumberSets hold in state. */
  inState: Set<string>;
  /** The ledger's window entries (reservations included) by action and number id ("claim <id>"). */
  window: string[];
}

export async function observe(account: FleetAccount, ws: PulumiWorkspace): Promise<Observation> {
  const log = (await account.emu.control.events()).filter((e) => e.action === "claim" || e.action === "release");
  const state = await account.emu.control.state();
  const held = new Map<string, string>();
  for (const partition of state.partitions) for (const n of partition.numbers) held.set(n.id, n.targetArn);
  const exported = await ws.stackExport();
  const inState = new Set<string>();
  for (const r of exported.deployment.resources ?? []) {
    if (r.type !== SET_TYPE) continue;
    for (const n of (r.outputs?.numbers as Array<{ phoneNumberId: string }> | undefined) ?? [])
      inState.add(n.phoneNumberId);
  }
  const ledger = (await openLedger(account.ledger, { endpoint: account.endpoint, region: account.region }))!;
  try {
    const now = (await account.emu.control.clock()).ms;
    const scope = { accountId: account.emu.accountId, region: account.region };
    const window = (await ledger.windowEvents(scope, now, DEFAULT_WINDOW_DAYS)).map(
      (e) => `${e.action} ${e.phoneNumberId ?? "(reservation)"}`,
    );
    return { log, held, inState, window };
  } finally {
    await ledger.close();
  }
}

/** A step's churn: the claims and releases the emulator logged between two observations. */
export function churnBetween(before: Observation, after: Observation) {
  const added = after.log.slice(before.log.length);
  return {
    claims: added.filter((e) => e.action === "claim"),
    releases: added.filter((e) => e.action === "release"),
  };
}

/**
 * What must hold after every step, as counts that must be 0: numbers the account holds that no state knows
 * (leaked), numbers in state the account does not hold (lost), numbers claimed more than once over the whole run,
 * and log entries the ledger's window does not count (or counts that the log lacks).
 */
export function invariants(o: Observation) {
  const claimed = o.log.filter((e) => e.action === "claim").map((e) => e.phoneNumber);
  const logged = o.log.map((e) => `${e.action} ${e.phoneNumberId}`);
  return {
    leaked: [...o.held.keys()].filter((id) => !o.inState.has(id)),
    lost: [...o.inState].filter((id) => !o.held.has(id)),
    claimedTwice: claimed.length - new Set(claimed).size,
    uncounted: difference(logged, o.window),
    unlogged: difference(o.window, logged),
  };
}

/** The entries of `a` that `b` does not match one for one. */
function difference(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n === 0) return true;
    left.set(x, n - 1);
    return false;
  });
}

import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudTrailChurnEvent, churnEventOfTrail, cloudTrailChurn } from "../aws/history";
import { CLOUDTRAIL_LAG_MS, ChurnEvent, HistoryCoverage, cloudTrailSpan, isoDate } from "../core";
import { LedgerAdmin, LedgerScope, LedgerStatus } from "./types";

export interface LedgerHistory {
  /** The window's events: the ledger's (reservations included), then what CloudTrail shows since its last sync. */
  events: ChurnEvent[];
  coverage: HistoryCoverage;
  /** With CloudTrail: what it showed since the ledger's last complete instant, and the span that read vouches for. */
  tail?: { events: ChurnEvent[]; from: number; until: number };
}

export interface LedgerHistoryOptions {
  /** The service's clock. */
  now: number;
  windowDays: number;
  /**
   * Reads what happened since the ledger's history ends (its last sync) from CloudTrail: usually one call per event
   * name. Without it, churn after that instant made outside a guard is unseen, and coverage says so. A ChurnRead in
   * its place answers from a read already made (the guard's read of CloudTrail's whole span).
   */
  cloudTrail?: CloudTrailClient | ChurnRead;
}

/** CloudTrail's churn in [from, to]. */
export type ChurnRead = (from: number, to: number) => Promise<CloudTrailChurnEvent[]>;

/**
 * A ledger as a history source for a gate (the CLI's window, the pack, the provider's guard): two reads of the
 * ledger (window and coverage items), plus CloudTrail since its last sync (one call per event name while fewer
 * than 50 of each happened since).
 */
export async function ledgerHistory(
  ledger: LedgerAdmin,
  scope: LedgerScope,
  o: LedgerHistoryOptions,
): Promise<LedgerHistory> {
  const { status, events: ledgerEvents } = await ledger.snapshot(scope, o.now, o.windowDays);
  const { completeSince } = status.coverage;
  const until = status.completeUntil;
  const span =
    completeSince === null || until === null
      ? "no history recorded"
      : `complete ${completeSince === -Infinity ? "from the start" : `from ${isoDate(completeSince)}`} to ${isoDate(until)}`;
  // A ledger may hold several accounts' windows (the per-user file does): the source says whose it read.
  const ledgerSource = `${status.coverage.sources[0]} (account ${scope.accountId} in ${scope.region}: ${span})`;
  const future = status.assertions.find((a) => a.retracted === undefined && a.since > a.at + CLOUDTRAIL_LAG_MS);
  if (future) throw futureAssertionError(future);
  if (!o.cloudTrail) {
    const closed = until !== null && until >= o.now;
    // The instant the unseen churn starts, as the span beside it gives its instants.
    const unseen = until === null ? "churn unseen" : `churn since ${isoDate(until)} unseen`;
    return {
      events: ledgerEvents,
      coverage: {
        completeSince: until === null ? null : completeSince,
        ...(until !== null && !closed ? { completeUntil: until } : {}),
        sources: [closed ? ledgerSource : `${ledgerSource}; ${unseen} without CloudTrail`],
      },
    };
  }
  // The tail read starts a lag before the ledger's last complete instant: events CloudTrail delivered late. A span
  // that ends after now (a writer whose clock ran ahead) reads from a lag before now: never a range that ends first.
  const reach = cloudTrailSpan(o.now, o.windowDays).from;
  const from = until === null ? reach : Math.max(reach, Math.min(until, o.now) - CLOUDTRAIL_LAG_MS);
  const known = new Set(ledgerEvents.map((e) => e.eventId));
  const read: ChurnRead =
    typeof o.cloudTrail === "function"
      ? o.cloudTrail
      : (f, t) => cloudTrailChurn(o.cloudTrail as CloudTrailClient, f, t);
  const tail = (await read(from, o.now)).filter((e) => !known.has(e.eventId)).map(churnEventOfTrail);
  const joined = until !== null && completeSince !== null && from <= until;
  return {
    events: [...ledgerEvents, ...tail],
    coverage: {
      completeSince: joined ? completeSince : from,
      sources: [ledgerSource, `cloudtrail from ${isoDate(from)}`],
    },
    tail: { events: tail, from, until: cloudTrailSpan(o.now, o.windowDays).until },
  };
}

/**
 * The same, in the shape the CLI's window and the pack take a history source in ({ load({ now, windowDays }) }).
 * With `cloudTrail`, it covers the days since the last sync itself: no separate CloudTrail source is needed (one
 * would only add events ChurnHistory merges by number id).
 */
export function ledgerSource(ledger: LedgerAdmin, scope: LedgerScope, cloudTrail?: CloudTrailClient) {
  return {
    load: (window: { now: number; windowDays: number }) => ledgerHistory(ledger, scope, { ...window, cloudTrail }),
  };
}

/** A standing assertion the gates cannot trust (exit 3 in the CLI): the message names it and the fix. */
export class FutureAssertionError extends Error {}

/**
 * An assertion made for an instant after it was made (recorded before `ledger init` refused them) claims to know
 * churn still to come: judging on it would skip what CloudTrail shows since the last sync.
 */
function futureAssertionError(a: LedgerStatus["assertions"][number]): FutureAssertionError {
  return new FutureAssertionError(
    `the assertion by ${a.by} at ${isoDate(a.at)} that the account had no churn before ${isoDate(a.since)} was made for an instant still to come, so no gate can trust it: ` +
      `take it back with \`connect-numbers ledger retract --history-complete-since ${isoDate(a.since)}\` (recorded with who and when), ` +
      "then assert an instant in the past with `ledger init --history-complete-since`",
  );
}

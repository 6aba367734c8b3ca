import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { churnEventOfTrail, cloudTrailChurn, loadHistory } from "../aws/history";
import { ChurnEvent, HistoryCoverage, cloudTrailSpan, mergeCoverage } from "../core";
import { ChurnRead, LedgerAdmin, LedgerScope, ledgerHistory } from "../ledger";

/** Where a gate's history comes from: files, then a ledger (with CloudTrail since its last sync) or CloudTrail alone. */
export interface HistoryRequest {
  /** The service's clock, or a what-if instant: the window ends here. */
  now: number;
  windowDays: number;
  /** Absolute paths of history files: each vouches for the whole window. */
  files: readonly string[];
  cloudTrail?: CloudTrailClient;
  ledger?: { ledger: LedgerAdmin; scope: LedgerScope };
  /**
   * Read CloudTrail's whole span (cloudTrailSpan) in one read, and take the ledger's tail from it: what the guard
   * imports then holds an event CloudTrail delivered later than its lag, after the ledger's span had passed it (the
   * gates, reading only the tail, miss it until a sync: README, "Limits we know"). The coverage is the tail's either
   * way, so every face says the same sentence.
   */
  wholeCloudTrail?: boolean;
}

export interface AccountHistory {
  events: ChurnEvent[];
  coverage: HistoryCoverage;
  /**
   * What the files and CloudTrail showed that the ledger does not hold, and the span those reads vouch for: the
   * provider's guard counts in its ledger, so it imports them (each once, by id) and its ledger then sees what the
   * gates see.
   */
  beyondLedger?: { events: ChurnEvent[]; from: number; until: number };
}

/** Which source failed, so each face can name it in its own dialect (exit 3, the pack's "cannot read"). */
export class HistorySourceError extends Error {
  constructor(
    readonly source: "file" | "ledger" | "cloudtrail",
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "HistorySourceError";
  }
}

/**
 * The window's history for the pack and `check`, read one way: the files, and the ledger when there is one (it
 * covers the days since its last sync from CloudTrail itself, and its events carry the CloudTrail ids they dedupe
 * by), else CloudTrail's span (core's cloudTrailSpan). Coverage is the earliest instant the sources together vouch
 * for. The provider's guard reads the same way and imports what lies beyond its ledger (provider/runtime/guard.ts).
 */
export async function readHistory(r: HistoryRequest): Promise<AccountHistory> {
  const window = { now: r.now, windowDays: r.windowDays };
  const fromFiles =
    r.files.length > 0 ? await loadHistory({ ...window, files: [...r.files] }).catch(fail("file")) : undefined;
  const span = cloudTrailSpan(r.now, r.windowDays);
  const whole =
    r.wholeCloudTrail && r.ledger && r.cloudTrail
      ? await cloudTrailChurn(r.cloudTrail, span.from, r.now).catch(fail("cloudtrail"))
      : undefined;
  const trail: CloudTrailClient | ChurnRead | undefined = whole
    ? async (from, to) => whole.filter((e) => e.at >= from && e.at <= to)
    : r.cloudTrail;
  const fromLedger = r.ledger
    ? await ledgerHistory(r.ledger.ledger, r.ledger.scope, { ...window, cloudTrail: trail }).catch(fail("ledger"))
    : undefined;
  const fromCloudTrail =
    !r.ledger && r.cloudTrail
      ? await loadHistory({ ...window, cloudTrail: r.cloudTrail }).catch(fail("cloudtrail"))
      : undefined;
  const parts = [fromFiles, fromLedger, fromCloudTrail].filter((p): p is AccountHistory => p !== undefined);
  const spans = [
    ...(fromFiles ? [{ events: fromFiles.events, from: -Infinity, until: r.now }] : []),
    ...(whole ? [{ events: whole.map(churnEventOfTrail), ...span }] : fromLedger?.tail ? [fromLedger.tail] : []),
    ...(fromCloudTrail ? [{ events: fromCloudTrail.events, ...span }] : []),
  ];
  const beyondLedger =
    spans.length === 0
      ? undefined
      : {
          events: spans.flatMap((s) => s.events),
          from: Math.min(...spans.map((s) => s.from)),
          until: Math.max(...spans.map((s) => s.until)),
        };
  return {
    events: parts.flatMap((p) => p.events),
    coverage: mergeCoverage(parts.map((p) => p.coverage)),
    beyondLedger,
  };
}

function fail(source: HistorySourceError["source"]) {
  return (err: unknown): never => {
    throw new HistorySourceError(source, err);
  };
}

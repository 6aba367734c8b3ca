import { DAY_MS } from "./settings";
import { isoDate, plural } from "./explain";
import type { FutureStamped } from "./history";

/**
 * How much of the churn window the history sources saw. CloudTrail answers for 90 days, the window is usually 180:
 * days no source saw may hold churn nobody counted. Every verdict says how much it saw.
 */
export interface HistoryCoverage {
  /**
   * Every claim and release at or after this instant (epoch ms) is in the history. -Infinity: all of it (a history
   * file, or an assertion that the account had no churn before). null: nothing is known.
   */
  completeSince: number | null;
  /**
   * The history is complete up to this instant only (a ledger read without CloudTrail: churn since its last sync is
   * not in it). Absent: up to now.
   */
  completeUntil?: number;
  /** Where the history came from: "cloudtrail", "ledger dynamodb:…", a file name, … */
  sources: string[];
  /** Events stamped after now, counted as now (futureAsNow in core/history.ts): said with the coverage. */
  futureStamped?: FutureStamped;
}

/** CloudTrail LookupEvents answers for management events of the last 90 days (CloudTrail user guide). */
export const CLOUDTRAIL_DAYS = 90;

/**
 * CloudTrail's far edge moves while a read pages through it: an event within this margin of the 90 days may age out
 * between the query and the verdict, so a read vouches only for what lies an hour inside its reach.
 */
export const CLOUDTRAIL_EDGE_MARGIN_MS = 60 * 60_000;

/**
 * CloudTrail shows an event within minutes (AWS: "typically within 5 minutes", not guaranteed); we assume 15. A span
 * recorded as complete (a sync, the guard's import) stops this long before the read, and the next read starts there.
 */
export const CLOUDTRAIL_LAG_MS = 15 * 60_000;

/**
 * What one CloudTrail read at `now` vouches for, the one rule for the provider's guard, the pack, the CLI and the
 * ledger: from the later of the window's start and CloudTrail's reach (90 days less the edge margin), until the
 * lag before `now`. A gate counts the events CloudTrail shows up to `now` (more events are the safe side) and takes
 * `from` as the instant its history is complete since; the last minutes' undelivered events are the assumption
 * stated above. Without `windowDays`, the whole reach (what `ledger sync` imports).
 */
export function cloudTrailSpan(now: number, windowDays: number = Infinity): { from: number; until: number } {
  const reach = now - CLOUDTRAIL_DAYS * DAY_MS + CLOUDTRAIL_EDGE_MARGIN_MS;
  return { from: Math.max(reach, now - windowDays * DAY_MS), until: now - CLOUDTRAIL_LAG_MS };
}

/** Whether unseen days of the window refuse (fail closed) or only warn. One setting for the provider, the pack and the CLI. */
export type UnseenHistoryPolicy = "refuse" | "warn";
export const UNSEEN_HISTORY_POLICIES: readonly UnseenHistoryPolicy[] = ["refuse", "warn"];

/** The part of the window (now - W, now] before completeSince or after completeUntil, in ms: what no source saw. */
export function unseenMs(coverage: HistoryCoverage, now: number, windowDays: number): number {
  const window = windowDays * DAY_MS;
  if (coverage.completeSince === null) return window;
  const from = Math.max(coverage.completeSince, now - window);
  const until = Math.min(coverage.completeUntil ?? now, now);
  return window - Math.max(0, until - from);
}

/**
 * Whether days of the window no source saw leave a plan unjudged: only a plan that claims or releases, and never
 * one whose own churn is over the whole limit (that verdict needs no history: it is over whatever those days hold).
 * One rule for the pack, `check` and `plan-waves`; the guard judges one operation at a time, each with churn.
 */
export function unseenLeavesUnjudged(
  unseen: number,
  planned: { claims: number; releases: number },
  limit: number,
): boolean {
  const churn = planned.claims + planned.releases;
  return unseen > 0 && churn > 0 && churn <= limit;
}

/** Combines sources: each covers from its own instant, so together they cover from the earliest that is complete. */
export function mergeCoverage(parts: HistoryCoverage[]): HistoryCoverage {
  const complete = parts.filter((p) => p.completeSince !== null);
  const sources = parts.flatMap((p) => p.sources);
  if (complete.length === 0) return { completeSince: null, sources };
  // One source that sees up to now leaves no end unseen; else the latest end any of them reaches.
  const ends = complete.map((p) => p.completeUntil ?? Infinity);
  const until = Math.max(...ends);
  return {
    completeSince: Math.min(...complete.map((p) => p.completeSince!)),
    ...(until === Infinity ? {} : { completeUntil: until }),
    sources,
  };
}

/** "history complete since 2026-06-01T00:00:00.000Z (cloudtrail)" or "91 of the 180 days of the window unseen (…)". */
export function describeCoverage(coverage: HistoryCoverage, now: number, windowDays: number): string {
  const future = coverage.futureStamped;
  const note = future
    ? `; ${plural(future.count, "event")} stamped after now (the latest ${isoDate(future.latest)}, in ${future.source ?? "a history source"}) counted as now`
    : "";
  return seenWords(coverage, now, windowDays) + note;
}

function seenWords(coverage: HistoryCoverage, now: number, windowDays: number): string {
  const from = coverage.sources.length > 0 ? coverage.sources.join(", ") : "no history source";
  const unseen = unseenMs(coverage, now, windowDays);
  if (unseen === 0) {
    return coverage.completeSince === null || coverage.completeSince === -Infinity
      ? `history complete for the whole ${windowDays}-day window (${from})`
      : `history complete since ${isoDate(coverage.completeSince)} (${from})`;
  }
  const since = coverage.completeSince;
  const gaps =
    since === null
      ? []
      : [
          ...(since > now - windowDays * DAY_MS ? [`before ${isoDate(since)}`] : []),
          ...(coverage.completeUntil !== undefined && coverage.completeUntil < now
            ? [`after ${isoDate(coverage.completeUntil)}`]
            : []),
        ];
  const where = gaps.length > 0 ? `, ${gaps.join(" and ")}` : "";
  return `${unseenAmount(unseen)} of the ${windowDays} days of the window unseen${where} (${from}): churn there is not counted`;
}

/** Whole days, rounded up; a span under a day in hours, under an hour in minutes (never "1 day" for 13 minutes). */
function unseenAmount(ms: number): string {
  return ms >= DAY_MS ? String(Math.ceil(ms / DAY_MS)) : unseenSpan(ms);
}

/**
 * The unseen part of the window in the unit the coverage sentence uses: "3 days", "2 hours", "7 minutes". Headlines
 * say it in these words, so they never say "1 day" where the sentence says "7 minutes".
 */
export function unseenSpan(ms: number): string {
  if (ms >= DAY_MS) return plural(Math.ceil(ms / DAY_MS), "day");
  if (ms >= 60 * 60_000) return plural(Math.ceil(ms / (60 * 60_000)), "hour");
  return plural(Math.ceil(ms / 60_000), "minute");
}

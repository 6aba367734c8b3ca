import { DAY_MS } from "./settings";
import { isoDate } from "./explain";

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
  /** Where the history came from: "cloudtrail", "ledger dynamodb:…", a file name, … */
  sources: string[];
}

/** Whether unseen days of the window refuse (fail closed) or only warn. One setting for the provider, the pack and the CLI. */
export type UnseenHistoryPolicy = "refuse" | "warn";
export const UNSEEN_HISTORY_POLICIES: readonly UnseenHistoryPolicy[] = ["refuse", "warn"];

/** The part of the window (now - W, now] before completeSince, in ms: what no source saw. */
export function unseenMs(coverage: HistoryCoverage, now: number, windowDays: number): number {
  const windowStart = now - windowDays * DAY_MS;
  if (coverage.completeSince === null) return windowDays * DAY_MS;
  return Math.max(0, Math.min(coverage.completeSince, now) - windowStart);
}

/** Combines sources: each covers from its own instant, so together they cover from the earliest that is complete. */
export function mergeCoverage(parts: HistoryCoverage[]): HistoryCoverage {
  const starts = parts.map((p) => p.completeSince).filter((s): s is number => s !== null);
  return { completeSince: starts.length === 0 ? null : Math.min(...starts), sources: parts.flatMap((p) => p.sources) };
}

/** "history complete since 2026-06-01T00:00:00.000Z (cloudtrail)" or "90 of the 180 days of the window unseen (…)". */
export function describeCoverage(coverage: HistoryCoverage, now: number, windowDays: number): string {
  const from = coverage.sources.length > 0 ? coverage.sources.join(", ") : "no history source";
  const unseen = unseenMs(coverage, now, windowDays);
  if (unseen === 0) {
    return coverage.completeSince === null || coverage.completeSince === -Infinity
      ? `history complete for the whole ${windowDays}-day window (${from})`
      : `history complete since ${isoDate(coverage.completeSince)} (${from})`;
  }
  const days = Math.ceil(unseen / DAY_MS);
  const until = coverage.completeSince === null ? "" : `, before ${isoDate(coverage.completeSince)}`;
  return `${days} of the ${windowDays} days of the window unseen${until} (${from}): churn there is not counted`;
}

import { DEFAULT_DEDUPE_TOLERANCE_MS } from "./settings";
import { sortedOrder } from "./sort";

export type ChurnAction = "claim" | "release";

/** One claim, release or import (imports count as claims) at an instant, as one source recorded it. */
export interface ChurnEvent {
  /** Epoch milliseconds, UTC. */
  at: number;
  action: ChurnAction;
  phoneNumber?: string;
  phoneNumberId?: string;
  /** Where the record came from ("cloudtrail", a file name, …); two sources may record one event. */
  source?: string;
}

export interface HistoryOptions {
  /** Two records of one identity and action this close in time are one event. */
  dedupeToleranceMs?: number;
}

/**
 * The churn events of an account, deduplicated and sorted once so that window counts and
 * "when does budget free up" are binary searches.
 */
export class ChurnHistory {
  readonly events: readonly ChurnEvent[];
  private readonly times: Float64Array;

  private constructor(events: ChurnEvent[]) {
    this.events = events;
    this.times = Float64Array.from(events, (e) => e.at);
  }

  static build(events: Iterable<ChurnEvent>, options: HistoryOptions = {}): ChurnHistory {
    const tolerance = options.dedupeToleranceMs ?? DEFAULT_DEDUPE_TOLERANCE_MS;
    const input = Array.isArray(events) ? (events as ChurnEvent[]) : Array.from(events);
    const order = sortedOrder(Float64Array.from(input, (e) => e.at));
    const sorted: ChurnEvent[] = new Array(input.length);
    for (let i = 0; i < order.length; i++) sorted[i] = input[order[i]];
    return new ChurnHistory(deduplicate(sorted, tolerance));
  }

  get size(): number {
    return this.times.length;
  }

  /** Number of events at or before `t`. */
  countAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Events in the half-open window (t - windowMs, t]: an event exactly windowMs old no longer counts.
   * Events after `t` have not happened yet at `t`.
   */
  countInWindow(t: number, windowMs: number): number {
    return this.countAtOrBefore(t) - this.countAtOrBefore(t - windowMs);
  }

  /**
   * The earliest instant >= now at which at most `allowed` of the events known at `now` are still in the
   * window, or null when `allowed` is negative (no instant ever fits).
   */
  earliestWithAtMost(allowed: number, now: number, windowMs: number): number | null {
    if (allowed < 0) return null;
    const known = this.countAtOrBefore(now);
    const mustAgeOut = known - allowed;
    if (mustAgeOut <= 0) return now;
    return Math.max(now, this.times[mustAgeOut - 1] + windowMs);
  }

  /** The oldest and newest event instants, or null for an empty history. */
  span(): { oldest: number; newest: number } | null {
    if (this.times.length === 0) return null;
    return { oldest: this.times[0], newest: this.times[this.times.length - 1] };
  }
}

function deduplicate(sorted: ChurnEvent[], tolerance: number): ChurnEvent[] {
  const kept: ChurnEvent[] = [];
  let windowStart = 0;
  for (const event of sorted) {
    while (windowStart < kept.length && kept[windowStart].at < event.at - tolerance) windowStart++;
    let duplicateOf: ChurnEvent | undefined;
    for (let i = kept.length - 1; i >= windowStart; i--) {
      if (sameEvent(kept[i], event)) {
        duplicateOf = kept[i];
        break;
      }
    }
    if (!duplicateOf) {
      kept.push(event);
    } else if (
      (duplicateOf.phoneNumber === undefined && event.phoneNumber !== undefined) ||
      (duplicateOf.phoneNumberId === undefined && event.phoneNumberId !== undefined)
    ) {
      // Keep what each record knows, in a copy: the caller's events are never modified.
      const merged: ChurnEvent = {
        ...duplicateOf,
        phoneNumber: duplicateOf.phoneNumber ?? event.phoneNumber,
        phoneNumberId: duplicateOf.phoneNumberId ?? event.phoneNumberId,
      };
      kept[kept.lastIndexOf(duplicateOf)] = merged;
    }
  }
  return kept;
}

/**
 * Records are one event when they share an identity (id or number) and action within the tolerance. Records
 * that cannot be compared by identity merge only across sources and at the same instant: one source may
 * legitimately record two anonymous events at one time.
 */
function sameEvent(a: ChurnEvent, b: ChurnEvent): boolean {
  if (a.action !== b.action) return false;
  const comparableId = a.phoneNumberId !== undefined && b.phoneNumberId !== undefined;
  const comparableNumber = a.phoneNumber !== undefined && b.phoneNumber !== undefined;
  if (comparableId || comparableNumber) {
    if (comparableId && a.phoneNumberId !== b.phoneNumberId) return false;
    if (comparableNumber && a.phoneNumber !== b.phoneNumber) return false;
    return true;
  }
  return a.at === b.at && a.source !== b.source;
}

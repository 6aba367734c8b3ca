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
  /** The source's own id of the event (CloudTrail's EventId, the ledger's entry id), when it has one. */
  eventId?: string;
  /**
   * A ledger's slot for an operation whose deployment has not said what AWS did (still running, or died): counted
   * until a sync matches it to AWS's record or, past the grace, frees it.
   */
  reservation?: true;
}

/**
 * The one rule for what names a number or an event: a string with something in it. A blank ("", spaces) names
 * nothing, so two records that carry only blanks are never one event (twelve anonymous releases within a minute
 * once counted as one). Every source's records go through here before anything compares them; the edges that
 * read AWS, files or the emulator normalise with it too.
 */
export function identity(value: string | null | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The event with blank identities removed (a copy only when something changes). */
export function withIdentities(e: ChurnEvent): ChurnEvent {
  const phoneNumber = identity(e.phoneNumber);
  const phoneNumberId = identity(e.phoneNumberId);
  const eventId = identity(e.eventId);
  if (phoneNumber === e.phoneNumber && phoneNumberId === e.phoneNumberId && eventId === e.eventId) return e;
  const out: ChurnEvent = { at: e.at, action: e.action };
  if (phoneNumber !== undefined) out.phoneNumber = phoneNumber;
  if (phoneNumberId !== undefined) out.phoneNumberId = phoneNumberId;
  if (e.source !== undefined) out.source = e.source;
  if (eventId !== undefined) out.eventId = eventId;
  return out;
}

/** Events a read found stamped after now: how many, the latest stamp, and where that one came from. */
export interface FutureStamped {
  count: number;
  latest: number;
  source?: string;
}

/**
 * The one rule for an event stamped after now, in every face: history written elsewhere (a provider on another
 * machine, a ledger, a hand-kept file) can be stamped after the reader's now when clocks disagree or a year was
 * mistyped. Such an event has happened; left out as "not yet" it would let through a plan the budget cannot hold.
 * So it counts as happening now (the safe side), and the coverage says so once (describeCoverage), naming the latest
 * stamp and its source so a typo can be found. Only a what-if instant chosen on purpose (`check --now`) skips it.
 */
export function futureAsNow(
  events: readonly ChurnEvent[],
  now: number,
): { events: ChurnEvent[]; future?: FutureStamped } {
  const future = events.filter((e) => e.at > now);
  if (future.length === 0) return { events: [...events] };
  const latest = future.reduce((a, b) => (b.at > a.at ? b : a));
  return {
    events: events.map((e) => (e.at > now ? { ...e, at: now } : e)),
    future: { count: future.length, latest: latest.at, ...(latest.source ? { source: latest.source } : {}) },
  };
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

  private constructor(events: ChurnEvent[], times: Float64Array) {
    this.events = events;
    this.times = times;
  }

  static build(events: Iterable<ChurnEvent>, options: HistoryOptions = {}): ChurnHistory {
    const tolerance = options.dedupeToleranceMs ?? DEFAULT_DEDUPE_TOLERANCE_MS;
    const input = linkIdentities(Array.from(events, withIdentities));
    const times = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) times[i] = input[i].at;
    const order = sortedOrder(times);
    const kept: ChurnEvent[] = [];
    const keptTimes = new Float64Array(input.length);
    // One source's own id of an event (CloudTrail's EventId) names it wherever it is seen, at any time.
    const byEventId = new Map<string, number>();
    let windowStart = 0;
    for (let i = 0; i < order.length; i++) {
      const event = input[order[i]];
      const at = times[order[i]];
      while (windowStart < kept.length && keptTimes[windowStart] < at - tolerance) windowStart++;
      let duplicate = event.eventId === undefined ? -1 : (byEventId.get(event.eventId) ?? -1);
      for (let j = kept.length - 1; duplicate < 0 && j >= windowStart; j--) {
        if (sameEvent(kept[j], event)) duplicate = j;
      }
      if (duplicate < 0) {
        keptTimes[kept.length] = at;
        kept.push(event);
        duplicate = kept.length - 1;
      } else {
        kept[duplicate] = merged(kept[duplicate], event);
      }
      if (event.eventId !== undefined) byEventId.set(event.eventId, duplicate);
    }
    return new ChurnHistory(kept, keptTimes.slice(0, kept.length));
  }

  /** The same history without these events (kept ones, by identity): what a plan's operations stand for instead. */
  without(drop: ReadonlySet<ChurnEvent>): ChurnHistory {
    if (drop.size === 0) return this;
    const kept = this.events.filter((e) => !drop.has(e));
    return new ChurnHistory(
      kept,
      Float64Array.from(kept, (e) => e.at),
    );
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
   * Events after `t`, future-stamped ones included: what an apply-time guard counts against (now - W). Its own
   * operations carry a clock that can step back, and must never drop out of the count for being "later" than a
   * fresh reading of now.
   */
  countAfter(t: number): number {
    return this.times.length - this.countAtOrBefore(t);
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
}

/** Keeps what each record knows, in a copy: the caller's events are never modified. */
function merged(kept: ChurnEvent, other: ChurnEvent): ChurnEvent {
  const gains = (k: "phoneNumber" | "phoneNumberId" | "eventId") => kept[k] === undefined && other[k] !== undefined;
  // A reservation another source records is an event that happened: no longer only reserved.
  const matched = kept.reservation && !other.reservation;
  if (!gains("phoneNumber") && !gains("phoneNumberId") && !gains("eventId") && !matched) return kept;
  const base = { ...kept };
  if (matched) delete base.reservation;
  return {
    ...base,
    phoneNumber: kept.phoneNumber ?? other.phoneNumber,
    phoneNumberId: kept.phoneNumberId ?? other.phoneNumberId,
    eventId: kept.eventId ?? other.eventId,
  };
}

/**
 * Gives a record that names only the number (or only the id) the other name, where another record ties the two
 * one-to-one: a file that knows "+1800…" and CloudTrail that knows "pn-1" then recognise one event. A number held
 * under several ids over time (released, claimed again) is left as it is: guessing could merge two events.
 */
function linkIdentities(events: ChurnEvent[]): ChurnEvent[] {
  const idsOf = new Map<string, Set<string>>();
  const numbersOf = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.phoneNumber === undefined || e.phoneNumberId === undefined) continue;
    if (!idsOf.has(e.phoneNumber)) idsOf.set(e.phoneNumber, new Set());
    idsOf.get(e.phoneNumber)!.add(e.phoneNumberId);
    if (!numbersOf.has(e.phoneNumberId)) numbersOf.set(e.phoneNumberId, new Set());
    numbersOf.get(e.phoneNumberId)!.add(e.phoneNumber);
  }
  if (idsOf.size === 0) return events;
  const only = (set: Set<string> | undefined) => (set && set.size === 1 ? [...set][0] : undefined);
  return events.map((e) => {
    if (e.phoneNumber !== undefined && e.phoneNumberId === undefined) {
      const id = only(idsOf.get(e.phoneNumber));
      return id !== undefined && only(numbersOf.get(id)) === e.phoneNumber ? { ...e, phoneNumberId: id } : e;
    }
    if (e.phoneNumberId !== undefined && e.phoneNumber === undefined) {
      const n = only(numbersOf.get(e.phoneNumberId));
      return n !== undefined && only(idsOf.get(n)) === e.phoneNumberId ? { ...e, phoneNumber: n } : e;
    }
    return e;
  });
}

/**
 * Records are one event when they share an identity (id or number) and action within the tolerance, and are not
 * told apart by ids their one source gave them. Records with nothing to compare are kept apart: counting an event
 * twice errs on the safe side, merging two events would hide one.
 */
function sameEvent(a: ChurnEvent, b: ChurnEvent): boolean {
  if (a.action !== b.action) return false;
  if (a.eventId !== undefined && b.eventId !== undefined && a.source === b.source) return a.eventId === b.eventId;
  const comparableId = a.phoneNumberId !== undefined && b.phoneNumberId !== undefined;
  const comparableNumber = a.phoneNumber !== undefined && b.phoneNumber !== undefined;
  if (!comparableId && !comparableNumber) return false;
  if (comparableId && a.phoneNumberId !== b.phoneNumberId) return false;
  if (comparableNumber && a.phoneNumber !== b.phoneNumber) return false;
  return true;
}

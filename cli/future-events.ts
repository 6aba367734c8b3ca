import { ChurnEvent, isoDate, plural } from "../core";

/**
 * Without --now, "now" is a clock reading, and history written elsewhere (a provider on another machine, a ledger, a
 * hand-kept file) can be stamped after it: the clocks disagree, or a year was mistyped. Such an event has happened;
 * left out as "not yet" it would let through a plan the budget cannot hold. It counts as happening now, and the
 * verdict says so, naming the latest stamp and where it came from, so a typo can be found and fixed.
 */
export function futureAsNow(events: readonly ChurnEvent[], now: number): { events: ChurnEvent[]; note?: string } {
  const future = events.filter((e) => e.at > now);
  if (future.length === 0) return { events: [...events] };
  const latest = future.reduce((a, b) => (b.at > a.at ? b : a));
  const note = `${plural(future.length, "event")} stamped after this machine's clock (the latest ${isoDate(latest.at)}, in ${latest.source ?? "a history source"}) counted as now`;
  return { events: events.map((e) => (e.at > now ? { ...e, at: now } : e)), note };
}

import { ChurnEvent } from "../history";

/** Brute force: replays the timeline event by event. */
export function oracleCount(events: readonly { at: number }[], t: number, windowMs: number): number {
  let n = 0;
  for (const e of events) if (e.at > t - windowMs && e.at <= t) n++;
  return n;
}

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 0, 1);

export function events(times: number[], action: ChurnEvent["action"] = "release"): ChurnEvent[] {
  return times.map((at) => ({ at, action }));
}

import { ChurnEvent, ChurnHistory, defaultRule, evaluate, claimOf, releaseOf } from "../core";
import { Benchmark } from "./figures";

const DAY = 86_400_000;
const EVENTS = 1_000_000;
const QUERIES = 10_000;

/** A deterministic pseudo-random timeline (xorshift) over 400 days, with a fifth recorded twice by a second source. */
function timeline(now: number): ChurnEvent[] {
  let x = 0x9e3779b9;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 0x100000000);
  const events: ChurnEvent[] = [];
  for (let i = 0; events.length < EVENTS; i++) {
    const e: ChurnEvent = {
      at: now - Math.floor(next() * 400 * DAY),
      action: next() < 0.5 ? "claim" : "release",
      phoneNumberId: `pn-${i}`,
      source: "cloudtrail",
    };
    events.push(e);
    if (i % 5 === 0 && events.length < EVENTS) events.push({ ...e, at: e.at + 1_000, source: "history.jsonl" });
  }
  return events;
}

export const coreHistory: Benchmark = {
  name: "core history",
  async run() {
    const now = Date.UTC(2026, 10, 24);
    const events = timeline(now);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const history = ChurnHistory.build(events);
    const rule = defaultRule({ quota: 400_000 });
    const plan = { operations: [claimOf("urn:a", "create"), releaseOf("urn:b", "delete")] };
    const first = evaluate({ history, plan, rule, now });
    const buildAndFirst = performance.now() - started;
    // Collect the garbage of the build, keeping the history: what is left is what it holds.
    global.gc?.();
    const heapUsed = process.memoryUsage().heapUsed - heapBefore;

    const queryStart = performance.now();
    let checksum = first.used;
    for (let i = 0; i < QUERIES; i++) {
      const v = evaluate({ history, plan, rule: { ...rule, quota: 100_000 + i * 37 }, now: now - (i % 200) * DAY });
      checksum += v.freesAt ?? 0;
    }
    const queries = performance.now() - queryStart;
    if (!Number.isFinite(checksum)) throw new Error("unreachable: keeps the loop from being optimised away");
    return [
      {
        name: `build from ${EVENTS.toLocaleString("en")} events + first verdict`,
        value: buildAndFirst,
        unit: "ms",
        target: "<= 1000 ms",
      },
      { name: `${QUERIES.toLocaleString("en")} verdict + freesAt queries`, value: queries, unit: "ms" },
      { name: "per query", value: (queries / QUERIES) * 1000, unit: "µs" },
      { name: "heap held by the history", value: heapUsed / 1048576, unit: "MiB" },
      { name: "events after deduplication", value: history.size, unit: "events" },
    ];
  },
};

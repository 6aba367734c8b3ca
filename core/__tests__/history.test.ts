import fc from "fast-check";
import { ChurnHistory } from "../history";
import { DAY, T0, oracleCount } from "./oracle";

const timeline = fc.array(fc.integer({ min: 0, max: 400 * DAY }).map((x) => T0 + x), { maxLength: 200 });

describe("ChurnHistory", () => {
  it("counts the half-open window (t - W, t] exactly as a replay does", () => {
    fc.assert(
      fc.property(timeline, fc.integer({ min: 0, max: 500 * DAY }), fc.integer({ min: 1, max: 200 }), (times, dt, days) => {
        const history = ChurnHistory.build(times.map((at, i) => ({ at, action: "claim", phoneNumberId: `id-${i}` })));
        const t = T0 + dt;
        expect(history.countInWindow(t, days * DAY)).toBe(oracleCount(times.map((at) => ({ at })), t, days * DAY));
      }),
    );
  });

  it("stops counting an event exactly W days old, and counts it 1 ms before", () => {
    const history = ChurnHistory.build([{ at: T0, action: "release", phoneNumberId: "a" }]);
    expect(history.countInWindow(T0 + 180 * DAY, 180 * DAY)).toBe(0);
    expect(history.countInWindow(T0 + 180 * DAY - 1, 180 * DAY)).toBe(1);
    expect(history.countInWindow(T0 + 30 * DAY, 30 * DAY)).toBe(0);
    expect(history.countInWindow(T0 - 1, 30 * DAY)).toBe(0);
  });

  it("earliestWithAtMost finds the first instant with at most k events, and no earlier one", () => {
    fc.assert(
      fc.property(timeline, fc.integer({ min: 0, max: 250 }), fc.integer({ min: 1, max: 200 }), (times, k, days) => {
        const windowMs = days * DAY;
        const now = T0 + 400 * DAY;
        const history = ChurnHistory.build(times.map((at, i) => ({ at, action: "claim", phoneNumberId: `id-${i}` })));
        const at = history.earliestWithAtMost(k, now, windowMs);
        const known = times.filter((x) => x <= now).map((x) => ({ at: x }));
        expect(at).not.toBeNull();
        expect(oracleCount(known, at!, windowMs)).toBeLessThanOrEqual(k);
        if (at! > now) expect(oracleCount(known, at! - 1, windowMs)).toBeGreaterThan(k);
      }),
    );
    expect(ChurnHistory.build([]).earliestWithAtMost(-1, T0, DAY)).toBeNull();
  });

  it("counts one event once when two sources record it", () => {
    const history = ChurnHistory.build([
      { at: T0, action: "release", phoneNumberId: "pn-1", source: "cloudtrail" },
      { at: T0 + 2_000, action: "release", phoneNumberId: "pn-1", phoneNumber: "+18005550100", source: "history.jsonl" },
      { at: T0 + 5_000, action: "claim", phoneNumberId: "pn-1", source: "cloudtrail" },
    ]);
    expect(history.size).toBe(2);
    expect(history.events[0]).toMatchObject({ phoneNumberId: "pn-1", phoneNumber: "+18005550100" });
  });

  it("keeps records of different numbers, records far apart in time, and anonymous records of one source", () => {
    const history = ChurnHistory.build([
      { at: T0, action: "claim", phoneNumber: "+18005550100" },
      { at: T0, action: "claim", phoneNumber: "+18005550101" },
      { at: T0 + 5, action: "claim", phoneNumberId: "x", source: "a" },
      { at: T0 + 10 * 60_000, action: "claim", phoneNumberId: "x", source: "b" },
      { at: T0 + 1, action: "release", source: "file" },
      { at: T0 + 1, action: "release", source: "file" },
      { at: T0 + 1, action: "release", source: "cloudtrail" },
    ]);
    expect(history.size).toBe(6);
  });

  it("merges a number-only and an id-only record of one instant from two sources (a file and CloudTrail)", () => {
    const history = ChurnHistory.build([
      { at: T0, action: "claim", phoneNumber: "+18005550100", source: "file" },
      { at: T0, action: "claim", phoneNumberId: "pn-9", source: "cloudtrail" },
    ]);
    expect(history.size).toBe(1);
  });

  it("is independent of the order events arrive in", () => {
    fc.assert(
      fc.property(timeline, (times) => {
        const evs = times.map((at, i) => ({ at, action: "claim" as const, phoneNumberId: `id-${i % 7}` }));
        const a = ChurnHistory.build(evs);
        const b = ChurnHistory.build([...evs].reverse());
        expect(a.size).toBe(b.size);
        expect(a.events.map((e) => e.at)).toEqual(b.events.map((e) => e.at));
      }),
    );
  });
});

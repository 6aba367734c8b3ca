import fc from "fast-check";
import { ChurnEvent, ChurnHistory, identity } from "../history";
import { DAY, T0, oracleCount } from "./oracle";

const timeline = fc.array(
  fc.integer({ min: 0, max: 400 * DAY }).map((x) => T0 + x),
  { maxLength: 200 },
);

describe("ChurnHistory", () => {
  it("counts the half-open window (t - W, t] exactly as a replay does", () => {
    fc.assert(
      fc.property(
        timeline,
        fc.integer({ min: 0, max: 500 * DAY }),
        fc.integer({ min: 1, max: 200 }),
        (times, dt, days) => {
          const history = ChurnHistory.build(times.map((at, i) => ({ at, action: "claim", phoneNumberId: `id-${i}` })));
          const t = T0 + dt;
          expect(history.countInWindow(t, days * DAY)).toBe(
            oracleCount(
              times.map((at) => ({ at })),
              t,
              days * DAY,
            ),
          );
        },
      ),
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
      {
        at: T0 + 2_000,
        action: "release",
        phoneNumberId: "pn-1",
        phoneNumber: "+18005550100",
        source: "history.jsonl",
      },
      { at: T0 + 5_000, action: "claim", phoneNumberId: "pn-1", source: "cloudtrail" },
    ]);
    expect(history.size).toBe(2);
    expect(history.events[0]).toMatchObject({ phoneNumberId: "pn-1", phoneNumber: "+18005550100" });
  });

  it("keeps records of different numbers, records far apart in time, and records with nothing to compare", () => {
    const history = ChurnHistory.build([
      { at: T0, action: "claim", phoneNumber: "+18005550100" },
      { at: T0, action: "claim", phoneNumber: "+18005550101" },
      { at: T0 + 5, action: "claim", phoneNumberId: "x", source: "a" },
      { at: T0 + 10 * 60_000, action: "claim", phoneNumberId: "x", source: "b" },
      { at: T0 + 1, action: "release", source: "file" },
      { at: T0 + 1, action: "release", source: "file" },
      { at: T0 + 1, action: "release", source: "cloudtrail" },
    ]);
    expect(history.size).toBe(7);
  });

  it("recognises a number-only and an id-only record of one event when another record ties the number to the id", () => {
    const tied = ChurnHistory.build([
      { at: T0 - DAY, action: "claim", phoneNumber: "+18005550100", phoneNumberId: "pn-9", source: "cloudtrail" },
      { at: T0, action: "release", phoneNumber: "+18005550100", source: "file" },
      { at: T0 + 3_000, action: "release", phoneNumberId: "pn-9", source: "cloudtrail" },
    ]);
    expect(tied.size).toBe(2);
    expect(tied.events[1]).toMatchObject({ phoneNumber: "+18005550100", phoneNumberId: "pn-9" });
    const untied = ChurnHistory.build([
      { at: T0, action: "claim", phoneNumber: "+18005550100", source: "file" },
      { at: T0, action: "claim", phoneNumberId: "pn-9", source: "cloudtrail" },
    ]);
    expect(untied.size).toBe(2);
  });

  it("treats one event id as one event at any distance in time, and two ids of one source as two events", () => {
    const history = ChurnHistory.build([
      { at: T0, action: "claim", phoneNumberId: "pn-1", eventId: "e-1", source: "cloudtrail" },
      { at: T0 + DAY, action: "claim", eventId: "e-1", source: "export.jsonl" },
      { at: T0 + 10, action: "release", phoneNumberId: "pn-2", eventId: "e-2", source: "cloudtrail" },
      { at: T0 + 20, action: "release", phoneNumberId: "pn-2", eventId: "e-3", source: "cloudtrail" },
    ]);
    expect(history.size).toBe(3);
  });

  describe("a blank number, id or event id is no identity", () => {
    const blank = fc.constantFrom("", " ", "\t", undefined);
    const anonymous = fc.record({
      at: fc.integer({ min: 0, max: 120_000 }).map((x) => T0 + x),
      action: fc.constantFrom("claim" as const, "release" as const),
      phoneNumber: blank,
      phoneNumberId: blank,
      eventId: blank,
      source: fc.constantFrom("cloudtrail", "emulator seed", "history.jsonl"),
    });

    it("counts every anonymous record on its own, however close in time and whatever source (twelve outside releases in a minute are twelve)", () => {
      fc.assert(
        fc.property(fc.array(anonymous, { maxLength: 40 }), (records) => {
          const history = ChurnHistory.build(records as ChurnEvent[]);
          expect(history.size).toBe(records.length);
          for (const e of history.events)
            expect([e.phoneNumber, e.phoneNumberId, e.eventId]).toEqual([undefined, undefined, undefined]);
        }),
      );
      const twelve = Array.from({ length: 12 }, (_, i): ChurnEvent => ({
        at: T0 + i * 5_000,
        action: "release",
        phoneNumber: "",
        phoneNumberId: "",
        source: "cloudtrail",
      }));
      expect(ChurnHistory.build(twelve).size).toBe(12);
    });

    it("counts a history with blanks exactly as the same history with the blanks left out", () => {
      const named = fc.record({
        at: fc.integer({ min: 0, max: 120_000 }).map((x) => T0 + x),
        action: fc.constantFrom("claim" as const, "release" as const),
        phoneNumber: fc.oneof(blank, fc.constantFrom("+18005550100", "+18005550101")),
        phoneNumberId: fc.oneof(blank, fc.constantFrom("pn-1", "pn-2")),
        eventId: fc.oneof(blank, fc.constantFrom("e-1", "e-2", "e-3")),
        source: fc.constantFrom("cloudtrail", "ledger", "history.jsonl"),
      });
      fc.assert(
        fc.property(fc.array(named, { maxLength: 30 }), (records) => {
          const cleaned = records.map((r) => ({
            ...r,
            phoneNumber: identity(r.phoneNumber),
            phoneNumberId: identity(r.phoneNumberId),
            eventId: identity(r.eventId),
          }));
          const withBlanks = ChurnHistory.build(records as ChurnEvent[]);
          const without = ChurnHistory.build(cleaned);
          expect(withBlanks.size).toBe(without.size);
          expect(withBlanks.events).toEqual(without.events);
        }),
      );
    });

    it("never changes the caller's records", () => {
      const records: ChurnEvent[] = [{ at: T0, action: "claim", phoneNumber: "", phoneNumberId: "pn-1", eventId: " " }];
      ChurnHistory.build(records);
      expect(records[0]).toEqual({ at: T0, action: "claim", phoneNumber: "", phoneNumberId: "pn-1", eventId: " " });
    });
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

  describe("several sources", () => {
    const TOLERANCE = 60_000;
    // Distinct events: each has its own id and number (a number is held by one id), at any times, however close.
    const events = fc
      .uniqueArray(fc.integer({ min: 0, max: 9_999 }), { maxLength: 40 })
      .chain((keys) =>
        fc.tuple(
          fc.constant(keys),
          fc.array(fc.integer({ min: 0, max: 30 * DAY }), { minLength: keys.length, maxLength: keys.length }),
          fc.array(fc.constantFrom("claim" as const, "release" as const), {
            minLength: keys.length,
            maxLength: keys.length,
          }),
        ),
      )
      .map(([keys, ats, actions]) =>
        keys.map((k, i) => ({
          at: T0 + ats[i],
          action: actions[i],
          phoneNumber: `+1800555${String(k).padStart(4, "0")}`,
          phoneNumberId: `pn-${k}`,
          eventId: `ct-${k}`,
        })),
      );
    // How each source records an event: CloudTrail with its EventId and the id (and the number for a claim), a
    // history file with the number, the id or both, a ledger with its own entry id; each a little late.
    const recording = fc.record({
      inCloudTrail: fc.boolean(),
      fileFields: fc.constantFrom("none", "number", "id", "both"),
      inLedger: fc.boolean(),
      lateness: fc.array(fc.integer({ min: 0, max: TOLERANCE / 2 }), { minLength: 3, maxLength: 3 }),
    });

    it("counts every event exactly once, whichever sources recorded it and in whatever order", () => {
      fc.assert(
        fc.property(
          events,
          fc.array(recording, { minLength: 40, maxLength: 40 }),
          fc.boolean(),
          (evs, how, reverse) => {
            const records: ChurnEvent[] = [];
            let expected = 0;
            evs.forEach((e, i) => {
              const r = how[i];
              const tie = r.inCloudTrail && e.action === "claim";
              const fileHasIdentity = r.fileFields !== "none";
              // Only what can be told apart is asked to merge: a file record needs a shared identity with another.
              const recorded: ChurnEvent[] = [];
              if (r.inCloudTrail)
                recorded.push({
                  at: e.at + r.lateness[0],
                  action: e.action,
                  phoneNumberId: e.phoneNumberId,
                  phoneNumber: e.action === "claim" ? e.phoneNumber : undefined,
                  eventId: e.eventId,
                  source: "cloudtrail",
                });
              if (fileHasIdentity) {
                recorded.push({
                  at: e.at + r.lateness[1],
                  action: e.action,
                  phoneNumber: r.fileFields === "id" ? undefined : e.phoneNumber,
                  phoneNumberId: r.fileFields === "number" ? undefined : e.phoneNumberId,
                  source: "history.jsonl",
                });
              }
              if (r.inLedger)
                recorded.push({
                  at: e.at + r.lateness[2],
                  action: e.action,
                  phoneNumber: e.phoneNumber,
                  phoneNumberId: e.phoneNumberId,
                  eventId: `ledger-${e.eventId}`,
                  source: "ledger",
                });
              if (recorded.length === 0) return;
              records.push(...recorded);
              // A number-only file record and an id-only CloudTrail release, with nothing tying them, stay two.
              const untied = r.fileFields === "number" && r.inCloudTrail && !tie && !r.inLedger;
              expected += untied ? 2 : 1;
            });
            const history = ChurnHistory.build(reverse ? [...records].reverse() : records);
            expect(history.size).toBe(expected);
          },
        ),
        { numRuns: 300 },
      );
    });

    it("never merges two distinct events, even at one instant and from one source", () => {
      fc.assert(
        fc.property(events, fc.boolean(), (evs, sameInstant) => {
          const records = evs.map((e) => ({ ...e, at: sameInstant ? T0 : e.at, source: "cloudtrail" }));
          expect(ChurnHistory.build(records).size).toBe(evs.length);
          const partial = evs.map((e, i) =>
            i % 2 === 0
              ? { at: T0, action: e.action, phoneNumber: e.phoneNumber, source: "file" }
              : { at: T0, action: e.action, phoneNumberId: e.phoneNumberId, source: "cloudtrail" },
          );
          expect(ChurnHistory.build(partial).size).toBe(evs.length);
        }),
      );
    });
  });
});

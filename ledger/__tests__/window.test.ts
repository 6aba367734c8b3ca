import * as fc from "fast-check";
import { randomUUID } from "node:crypto";
import { DAY_MS } from "../../core";
import {
  MAX_WINDOW_BYTES,
  WindowEntry,
  checkSize,
  countedEntries,
  decodeEntries,
  encodeEntries,
  freesAt,
  prune,
} from "../window";

const T = Date.parse("2026-06-01T00:00:00Z");

const entry = fc.record(
  {
    at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    id: fc.oneof(fc.uuid({ version: 4 }), fc.string({ minLength: 1, maxLength: 30 })),
    action: fc.constantFrom("claim" as const, "release" as const),
    state: fc.constantFrom("reserved" as const, "committed" as const, "imported" as const),
    phoneNumberId: fc.oneof(fc.uuid({ version: 4 }), fc.string({ minLength: 1 })),
    phoneNumber: fc.stringMatching(/^\+[1-9]\d{6,14}$/),
    clientToken: fc.uuid({ version: 5 }),
    ownerKey: fc.uuid({ version: 5 }),
    eventId: fc.string({ minLength: 1, maxLength: 40 }),
  },
  { requiredKeys: ["at", "id", "action", "state"] },
);

describe("window item encoding", () => {
  it("round-trips any entries, UUIDs packed and other text escaped", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) =>
        expect(decodeEntries(encodeEntries(entries))).toEqual(entries),
      ),
    );
  });

  it("fits at least 4,200 events of a window in one item, and refuses beyond", () => {
    const imported: WindowEntry[] = Array.from({ length: 100 }, (_, i) => ({
      at: T + i,
      id: randomUUID(),
      action: "release",
      state: "imported",
      phoneNumberId: randomUUID(),
      phoneNumber: "+12065550100",
    }));
    const matched: WindowEntry[] = imported.map((e) => ({
      ...e,
      id: "AbCdEfGhIjK",
      state: "committed",
      eventId: randomUUID(),
    }));
    const perImported = Buffer.byteLength(encodeEntries(imported)) / 100;
    const perMatched = Buffer.byteLength(encodeEntries(matched)) / 100;
    expect(perImported).toBeLessThan(75);
    expect(perMatched).toBeLessThan(100);
    expect(Math.floor(MAX_WINDOW_BYTES / perMatched)).toBeGreaterThanOrEqual(4_200);
    expect(() => checkSize(MAX_WINDOW_BYTES + 1, "test")).toThrow(/over the 380000 that fit DynamoDB's 400 KB item/);
  });
});

describe("window arithmetic", () => {
  it("prunes from the newest entry, never from a clock reading ahead of it", () => {
    const entries: WindowEntry[] = [
      { at: T - 200 * DAY_MS, id: "old", action: "claim", state: "imported" },
      { at: T, id: "new", action: "claim", state: "committed" },
    ];
    expect(prune(entries, T + 1000 * DAY_MS, 180).map((e) => e.id)).toEqual(["new"]);
    expect(prune(entries, T - 30 * DAY_MS, 180).map((e) => e.id)).toEqual(["old", "new"]);
  });

  it("counts each number's release once while reservations of it are unproven; proven entries and claims always", () => {
    // Few numbers, so entries of one number's release meet often.
    const slot = fc.record({
      at: fc.integer({ min: 0, max: 10 }),
      action: fc.constantFrom("claim" as const, "release" as const),
      state: fc.constantFrom("reserved" as const, "committed" as const, "imported" as const),
      phoneNumberId: fc.option(fc.constantFrom("n1", "n2"), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(slot, { maxLength: 12 }), (slots) => {
        const entries: WindowEntry[] = slots.map((s, i) => ({ ...s, id: `e${i}` }));
        const counted = countedEntries(entries);
        const releasesOf = (id: string, of: readonly WindowEntry[]) =>
          of.filter((e) => e.action === "release" && e.phoneNumberId === id);
        // Only reservations of a numbered release are ever folded.
        for (const e of entries)
          if (e.state !== "reserved" || e.action === "claim" || e.phoneNumberId === undefined)
            expect(counted).toContain(e);
        for (const id of ["n1", "n2"]) {
          const all = releasesOf(id, entries);
          const kept = releasesOf(id, counted);
          if (all.length === 0) continue;
          const proven = all.filter((e) => e.state !== "reserved");
          // Proven: those, and no reservation beside them. Else: one reservation, the latest.
          if (proven.length > 0) expect(kept).toEqual(proven);
          else expect(kept.map((e) => e.at)).toEqual([Math.max(...all.map((e) => e.at))]);
        }
      }),
    );
  });

  it("says when a slot frees: the (used + 1 - limit)-th oldest counted entry leaves; never at a budget of 0", () => {
    expect(freesAt([1, 2, 3], 3, 100)).toBe(101);
    expect(freesAt([1, 2, 3, 4], 3, 100)).toBe(102);
    expect(freesAt([1], 0, 100)).toBeNull();
  });
});

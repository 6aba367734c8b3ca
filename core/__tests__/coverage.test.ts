import fc from "fast-check";
import {
  CLOUDTRAIL_DAYS,
  CLOUDTRAIL_EDGE_MARGIN_MS,
  CLOUDTRAIL_LAG_MS,
  DAY_MS,
  cloudTrailSpan,
  describeCoverage,
  mergeCoverage,
  unseenMs,
} from "..";

describe("history coverage", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");

  it("counts the part of the window before completeSince as unseen", () => {
    expect(unseenMs({ completeSince: now - 90 * DAY_MS, sources: ["cloudtrail"] }, now, 180)).toBe(90 * DAY_MS);
    expect(unseenMs({ completeSince: now - 200 * DAY_MS, sources: ["ledger"] }, now, 180)).toBe(0);
    expect(unseenMs({ completeSince: -Infinity, sources: ["f"] }, now, 180)).toBe(0);
    expect(unseenMs({ completeSince: null, sources: [] }, now, 180)).toBe(180 * DAY_MS);
    expect(unseenMs({ completeSince: now + DAY_MS, sources: [] }, now, 30)).toBe(30 * DAY_MS);
  });

  it("counts only the part after completeUntil as unseen when the history stops before now (a ledger without CloudTrail)", () => {
    // The breaker's ledger: complete from the start to 13 minutes ago. It was "180 of the 180 days" unseen.
    const ledger = { completeSince: -Infinity, completeUntil: now - 13 * 60_000, sources: ["ledger"] };
    expect(unseenMs(ledger, now, 180)).toBe(13 * 60_000);
    expect(describeCoverage(ledger, now, 180)).toBe(
      "13 minutes of the 180 days of the window unseen, after 2026-11-25T23:47:00.000Z (ledger): churn there is not counted",
    );
    const sinceAndUntil = { completeSince: now - 100 * DAY_MS, completeUntil: now - 3 * 3_600_000, sources: ["l"] };
    expect(unseenMs(sinceAndUntil, now, 180)).toBe(80 * DAY_MS + 3 * 3_600_000);
    expect(describeCoverage({ ...sinceAndUntil, completeSince: -Infinity }, now, 180)).toMatch(/^3 hours of the 180/);
    expect(unseenMs({ completeSince: -Infinity, completeUntil: now - 200 * DAY_MS, sources: [] }, now, 180)).toBe(
      180 * DAY_MS,
    );
    // A source that sees up to now closes the gap another leaves at the end.
    expect(mergeCoverage([ledger, { completeSince: now - DAY_MS, sources: ["cloudtrail"] }])).toEqual({
      completeSince: -Infinity,
      sources: ["ledger", "cloudtrail"],
    });
  });

  it("merges sources to the earliest complete instant", () => {
    const merged = mergeCoverage([
      { completeSince: now - 90 * DAY_MS, sources: ["cloudtrail"] },
      { completeSince: null, sources: [] },
      { completeSince: now - 120 * DAY_MS, sources: ["ledger"] },
    ]);
    expect(merged).toEqual({ completeSince: now - 120 * DAY_MS, sources: ["cloudtrail", "ledger"] });
  });

  it("says what it saw", () => {
    expect(describeCoverage({ completeSince: now - 90 * DAY_MS, sources: ["cloudtrail"] }, now, 180)).toBe(
      "90 of the 180 days of the window unseen, before 2026-08-28T00:00:00.000Z (cloudtrail): churn there is not counted",
    );
    expect(describeCoverage({ completeSince: now - 200 * DAY_MS, sources: ["ledger"] }, now, 180)).toBe(
      "history complete since 2026-05-10T00:00:00.000Z (ledger)",
    );
    expect(describeCoverage({ completeSince: null, sources: [] }, now, 180)).toMatch(
      /^180 of the 180 days of the window unseen \(no history source\)/,
    );
  });

  it("takes CloudTrail's span from one rule: its 90 days less the edge margin, never before the window, until the lag", () => {
    expect(cloudTrailSpan(now, 180)).toEqual({
      from: now - 90 * DAY_MS + CLOUDTRAIL_EDGE_MARGIN_MS,
      until: now - CLOUDTRAIL_LAG_MS,
    });
    expect(cloudTrailSpan(now, 30)).toEqual({ from: now - 30 * DAY_MS, until: now - CLOUDTRAIL_LAG_MS });
    expect(cloudTrailSpan(now)).toEqual(cloudTrailSpan(now, 180));
    // A 180-day window read from CloudTrail alone: 91 days unseen (90 and the margin, rounded up), whatever face says it.
    expect(describeCoverage({ completeSince: cloudTrailSpan(now, 180).from, sources: ["cloudtrail"] }, now, 180)).toBe(
      "91 of the 180 days of the window unseen, before 2026-08-28T01:00:00.000Z (cloudtrail): churn there is not counted",
    );
    // A window CloudTrail reaches whole: nothing unseen, said the same way by every face.
    expect(describeCoverage({ completeSince: cloudTrailSpan(now, 30).from, sources: ["cloudtrail"] }, now, 30)).toBe(
      "history complete since 2026-10-27T00:00:00.000Z (cloudtrail)",
    );
  });

  it("never vouches for more than CloudTrail keeps, nor for a part of the window CloudTrail has not delivered", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 400 }), (at, windowDays) => {
        const span = cloudTrailSpan(at, windowDays);
        expect(span.from).toBeGreaterThanOrEqual(at - CLOUDTRAIL_DAYS * DAY_MS + CLOUDTRAIL_EDGE_MARGIN_MS);
        expect(span.from).toBeGreaterThanOrEqual(at - windowDays * DAY_MS);
        expect(span.until).toBe(at - CLOUDTRAIL_LAG_MS);
        expect(unseenMs({ completeSince: span.from, sources: ["cloudtrail"] }, at, windowDays)).toBe(
          Math.max(0, windowDays * DAY_MS - (CLOUDTRAIL_DAYS * DAY_MS - CLOUDTRAIL_EDGE_MARGIN_MS)),
        );
      }),
    );
  });
});

import { DAY_MS, describeCoverage, mergeCoverage, unseenMs } from "..";

describe("history coverage", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");

  it("counts the part of the window before completeSince as unseen", () => {
    expect(unseenMs({ completeSince: now - 90 * DAY_MS, sources: ["cloudtrail"] }, now, 180)).toBe(90 * DAY_MS);
    expect(unseenMs({ completeSince: now - 200 * DAY_MS, sources: ["ledger"] }, now, 180)).toBe(0);
    expect(unseenMs({ completeSince: -Infinity, sources: ["f"] }, now, 180)).toBe(0);
    expect(unseenMs({ completeSince: null, sources: [] }, now, 180)).toBe(180 * DAY_MS);
    expect(unseenMs({ completeSince: now + DAY_MS, sources: [] }, now, 30)).toBe(30 * DAY_MS);
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
    expect(describeCoverage({ completeSince: now - 200 * DAY_MS, sources: ["ledger"] }, now, 180)).toBe("history complete since 2026-05-10T00:00:00.000Z (ledger)");
    expect(describeCoverage({ completeSince: null, sources: [] }, now, 180)).toMatch(/^180 of the 180 days of the window unseen \(no history source\)/);
  });
});

import { AccountReads, readWindow } from "../window";
import { ChurnHistory, DAY_MS } from "../../core";

/**
 * An event stamped after now (clocks that disagree, a mistyped year) has happened: the one account reader every face
 * reads through (the pack, `check`, the provider's growth check) counts it at now and says so with the coverage.
 */
describe("readWindow with history stamped after now", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");
  const reads = (at: number[]): AccountReads => ({
    quota: async () => 10,
    heldOn: async () => new Map(),
    history: async () => ({
      events: at.map((t) => ({ at: t, action: "claim" as const, source: "skewed.jsonl" })),
      coverage: { completeSince: -Infinity, sources: ["skewed.jsonl"] },
    }),
  });
  const settings = { windowDays: 180, quota: 10, historyFiles: [], cloudTrail: false };

  it("counts a future-stamped event at now, and the coverage names how many and the latest", async () => {
    const w = await readWindow(reads([now - DAY_MS, now + 3_600_000, now + 365 * DAY_MS]), settings, now, {
      read: "none",
    });
    expect(ChurnHistory.build(w.history.events).countInWindow(now, 180 * DAY_MS)).toBe(3);
    expect(w.coverageText).toBe(
      "history complete for the whole 180-day window (skewed.jsonl); 2 events stamped after now (the latest 2027-11-26T00:00:00.000Z, in skewed.jsonl) counted as now",
    );
    expect(w.coverage.futureStamped).toEqual({ count: 2, latest: now + 365 * DAY_MS, source: "skewed.jsonl" });
  });

  it("leaves them in the future at an instant chosen on purpose (check --now: a what-if)", async () => {
    const w = await readWindow(
      reads([now - DAY_MS, now + 3_600_000]),
      settings,
      now,
      { read: "none" },
      { whatIf: true },
    );
    expect(ChurnHistory.build(w.history.events).countInWindow(now, 180 * DAY_MS)).toBe(1);
    expect(w.coverageText).toBe("history complete for the whole 180-day window (skewed.jsonl)");
  });
});

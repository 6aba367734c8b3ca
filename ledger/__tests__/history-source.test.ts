import { DAY_MS, isoDate } from "../../core";
import { LedgerAdmin, LedgerStatus, ledgerHistory } from "..";

const scope = { accountId: "123456789012", region: "us-east-1" };
const NOW = Date.parse("2026-06-01T00:00:00Z");

/** A ledger whose snapshot is `status` and no event: ledgerHistory reads nothing else without CloudTrail. */
function ledgerOf(status: Pick<LedgerStatus, "coverage" | "completeUntil">): LedgerAdmin {
  const snapshot = async () => ({ events: [], status: { ...status, assertions: [] } as unknown as LedgerStatus });
  return { snapshot } as unknown as LedgerAdmin;
}

describe("a ledger as a history source without CloudTrail", () => {
  it("names the instant from which churn is unseen, as the span beside it does", async () => {
    const until = NOW - DAY_MS;
    const ledger = ledgerOf({
      coverage: { completeSince: NOW - 30 * DAY_MS, sources: ["ledger x"] },
      completeUntil: until,
    });
    const history = await ledgerHistory(ledger, scope, { now: NOW, windowDays: 180 });
    expect(history.coverage.sources).toEqual([
      `ledger x (account 123456789012 in us-east-1: complete from ${isoDate(NOW - 30 * DAY_MS)} to ${isoDate(until)}); churn since ${isoDate(until)} unseen without CloudTrail`,
    ]);
  });

  it("says no instant where the ledger recorded none", async () => {
    const ledger = ledgerOf({ coverage: { completeSince: null, sources: ["ledger x"] }, completeUntil: null });
    const history = await ledgerHistory(ledger, scope, { now: NOW, windowDays: 180 });
    expect(history.coverage.sources).toEqual([
      "ledger x (account 123456789012 in us-east-1: no history recorded); churn unseen without CloudTrail",
    ]);
  });
});

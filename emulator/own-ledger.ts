import { openLedger } from "connect-numbers/ledger";

export interface OwnLedger {
  /** The setting that names it, as `connect-numbers:ledger` and `--ledger` take it. */
  setting: string;
  /** Whether this start created the table (and recorded that the account had no churn before it). */
  created: boolean;
  /** The instant from which the ledger vouches that it saw every claim and release (created by this start). */
  completeSince?: number;
  /** The standing record that the account had no churn before `since`, made at this start or kept from an earlier. */
  noChurnBefore?: { since: number; by: string };
}

const BY = "connect-numbers emulator (no churn in its account before it started)";

/**
 * The emulator is the account, so it knows what no outside ledger can: nothing was claimed or released in it before
 * it first started. It creates its churn ledger in its own DynamoDB, through the product's ledger code over its own
 * endpoint (the path a user's `ledger init` takes), and records that fact, so a guard trusts the whole window at once.
 * A table that is already there (kept beside --state) keeps the record of the emulator's first start.
 */
export async function createOwnLedger(
  endpoint: string,
  table: string,
  scope: { accountId: string; region: string },
  startedAt: number,
): Promise<OwnLedger> {
  const setting = `dynamodb:${table}`;
  const ledger = await openLedger({ kind: "dynamodb", table }, { endpoint, region: scope.region });
  if (!ledger) throw new Error(`the emulator's ledger ${setting} could not be opened`);
  try {
    const created = await ledger.init();
    if (!created) {
      const standing = (await ledger.status(scope)).assertions.filter((a) => a.retracted === undefined);
      if (standing.length === 0) return { setting, created };
      const latest = standing.reduce((a, b) => (b.since > a.since ? b : a));
      return { setting, created, noChurnBefore: { since: latest.since, by: latest.by } };
    }
    await ledger.assertCompleteSince(scope, startedAt, BY);
    return { setting, created, completeSince: startedAt, noChurnBefore: { since: startedAt, by: BY } };
  } finally {
    await ledger.close();
  }
}

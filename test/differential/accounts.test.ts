import fc from "fast-check";
import { Account, Change, accountArb, changeArb, judge } from "./accounts";
import { disagreements } from "./faces";

/**
 * The faces agree over random accounts and changes (issue 21, item 6): the pack's analysis, `check`, `plan-waves`
 * and the provider give the same verdict, the same numbers released, claims no fewer than the provider made, and
 * the same coverage sentence. 30 runs in `npm test`; DIFFERENTIAL_RUNS for more; a failure prints its seed and path:
 * replay it with DIFFERENTIAL_SEED=<seed> DIFFERENTIAL_PATH=<path>.
 */
const replay = process.env.DIFFERENTIAL_SEED ? { seed: Number(process.env.DIFFERENTIAL_SEED), path: process.env.DIFFERENTIAL_PATH } : {};

async function agree(account: Account, change: Change): Promise<void> {
  const outcome = await judge(account, change);
  if (outcome.setupFailed !== undefined) return;
  const found = disagreements(outcome.stories);
  if (found.length > 0) {
    throw new Error(`${found.join("\n")}\n--- account ${JSON.stringify(account)}\n--- change ${JSON.stringify(change)}\n${outcome.stories.map((x) => `--- ${x.face}: ${x.blocked ? "blocked" : "ok"}; released [${x.released.join(", ")}]; claims ${x.claims}; coverage ${x.coverage ?? "(none said)"}\n${x.text.slice(0, 1500)}`).join("\n")}`);
  }
}

describe("random accounts and changes: the pack, check, plan-waves and the provider tell one story", () => {
  it("holds over random accounts (quota, churn, history file, CloudTrail, ledger, unseen days) and changes (claims, releases)", async () => {
    await fc.assert(fc.asyncProperty(accountArb, changeArb, agree), { numRuns: Number(process.env.DIFFERENTIAL_RUNS ?? 30), verbose: 1, ...replay });
  }, 1_800_000);
});

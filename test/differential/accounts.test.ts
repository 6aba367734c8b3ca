import fc from "fast-check";
import { Account, Change, accountArb, changeArb, judge } from "./accounts";
import { Story, describeStory, disagreements } from "./faces";
import { KNOWN_DISAGREEMENTS, KNOWN_KINDS, knownKindOf } from "./known";

/**
 * The faces agree over random accounts and changes (issue 21, item 6): the pack's analysis, `check`, `plan-waves`
 * and the provider give the same verdict, the same numbers released, claims no fewer than the provider made, and
 * the same coverage sentence. 30 runs in `npm test`; DIFFERENTIAL_RUNS for more; a failure prints its seed and path:
 * replay it with DIFFERENTIAL_SEED=<seed> DIFFERENTIAL_PATH=<path>.
 *
 * Disagreements found on main are kinds in known.ts, each with a minimal case below (`it.failing` until its fix
 * lands); the random property tolerates the known kinds only, so anything new fails it. DIFFERENTIAL_STRICT=1
 * tolerates none.
 */
/**
 * `npm test` replays one seed's 30 cases, so a landing never waits on a case no one has seen; DIFFERENTIAL_SEED=random
 * explores (as the bench should), a number replays a failure.
 */
const DEFAULT_SEED = -1035925897;
const seedSetting = process.env.DIFFERENTIAL_SEED;
const replay =
  seedSetting === "random"
    ? {}
    : seedSetting
      ? { seed: Number(seedSetting), path: process.env.DIFFERENTIAL_PATH }
      : { seed: DEFAULT_SEED };
const strict = process.env.DIFFERENTIAL_STRICT === "1";

/** The stack's first numbers must fit in the account (its budget, and its instance's quota), or the case says nothing about the change. */
function feasible(account: Account, change: Change): boolean {
  return account.churn.length + change.held < 2 * account.quota && change.held <= account.quota;
}

/**
 * Under unseenHistory "warn" every face says which days it did not see and goes ahead: churn on those days can still
 * make AWS refuse a claim (its own 200% rule) that no face could foresee. That is the story all of them told, not a
 * disagreement; a refusal by the guard itself ("refusing to") still is one.
 */
function acceptedUnderWarn(line: string, account: Account, stories: Story[]): boolean {
  const provider = stories.find((x) => x.face === "provider");
  const allSaidUnseen = stories
    .filter((x) => x.coverage !== undefined)
    .every((x) => /days of the window unseen/.test(x.coverage!));
  return (
    account.unseenHistory === "warn" &&
    allSaidUnseen &&
    /passes but the provider stopped$/.test(line) &&
    !/refusing to/.test(provider?.text ?? "")
  );
}

async function disagreementsOf(account: Account, change: Change, tolerateKnown: boolean): Promise<void> {
  const outcome = await judge(account, change);
  if (outcome.setupFailed !== undefined)
    throw new Error(`the stack's first numbers could not be claimed: ${outcome.setupFailed}`);
  const found = disagreements(outcome.stories)
    .filter((line) => !acceptedUnderWarn(line, account, outcome.stories))
    .filter((line) => !tolerateKnown || knownKindOf(line, outcome.stories) === undefined);
  if (found.length > 0) {
    throw new Error(
      `${found.join("\n")}\n--- account ${JSON.stringify(account)}\n--- change ${JSON.stringify(change)}\n${outcome.stories.map((x) => `--- ${describeStory(x, 1500)}`).join("\n")}`,
    );
  }
}

describe("random accounts and changes: the pack, check, plan-waves and the provider tell one story", () => {
  it(`holds over random accounts (quota, churn, history file, CloudTrail, ledger, unseen days) and changes (claims, releases)${strict ? "" : ", but for the known disagreements"}`, async () => {
    const property = fc.asyncProperty(accountArb, changeArb, async (account, change) => {
      fc.pre(feasible(account, change));
      await disagreementsOf(account, change, !strict);
    });
    await fc.assert(property, { numRuns: Number(process.env.DIFFERENTIAL_RUNS ?? 30), verbose: 1, ...replay });
  }, 1_800_000);

  for (const kind of KNOWN_KINDS) {
    const name = `minimal case: ${kind.name}`;
    const test = KNOWN_DISAGREEMENTS[name] && !strict ? it.failing : it;
    test(`${name}${KNOWN_DISAGREEMENTS[name] ? ` (known: ${KNOWN_DISAGREEMENTS[name]})` : ""}`, async () => {
      await disagreementsOf(kind.account, kind.change, false);
    }, 300_000);
  }
});

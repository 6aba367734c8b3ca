import { setGrowthWaitsSentence } from "../../core";
import { diffSet } from "../set";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber } from "../set/shape";

/**
 * A set growing by what fits whose rest waits for the budget: while the window has no room an update could claim
 * nothing, so the diff shows no change (a diff on every run broke `pulumi preview --expect-no-changes`) and says why.
 * Whether the window has room is asked of the current window (the runtime's guard), never read from the date stored
 * when the claims were deferred: a raised quota makes room before it (breaker H4).
 */
const TARGET = "arn:aws:connect:us-east-1:123456789012:instance/inst-1";
const number = (i: number): SetNumber => ({
  phoneNumber: `+1212555000${i}`,
  phoneNumberId: `id-${i}`,
  arn: `arn:aws:connect:us-east-1:123456789012:phone-number/id-${i}`,
  prefix: "",
  group: "any",
  origin: "claim",
  status: "CLAIMED",
  moveCount: 0,
});
const news: PhoneNumberSetInputs = {
  targetArn: TARGET,
  countryCode: "US",
  type: "DID",
  count: 4,
  growBy: "fits",
  ownerUrn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::pool",
};
const olds = (deferredUntil: string): PhoneNumberSetOutputs => ({
  ...news,
  numbers: [number(1), number(2)],
  region: "us-east-1",
  accountId: "123456789012",
  lease: "lease-1",
  deferred: 2,
  deferredUntil,
});
const diff = (o: PhoneNumberSetOutputs, n: PhoneNumberSetInputs = news) => diffSet(o, n, () => false, undefined);
const ASKS = {
  changes: true,
  replaces: [],
  deleteBeforeReplace: false,
  waiting: { label: 'PhoneNumberSet "pool"', claims: 2 },
};

describe("a set's growth that waits for the churn budget", () => {
  it("asks the current window whatever the stored date says: before it (a quota raised since) as after it", () => {
    // It showed no change before the stored date, so a raised quota left the growth waiting until then.
    expect(diff(olds("2026-06-20T00:00:00.000Z"))).toEqual(ASKS);
    expect(diff(olds("2026-05-31T00:00:00.000Z"))).toEqual(ASKS);
    expect(diff(olds("never at this rule"))).toEqual(ASKS);
  });

  it("shows the growth that waits for room on its instance: no date says when room is made, so each up tries it", () => {
    // It said the numbers waited "for room in the churn budget (when instance/… has room)" and to run `pulumi up`
    // "from then", while showing no change: no `pulumi up` ever tried them again.
    const d = diff(olds(`when ${TARGET.replace(/^.*:/, "")} has room`));
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("shows the change when the program changes the set, without asking the window", () => {
    expect(diff(olds("2026-06-20T00:00:00.000Z"), { ...news, count: 5 })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diff(olds("2026-06-20T00:00:00.000Z"), { ...news, growBy: "all" })).toMatchObject({ changes: true });
    expect(diff(olds("2026-06-20T00:00:00.000Z"), { ...news, growBy: "all" }).waiting).toBeUndefined();
  });
});

describe("what a preview says of a growth the window has no room for now", () => {
  it("says what waits until when the current window has room", () => {
    expect(setGrowthWaitsSentence('PhoneNumberSet "pool"', 2, Date.parse("2026-06-20T00:00:00.000Z"))).toBe(
      'PhoneNumberSet "pool": growBy "fits": 2 numbers wait for room in the churn budget until 2026-06-20T00:00:00.000Z; nothing can be claimed before then, so the set shows no change. Run `pulumi up` from then (`connect-numbers plan-waves` shows the schedule).',
    );
  });

  it("says a growth the budget never has room for waits for good, and the way out", () => {
    expect(setGrowthWaitsSentence('PhoneNumberSet "pool"', 2, null)).toBe(
      'PhoneNumberSet "pool": growBy "fits": 2 numbers wait for room in the churn budget, which never has room for them at the current rule (the budget is smaller than the set), so the set shows no change. To let them come: declare fewer numbers, or ask AWS Support for a higher quota.',
    );
  });
});

import { diffSet } from "../set";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber } from "../set/shape";

/**
 * A set growing by what fits whose rest waits for the budget: before its date an update could claim nothing, so the
 * diff shows no change (a diff on every run broke `pulumi preview --expect-no-changes`) and says why; from its date,
 * or once the program changes the set, the growth shows again.
 */
const NOW = Date.parse("2026-06-01T00:00:00Z");
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
const diff = (o: PhoneNumberSetOutputs, n: PhoneNumberSetInputs = news) => diffSet(o, n, () => false, undefined, NOW);

describe("a set's growth that waits for the churn budget", () => {
  it("shows no change before its date, and says what waits until when", () => {
    const d = diff(olds("2026-06-20T00:00:00.000Z"));
    expect(d.changes).toBe(false);
    expect(d.waits).toBe(
      'PhoneNumberSet "pool": growBy "fits": 2 numbers wait for room in the churn budget until 2026-06-20T00:00:00.000Z; nothing can be claimed before then, so the set shows no change. Run `pulumi up` from then (`connect-numbers plan-waves` shows the schedule).',
    );
  });

  it("shows the growth again from its date", () => {
    expect(diff(olds("2026-05-31T00:00:00.000Z"))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("shows the growth that waits for room on its instance: no date says when room is made, so each up tries it", () => {
    // It said the numbers waited "for room in the churn budget (when instance/… has room)" and to run `pulumi up`
    // "from then", while showing no change: no `pulumi up` ever tried them again.
    const d = diff(olds(`when ${TARGET.replace(/^.*:/, "")} has room`));
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("says a growth the budget never has room for waits for good, and the way out", () => {
    const d = diff(olds("never at this rule"));
    expect(d.changes).toBe(false);
    expect(d.waits).toBe(
      'PhoneNumberSet "pool": growBy "fits": 2 numbers wait for room in the churn budget, which never has room for them at the current rule (the budget is smaller than the set), so the set shows no change. To let them come: declare fewer numbers, or ask AWS Support for a higher quota.',
    );
  });

  it("shows the change when the program changes the set", () => {
    expect(diff(olds("2026-06-20T00:00:00.000Z"), { ...news, count: 5 })).toMatchObject({ changes: true });
    expect(diff(olds("2026-06-20T00:00:00.000Z"), { ...news, growBy: "all" })).toMatchObject({ changes: true });
  });
});

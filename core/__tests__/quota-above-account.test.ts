import { quotaAboveAccountSentence } from "../quota";

describe("quotaAboveAccountSentence: a quota setting against the one AWS enforces", () => {
  const lower = "Lower it";
  const fix =
    "Lower it, or first raise the account's quota with a Service Quotas increase request for L-8F812903: AWS refuses the claims past its own budget that a larger setting lets through.";
  it("says nothing when the setting is at or below the account's quota", () => {
    expect(quotaAboveAccountSentence({ setting: "--quota", configured: 5, enforced: 5, lower })).toBeUndefined();
    expect(quotaAboveAccountSentence({ setting: "--quota", configured: 3, enforced: 5, lower })).toBeUndefined();
  });

  it("names the setting, both quotas and the fix when it is above", () => {
    expect(quotaAboveAccountSentence({ setting: "connect-numbers:quota", configured: 10, enforced: 2, lower })).toBe(
      "connect-numbers:quota is 10, above the account's phone-number quota of 2 that AWS enforces (Service Quotas L-8F812903): " +
        "the churn budget counted from 10 is larger than AWS's (a target's room is counted from 2). " +
        fix,
    );
  });

  it("says the account's quota could not be read, and why, rather than nothing", () => {
    expect(
      quotaAboveAccountSentence({
        setting: "connect-numbers:quota",
        configured: 10,
        enforced: { unread: "AccessDenied" },
        lower,
      }),
    ).toBe(
      "connect-numbers:quota is 10, and the account's phone-number quota (Service Quotas L-8F812903) could not be read to compare (AccessDenied): if it is lower, AWS counts against its own. " +
        fix,
    );
  });
});

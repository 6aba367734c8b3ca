import { quotaAboveAccountSentence } from "../quota";

describe("quotaAboveAccountSentence: a quota setting against the one AWS enforces", () => {
  const fix = "Lower it.";
  it("says nothing when the setting is at or below the account's quota", () => {
    expect(quotaAboveAccountSentence({ setting: "--quota", configured: 5, enforced: 5, fix })).toBeUndefined();
    expect(quotaAboveAccountSentence({ setting: "--quota", configured: 3, enforced: 5, fix })).toBeUndefined();
  });

  it("names the setting, both quotas and the fix when it is above", () => {
    expect(quotaAboveAccountSentence({ setting: "connect-numbers:quota", configured: 10, enforced: 2, fix })).toBe(
      "connect-numbers:quota is 10, above the account's phone-number quota of 2 that AWS enforces (Service Quotas L-8F812903): " +
        "the churn budget counted from 10 is larger than AWS's (a target's room is counted from 2). Lower it.",
    );
  });

  it("says the account's quota could not be read, and why, rather than nothing", () => {
    expect(
      quotaAboveAccountSentence({
        setting: "connect-numbers:quota",
        configured: 10,
        enforced: { unread: "AccessDenied" },
        fix,
      }),
    ).toBe(
      "connect-numbers:quota is 10, and the account's phone-number quota (Service Quotas L-8F812903) could not be read to compare (AccessDenied): if it is lower, AWS counts against its own. Lower it.",
    );
  });
});

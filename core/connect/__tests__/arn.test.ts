import { otherAccountCredentials, placesOfArns, planAccount } from "../arn";

describe("the account of a plan", () => {
  const instance = (account: string, region = "us-east-1") => `arn:aws:connect:${region}:${account}:instance/i-1`;
  const place = (accountId: string, region = "us-east-1") => ({ accountId, region });

  it("reads the places Connect ARNs name, once each, and nothing of other values", () => {
    expect(
      placesOfArns([
        instance("123456789012"),
        `${instance("123456789012")}/phone-number/p-1`,
        "arn:aws:connect:eu-west-2:111111111111:traffic-distribution-group/t-1",
        "i-bare-id",
        undefined,
        42,
      ]),
    ).toEqual([place("111111111111", "eu-west-2"), place("123456789012")]);
  });

  it("is the one the plan's ARNs name, else the one given, which must be one of them", () => {
    expect(planAccount([place("123456789012")], undefined)).toEqual({
      kind: "known",
      accountId: "123456789012",
      region: "us-east-1",
    });
    expect(planAccount([], "111111111111")).toEqual({ kind: "known", accountId: "111111111111" });
    expect(planAccount([place("123456789012"), place("111111111111", "eu-west-2")], "111111111111")).toEqual({
      kind: "known",
      accountId: "111111111111",
      region: "eu-west-2",
    });
    expect(planAccount([place("123456789012"), place("123456789012", "eu-west-2")], undefined)).toEqual({
      kind: "known",
      accountId: "123456789012",
    });
    expect(planAccount([place("123456789012")], "111111111111")).toEqual({
      kind: "contradicts",
      given: "111111111111",
      named: ["123456789012"],
    });
    expect(planAccount([], undefined)).toEqual({ kind: "unknown" });
    expect(planAccount([place("111111111111"), place("123456789012")], undefined)).toEqual({ kind: "unknown" });
  });
});

describe("otherAccountCredentials: the refusal of credentials of another account than the plan's", () => {
  it("names both accounts, what names the plan's, and the fix", () => {
    expect(otherAccountCredentials({ account: "111111111111", namedBy: "its ARNs name it" }, "222222222222")).toBe(
      "this plan targets account 111111111111 (its ARNs name it), but the AWS credentials in use are account 222222222222's (STS GetCallerIdentity), whose history, quota and numbers are not this plan's. Use credentials of account 111111111111 (AWS_PROFILE naming a profile of that account, or a role assumed in it) and run again.",
    );
  });

  it("has nothing to say when they agree", () => {
    expect(
      otherAccountCredentials({ account: "111111111111", namedBy: "--account 111111111111" }, "111111111111"),
    ).toBe(undefined);
  });
});

import fc from "fast-check";
import { checkInputs } from "../check";
import { diffPhoneNumber } from "../diff";
import { PhoneNumberInputs, PhoneNumberOutputs, UNKNOWN } from "../shape";

const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/aaaa-1111";
const TDG = "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/tdg-1";
const OTHER_REGION = "arn:aws:connect:eu-west-2:123456789012:instance/bbbb-2222";

const owned = { claimKey: "k", ownerStack: "p/dev", ownerResource: "support" };
const olds: PhoneNumberOutputs = {
  ...owned,
  phoneNumberId: "id-1",
  arn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-1",
  phoneNumber: "+18005550100",
  countryCode: "US",
  type: "TOLL_FREE",
  status: "CLAIMED",
  targetArn: INSTANCE,
  description: "Support",
  tags: { team: "cx" },
  origin: "claim",
};

describe("checkInputs", () => {
  it("accepts each claim mode", () => {
    expect(checkInputs("a", { ...owned, targetArn: INSTANCE, phoneNumber: "+18005550100" })).toEqual([]);
    expect(checkInputs("a", { ...owned, instanceId: "aaaa-1111", countryCode: "US", type: "DID", prefix: "+1206" })).toEqual([]);
    expect(checkInputs("a", { ...owned, phoneNumberId: "id-1" })).toEqual([]);
    expect(checkInputs("a", { ...owned, targetArn: TDG, adopt: true, phoneNumber: "+18005550100" })).toEqual([]);
  });

  it("names the resource, the property, the value and the fix", () => {
    const failures = checkInputs("support", { ...owned, targetArn: INSTANCE, phoneNumber: "18005550100", countryCode: "us" });
    expect(failures.map((f) => f.property)).toEqual(["countryCode", "phoneNumber", "countryCode"]);
    expect(failures[1].reason).toBe('PhoneNumber "support": phoneNumber = "18005550100": is not an E.164 phone number. Add the leading + and country code: "+18005550100".');
    expect(checkInputs("x", { ...owned }).map((f) => f.property)).toEqual(["phoneNumber", "targetArn"]);
    expect(checkInputs("x", { ...owned, targetArn: INSTANCE, instanceId: "i", phoneNumber: "+18005550100" }).map((f) => f.property)).toEqual(["instanceId"]);
  });

  it("leaves values unknown at preview to apply time", () => {
    expect(checkInputs("a", { ...owned, targetArn: UNKNOWN, phoneNumber: UNKNOWN })).toEqual([]);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("targetArn", "instanceId", "phoneNumber", "countryCode", "type", "prefix", "phoneNumberId", "adopt", "description", "tags", "deletionProtection"), fc.anything()), (news) => {
        for (const f of checkInputs("r", { ...owned, ...(news as Partial<PhoneNumberInputs>) })) {
          expect(f.reason.startsWith('PhoneNumber "r": ')).toBe(true);
        }
      }),
    );
  });
});

describe("diffPhoneNumber", () => {
  const news = (extra: Partial<PhoneNumberInputs>): PhoneNumberInputs => ({ ...owned, targetArn: INSTANCE, phoneNumber: "+18005550100", description: "Support", tags: { team: "cx" }, ...extra });

  it("replaces only when the number must change", () => {
    expect(diffPhoneNumber(olds, news({})).changes).toBe(false);
    expect(diffPhoneNumber(olds, news({ phoneNumber: "+18005550101" })).replaces).toEqual(["phoneNumber"]);
    expect(diffPhoneNumber(olds, news({ targetArn: OTHER_REGION })).replaces).toEqual(["targetArn"]);
    expect(diffPhoneNumber(olds, news({ phoneNumber: UNKNOWN })).replaces).toEqual(["phoneNumber"]);
  });

  it("keeps a searched number that still meets the criteria, and moving to search mode when it does", () => {
    const search = (extra: Partial<PhoneNumberInputs>) => news({ phoneNumber: undefined, countryCode: "US", type: "TOLL_FREE", ...extra });
    expect(diffPhoneNumber(olds, search({ prefix: "+1800" })).replaces).toEqual([]);
    expect(diffPhoneNumber(olds, search({ prefix: "+180055" })).replaces).toEqual([]);
    expect(diffPhoneNumber(olds, search({ prefix: "+1888" })).replaces).toEqual(["prefix"]);
    expect(diffPhoneNumber(olds, search({ type: "DID" })).replaces).toEqual(["type"]);
    expect(diffPhoneNumber(olds, search({ countryCode: "CA" })).replaces).toEqual(["countryCode"]);
  });

  it("updates target (same region), description, tags and deletionProtection in place; ignores the claim key", () => {
    const d = diffPhoneNumber(olds, news({ targetArn: TDG, description: "x", tags: { team: "ops" }, deletionProtection: true, claimKey: "other" }));
    expect(d).toEqual({ changes: true, replaces: [], updates: ["targetArn", "description", "tags", "deletionProtection"], deleteBeforeReplace: false });
    expect(diffPhoneNumber(olds, news({ targetArn: undefined, instanceId: "aaaa-1111" })).changes).toBe(false);
    expect(diffPhoneNumber({ ...olds, tags: { team: "cx", "connect-numbers:stack": "p/dev" } }, news({})).changes).toBe(false);
  });
});

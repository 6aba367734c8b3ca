import fc from "fast-check";
import { SMS_NUMBER_TYPE } from "../../../core/sms";
import { UNKNOWN } from "../../shape";
import { checkOriginationNumber } from "../../../core/inputs/sms";
import { diffOriginationNumber } from "../diff";
import { OriginationNumberInputs, OriginationNumberOutputs, regionOf } from "../shape";

const ownerUrn = `urn:pulumi:dev::p::${SMS_NUMBER_TYPE}::alerts`;
const request = {
  ownerUrn,
  isoCountryCode: "US",
  messageType: "TRANSACTIONAL",
  numberCapabilities: ["SMS", "VOICE"],
  numberType: "LONG_CODE",
} satisfies OriginationNumberInputs;
const ARN = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef";
const olds: OriginationNumberOutputs = {
  ...request,
  phoneNumberId: "phone-0123456789abcdef0123456789abcdef",
  arn: ARN,
  phoneNumber: "+12065550100",
  status: "ACTIVE",
  region: "us-east-1",
  optOutListName: "Default",
  deletionProtectionEnabled: false,
  twoWayChannelEnabled: false,
  selfManagedOptOutsEnabled: false,
  tags: { team: "cx" },
  origin: "request",
  lease: "l",
};

describe("checkOriginationNumber", () => {
  const reasons = (i: Partial<OriginationNumberInputs>) =>
    checkOriginationNumber({ ownerUrn, ...i }).map((f) => f.reason);

  it("accepts a request, an adoption by id or ARN, and a number routed to Connect", () => {
    expect(checkOriginationNumber(request)).toEqual([]);
    expect(checkOriginationNumber({ ownerUrn, phoneNumberId: "phone-1" })).toEqual([]);
    expect(checkOriginationNumber({ ownerUrn, phoneNumberId: ARN, deletionProtectionEnabled: true })).toEqual([]);
    expect(
      checkOriginationNumber({
        ...request,
        twoWayChannelEnabled: true,
        twoWayChannelArn: "connect.us-east-1.amazonaws.com",
      }),
    ).toEqual([]);
  });

  it("refuses an input it does not take, naming the nearest one (deletionProtection for deletionProtectionEnabled)", () => {
    const [reason] = reasons({ ...request, deletionProtection: true } as never);
    expect(reason).toMatch(
      /: deletionProtection = true: is not an input of OriginationNumber, so it would be ignored\. Did you mean deletionProtectionEnabled\?$/,
    );
  });

  it("names the resource, the property, the value and the fix", () => {
    expect(
      reasons({
        isoCountryCode: "us",
        messageType: "TRANSACTIONAL",
        numberCapabilities: ["SMS"],
        numberType: "LONG_CODE",
      }),
    ).toEqual([
      'OriginationNumber "alerts": isoCountryCode = "us": is not an ISO 3166 alpha-2 code. Use upper case: "US".',
    ]);
    expect(reasons({})).toHaveLength(4);
    expect(reasons({ ...request, numberType: "SHORT_CODE" })[0]).toContain(
      "Short codes are ordered through an AWS Support case",
    );
    expect(reasons({ ...request, numberType: "SIMULATOR", messageType: "PROMOTIONAL" })[0]).toContain(
      "must be TRANSACTIONAL for a SIMULATOR number",
    );
    expect(reasons({ ...request, numberType: "TEN_DLC", isoCountryCode: "GB" })[0]).toContain("has no 10DLC numbers");
    expect(reasons({ ...request, numberCapabilities: ["SMS", "SMS"] })[0]).toContain("1 to 3 different capabilities");
    expect(reasons({ phoneNumberId: "phone-1", isoCountryCode: "US" })[0]).toContain("is not used when adopting");
    expect(reasons({ ...request, twoWayChannelEnabled: true })[0]).toContain(
      "twoWayChannelArn = undefined: is required when twoWayChannelEnabled is true",
    );
    expect(reasons({ ...request, twoWayChannelArn: "https://example.com/hook" })[0]).toContain(
      "is neither an ARN nor connect.<region>.amazonaws.com",
    );
    expect(reasons({ ...request, poolId: "pool-1", twoWayChannelEnabled: false })[0]).toContain(
      "cannot be set on a number in a pool",
    );
    expect(reasons({ ...request, tags: { "connect-numbers:owner": "x" } })[0]).toContain("ownership tag");
    expect(reasons({ ...request, waitForActiveSeconds: -1 })[0]).toContain("waitForActiveSeconds");
  });

  it("refuses inputs that name two regions", () => {
    const r = reasons({
      ...request,
      region: "eu-west-2",
      twoWayChannelEnabled: true,
      twoWayChannelArn: "connect.us-east-1.amazonaws.com",
    });
    expect(r).toEqual([
      'OriginationNumber "alerts": twoWayChannelArn = "connect.us-east-1.amazonaws.com": is in us-east-1, but region says eu-west-2. A number, its pool, opt-out list and Connect channel are all in one region: make them agree.',
    ]);
    expect(regionOf({ phoneNumberId: ARN }, "eu-west-1")).toBe("us-east-1");
    expect(regionOf({ region: "eu-west-2", phoneNumberId: ARN }, undefined)).toBe("eu-west-2");
    expect(regionOf({}, "eu-west-1")).toBe("eu-west-1");
  });

  it("leaves unknown values to apply time", () => {
    expect(
      checkOriginationNumber({
        ...request,
        isoCountryCode: UNKNOWN,
        numberCapabilities: UNKNOWN as never,
        poolId: UNKNOWN,
      }),
    ).toEqual([]);
  });
});

describe("diffOriginationNumber", () => {
  const diff = (news: Partial<OriginationNumberInputs>, base: Partial<OriginationNumberOutputs> = {}) =>
    diffOriginationNumber({ ...olds, ...base }, { ...request, tags: { team: "cx" }, ...news });

  it("changes nothing for the same inputs, whatever the order of capabilities", () => {
    expect(diff({})).toMatchObject({ changes: false, replaces: [], updates: [] });
    expect(diff({ numberCapabilities: ["VOICE", "SMS"] }).changes).toBe(false);
  });

  it("replaces only for another number: country, message type, capabilities, type, registration, region, adopted id", () => {
    expect(diff({ isoCountryCode: "CA" }).replaces).toEqual(["isoCountryCode"]);
    expect(diff({ messageType: "PROMOTIONAL" }).replaces).toEqual(["messageType"]);
    expect(diff({ numberCapabilities: ["SMS"] }).replaces).toEqual(["numberCapabilities"]);
    expect(diff({ numberType: "TOLL_FREE" }).replaces).toEqual(["numberType"]);
    expect(diff({ registrationId: "reg-2" }, { registrationId: "reg-1" }).replaces).toEqual(["registrationId"]);
    expect(diff({ registrationId: undefined }, { registrationId: "reg-1" }).replaces).toEqual([]);
    expect(diff({ region: "eu-west-2" }).replaces).toEqual(["region"]);
    expect(diff({ isoCountryCode: UNKNOWN }).replaces).toEqual(["isoCountryCode"]);
  });

  it("adopting compares ids and ARNs alike", () => {
    const adopted = { ...olds, origin: "adopt" as const };
    expect(diffOriginationNumber(adopted, { ownerUrn, phoneNumberId: ARN, tags: { team: "cx" } }).changes).toBe(false);
    expect(
      diffOriginationNumber(adopted, { ownerUrn, phoneNumberId: olds.phoneNumberId, tags: { team: "cx" } }).changes,
    ).toBe(false);
    expect(
      diffOriginationNumber(adopted, { ownerUrn, phoneNumberId: "phone-other", tags: { team: "cx" } }).replaces,
    ).toEqual(["phoneNumberId"]);
  });

  it("updates settings in place; unset leaves AWS's value; removing poolId leaves the pool", () => {
    expect(diff({ deletionProtectionEnabled: true }).updates).toEqual(["deletionProtectionEnabled"]);
    expect(diff({}, { deletionProtectionEnabled: true }).changes).toBe(false);
    expect(diff({ twoWayChannelEnabled: true, twoWayChannelArn: "connect.us-east-1.amazonaws.com" }).updates).toEqual([
      "twoWayChannelEnabled",
      "twoWayChannelArn",
    ]);
    expect(
      diff(
        { poolId: "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-1" },
        { poolId: "pool-1", declaredPoolId: "pool-1" },
      ).changes,
    ).toBe(false);
    expect(diff({}, { poolId: "pool-1", declaredPoolId: "pool-1" }).updates).toEqual(["poolId"]);
    expect(diff({}, { poolId: "pool-1" }).changes).toBe(false);
    expect(diff({ tags: { team: "cx", tier: "1" } }).updates).toEqual(["tags"]);
    expect(diff({ forceDisassociate: true }).updates).toEqual(["forceDisassociate"]);
    expect(diff({ ownerUrn: ownerUrn.replace("alerts", "alerts-2") }).updates).toEqual(["ownerUrn"]);
  });

  it("never replaces for a change of in-place settings or tags", () => {
    fc.assert(
      fc.property(
        fc.record({
          deletionProtectionEnabled: fc.option(fc.boolean(), { nil: undefined }),
          selfManagedOptOutsEnabled: fc.option(fc.boolean(), { nil: undefined }),
          optOutListName: fc.option(fc.constantFrom("Default", "Support", UNKNOWN), { nil: undefined }),
          poolId: fc.option(fc.constantFrom("pool-1", UNKNOWN), { nil: undefined }),
          tags: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 })), {
            nil: undefined,
          }),
          waitForActiveSeconds: fc.option(fc.nat(1000), { nil: undefined }),
        }),
        (news) => {
          expect(diff(news).replaces).toEqual([]);
        },
      ),
    );
  });
});

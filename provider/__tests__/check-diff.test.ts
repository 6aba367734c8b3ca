import fc from "fast-check";
import { checkInputs } from "../../core/inputs/connect";
import { diffPhoneNumber } from "../diff";
import { diffWith } from "../runtime/engine-calls";
import { PhoneNumberInputs, PhoneNumberOutputs, UNKNOWN } from "../shape";

const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/aaaa-1111";
const TDG = "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/tdg-1";
const OTHER_REGION = "arn:aws:connect:eu-west-2:123456789012:instance/bbbb-2222";

const URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::support";
const owned = { ownerUrn: URN };
const olds: PhoneNumberOutputs = {
  ...owned,
  lease: "lease-1",
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
    expect(
      checkInputs("a", { ...owned, instanceId: "aaaa-1111", countryCode: "US", type: "DID", prefix: "+1206" }),
    ).toEqual([]);
    expect(checkInputs("a", { ...owned, phoneNumberId: "id-1" })).toEqual([]);
    expect(checkInputs("a", { ...owned, targetArn: TDG, adopt: true, phoneNumber: "+18005550100" })).toEqual([]);
  });

  it("names the resource, the property, the value and the fix", () => {
    const failures = checkInputs("support", {
      ...owned,
      targetArn: INSTANCE,
      phoneNumber: "18005550100",
      countryCode: "us",
    });
    expect(failures.map((f) => f.property)).toEqual(["countryCode", "phoneNumber", "countryCode"]);
    expect(failures[1].reason).toBe(
      'PhoneNumber "support": phoneNumber = "18005550100": is not an E.164 phone number. Add the leading + and country code: "+18005550100".',
    );
    expect(checkInputs("x", { ...owned }).map((f) => f.property)).toEqual(["phoneNumber", "targetArn"]);
    expect(
      checkInputs("x", { ...owned, targetArn: INSTANCE, instanceId: "i", phoneNumber: "+18005550100" }).map(
        (f) => f.property,
      ),
    ).toEqual(["instanceId"]);
  });

  it("refuses an adopt that is not a boolean: a string would claim the number instead of adopting it", () => {
    const failures = checkInputs("legacy", {
      ...owned,
      targetArn: INSTANCE,
      phoneNumber: "+18005550100",
      adopt: "true" as unknown as boolean,
    });
    expect(failures.map((f) => f.reason)).toEqual([
      'PhoneNumber "legacy": adopt = "true": must be true or false. Use a boolean: adopt: true adopts the number the account holds, with no claim.',
    ]);
    expect(checkInputs("a", { ...owned, targetArn: INSTANCE, phoneNumber: "+18005550100", adopt: false })).toEqual([]);
  });

  it("refuses a prefix of another country's calling code than countryCode, which no search could ever meet", () => {
    const failures = checkInputs("sales", {
      ...owned,
      targetArn: INSTANCE,
      countryCode: "US",
      type: "DID",
      prefix: "+4420",
    });
    expect(failures.map((f) => f.reason)).toEqual([
      'PhoneNumber "sales": prefix = "+4420": is not in US, whose calling code is +1. Start the prefix with +1, or set countryCode to the prefix\'s country.',
    ]);
    expect(checkInputs("a", { ...owned, targetArn: INSTANCE, countryCode: "GB", type: "DID", prefix: "+4" })).toEqual(
      [],
    );
    expect(
      checkInputs("a", { ...owned, targetArn: INSTANCE, countryCode: "CA", type: "DID", prefix: "+1416" }),
    ).toEqual([]);
  });

  it("leaves values unknown at preview to apply time", () => {
    expect(checkInputs("a", { ...owned, targetArn: UNKNOWN, phoneNumber: UNKNOWN })).toEqual([]);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            "targetArn",
            "instanceId",
            "phoneNumber",
            "countryCode",
            "type",
            "prefix",
            "phoneNumberId",
            "adopt",
            "description",
            "tags",
            "deletionProtection",
          ),
          fc.anything(),
        ),
        (news) => {
          for (const f of checkInputs("r", { ...owned, ...(news as Partial<PhoneNumberInputs>) })) {
            expect(f.reason.startsWith('PhoneNumber "r": ')).toBe(true);
          }
        },
      ),
    );
  });
});

describe("diffPhoneNumber", () => {
  const news = (extra: Partial<PhoneNumberInputs>): PhoneNumberInputs => ({
    ...owned,
    targetArn: INSTANCE,
    phoneNumber: "+18005550100",
    description: "Support",
    tags: { team: "cx" },
    ...extra,
  });

  it("replaces only when the number must change", () => {
    expect(diffPhoneNumber(olds, news({})).changes).toBe(false);
    expect(diffPhoneNumber(olds, news({ phoneNumber: "+18005550101" })).replaces).toEqual(["phoneNumber"]);
    expect(diffPhoneNumber(olds, news({ targetArn: OTHER_REGION })).replaces).toEqual(["targetArn"]);
    expect(diffPhoneNumber(olds, news({ phoneNumber: UNKNOWN })).replaces).toEqual(["phoneNumber"]);
  });

  it("keeps a searched number that still meets the criteria, and moving to search mode when it does", () => {
    const search = (extra: Partial<PhoneNumberInputs>) =>
      news({ phoneNumber: undefined, countryCode: "US", type: "TOLL_FREE", ...extra });
    expect(diffPhoneNumber(olds, search({ prefix: "+1800" })).replaces).toEqual([]);
    expect(diffPhoneNumber(olds, search({ prefix: "+180055" })).replaces).toEqual([]);
    expect(diffPhoneNumber(olds, search({ prefix: "+1888" })).replaces).toEqual(["prefix"]);
    expect(diffPhoneNumber(olds, search({ type: "DID" })).replaces).toEqual(["type"]);
    expect(diffPhoneNumber(olds, search({ countryCode: "CA" })).replaces).toEqual(["countryCode"]);
  });

  it("updates target (same region), description, tags, deletionProtection and the owner (an alias) in place", () => {
    const d = diffPhoneNumber(
      olds,
      news({
        targetArn: TDG,
        description: "x",
        tags: { team: "ops" },
        deletionProtection: true,
        ownerUrn: `${URN}-renamed`,
      }),
    );
    expect(d).toEqual({
      changes: true,
      replaces: [],
      updates: ["targetArn", "description", "tags", "deletionProtection", "ownerUrn"],
      deleteBeforeReplace: false,
    });
    expect(diffPhoneNumber(olds, news({ targetArn: undefined, instanceId: "aaaa-1111" })).changes).toBe(false);
    expect(diffPhoneNumber({ ...olds, tags: { team: "cx", "connect-numbers:stack": "p/dev" } }, news({})).changes).toBe(
      false,
    );
  });
});

describe("diffPhoneNumber: identities, regions, partial and failed state", () => {
  const ARN = "arn:aws:connect:us-east-1:123456789012:phone-number/id-1";
  const news = (extra: Partial<PhoneNumberInputs>): PhoneNumberInputs => ({
    ...owned,
    targetArn: INSTANCE,
    phoneNumber: "+18005550100",
    description: "Support",
    tags: { team: "cx" },
    ...extra,
  });

  it("adopting by ARN or by bare id names the same number: no change", () => {
    const adopted = { ...olds, origin: "adopt" as const };
    expect(diffPhoneNumber(adopted, news({ phoneNumber: undefined, phoneNumberId: ARN })).changes).toBe(false);
    expect(diffPhoneNumber(adopted, news({ phoneNumber: undefined, phoneNumberId: "id-1" })).changes).toBe(false);
    expect(diffPhoneNumber(adopted, news({ phoneNumber: undefined, phoneNumberId: "id-2" })).replaces).toEqual([
      "phoneNumberId",
    ]);
  });

  it("replaces on another region: by target, by the region input, or (instanceId only) by stack config", () => {
    expect(
      diffPhoneNumber(
        { ...olds, region: "us-east-1" },
        news({ targetArn: undefined, instanceId: "aaaa-1111", region: "eu-west-2" }),
      ).replaces,
    ).toEqual(["region"]);
    expect(
      diffPhoneNumber(olds, news({ targetArn: undefined, instanceId: "aaaa-1111" }), { defaultRegion: "eu-west-2" })
        .replaces,
    ).toEqual(["region"]);
    expect(
      diffPhoneNumber(olds, news({ targetArn: undefined, instanceId: "aaaa-1111" }), { defaultRegion: "us-east-1" })
        .changes,
    ).toBe(false);
    expect(diffPhoneNumber(olds, news({ targetArn: UNKNOWN })).replaces).toEqual(["targetArn"]);
  });

  it("retries a FAILED claim by a replacement and a FAILED move in place", () => {
    expect(diffPhoneNumber({ ...olds, status: "FAILED" }, news({})).replaces).toEqual(["status"]);
    const failedMove = diffPhoneNumber(
      { ...olds, status: "FAILED", failedOperation: "move" },
      news({ targetArn: TDG }),
    );
    expect(failedMove).toMatchObject({ replaces: [], updates: ["status", "targetArn"] });
  });

  it("reads partial state (a create interrupted after the claim) and 0.1 state without throwing", () => {
    const partial = {
      phoneNumberId: "id-1",
      status: "UNKNOWN",
      origin: "claim",
      ...owned,
      countryCode: undefined,
      type: undefined,
    } as unknown as PhoneNumberOutputs;
    expect(
      diffPhoneNumber(partial, news({ phoneNumber: undefined, countryCode: "US", type: "DID", prefix: "+1206" })),
    ).toMatchObject({ replaces: [], updates: expect.arrayContaining(["status"]) });
    const legacy = {
      ...olds,
      ownerUrn: undefined,
      lease: undefined,
      claimKey: "k",
      ownerStack: "p/dev",
      ownerResource: "support",
    };
    expect(diffPhoneNumber(legacy, news({}))).toMatchObject({ replaces: [], updates: ["ownerUrn"] });
  });

  it("never throws on state and inputs of any shape", () => {
    fc.assert(
      fc.property(
        fc.record({
          phoneNumber: fc.option(fc.string(), { nil: undefined }),
          targetArn: fc.option(fc.constantFrom(INSTANCE, TDG, OTHER_REGION), { nil: undefined }),
          status: fc.constantFrom("CLAIMED", "FAILED", "UNKNOWN", "IN_PROGRESS"),
          arn: fc.option(fc.constant(ARN), { nil: undefined }),
        }),
        fc.record({
          phoneNumber: fc.option(fc.constantFrom("+18005550100", UNKNOWN), { nil: undefined }),
          countryCode: fc.option(fc.constant("US"), { nil: undefined }),
          type: fc.option(fc.constant("DID"), { nil: undefined }),
          prefix: fc.option(fc.constantFrom("+1800", UNKNOWN), { nil: undefined }),
          instanceId: fc.option(fc.constant("aaaa-1111"), { nil: undefined }),
          region: fc.option(fc.constantFrom("us-east-1", UNKNOWN), { nil: undefined }),
        }),
        (o, n) => {
          const d = diffPhoneNumber({ phoneNumberId: "id-1", origin: "claim", ...o } as unknown as PhoneNumberOutputs, {
            ...owned,
            ...n,
          });
          expect(d.changes).toBe(d.replaces.length + d.updates.length > 0);
        },
      ),
    );
  });
});

describe("diffWith: replacements that cannot work are refused before any claim", () => {
  it("a specific number asked for in another region: it cannot move there, and the claim there would fail", () => {
    expect(() => diffWith(undefined, olds, { ...owned, targetArn: OTHER_REGION, phoneNumber: "+18005550100" })).toThrow(
      'PhoneNumber "support": +18005550100 lives in us-east-1 and a number cannot move to another region (targetArn is in eu-west-2). Keep targetArn in us-east-1, or choose another phoneNumber for eu-west-2.',
    );
    expect(
      diffWith(undefined, olds, { ...owned, targetArn: OTHER_REGION, phoneNumber: "+18005550101" }).replaces,
    ).toEqual(["phoneNumber", "targetArn"]);
    expect(diffWith(undefined, olds, { ...owned, targetArn: UNKNOWN, phoneNumber: "+18005550100" }).replaces).toEqual([
      "targetArn",
    ]);
  });

  it("a replacement that would release a number under deletionProtection, unless the change turns it off", () => {
    const guarded = { ...olds, deletionProtection: true };
    expect(() =>
      diffWith(undefined, guarded, {
        ...owned,
        targetArn: INSTANCE,
        phoneNumber: "+18005550101",
        deletionProtection: true,
      }),
    ).toThrow(/replaces \+18005550100.*deletionProtection: false in the same change/);
    expect(
      diffWith(undefined, guarded, {
        ...owned,
        targetArn: INSTANCE,
        phoneNumber: "+18005550101",
        deletionProtection: false,
      }).replaces,
    ).toEqual(["phoneNumber"]);
    expect(
      diffWith(undefined, guarded, { ...owned, targetArn: TDG, phoneNumber: "+18005550100", deletionProtection: true })
        .replaces,
    ).toEqual([]);
  });
});

describe("checkInputs: regions", () => {
  it("refuses a region that contradicts the target or the adopted ARN, and one that is not a region", () => {
    expect(
      checkInputs("a", { ...owned, targetArn: INSTANCE, phoneNumber: "+18005550100", region: "eu-west-2" }).map(
        (f) => f.property,
      ),
    ).toEqual(["region"]);
    expect(
      checkInputs("a", {
        ...owned,
        phoneNumberId: "arn:aws:connect:eu-west-2:123456789012:phone-number/x",
        targetArn: INSTANCE,
      }).map((f) => f.property),
    ).toEqual(["phoneNumberId"]);
    expect(
      checkInputs("a", { ...owned, instanceId: "aaaa-1111", phoneNumber: "+18005550100", region: "Frankfurt" }).map(
        (f) => f.property,
      ),
    ).toEqual(["region"]);
    expect(
      checkInputs("a", { ...owned, instanceId: "aaaa-1111", phoneNumber: "+18005550100", region: "eu-central-1" }),
    ).toEqual([]);
  });
});

describe("an owner URN set by hand", () => {
  it("is refused by PhoneNumber and PhoneNumberSet alike, naming the class that derives it; a real or unknown one passes", async () => {
    const { checkSetInputs } = await import("../../core/inputs/set");
    const single = checkInputs("support", { targetArn: INSTANCE, phoneNumber: "+18005550100", ownerUrn: "support" });
    const set = checkSetInputs({ targetArn: INSTANCE, countryCode: "US", type: "DID", count: 2, ownerUrn: "fleet" });
    expect(single).toEqual([
      expect.objectContaining({
        property: "ownerUrn",
        reason: expect.stringContaining("connect-numbers' PhoneNumber class"),
      }),
    ]);
    expect(set).toEqual([
      expect.objectContaining({
        property: "ownerUrn",
        reason: expect.stringContaining("connect-numbers' PhoneNumberSet class"),
      }),
    ]);
    expect(checkInputs("support", { targetArn: INSTANCE, phoneNumber: "+18005550100", ownerUrn: URN })).toEqual([]);
    expect(
      checkInputs("support", { targetArn: INSTANCE, phoneNumber: "+18005550100", ownerUrn: UNKNOWN as never }),
    ).toEqual([]);
  });
});

describe("an input the resource does not take", () => {
  const SET_URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::pool";

  it("is refused by PhoneNumberSet, naming the set, the key and the nearest input (a set given prefix held no numbers)", async () => {
    const { checkSetInputs } = await import("../../core/inputs/set");
    const failures = checkSetInputs({
      ownerUrn: SET_URN,
      targetArn: INSTANCE,
      countryCode: "US",
      type: "DID",
      prefix: { "+1212": 2 },
    } as never);
    expect(failures).toEqual([
      {
        property: "prefix",
        reason:
          'PhoneNumberSet "pool": prefix = {"+1212":2}: is not an input of PhoneNumberSet, so it would be ignored. Did you mean prefixes?',
      },
    ]);
  });

  it("is refused by PhoneNumber too; with no input near, the inputs are listed; Pulumi's own keys and unset values pass", () => {
    const news = { ...owned, targetArn: INSTANCE, countryCode: "US", type: "DID" };
    expect(checkInputs("support", { ...news, prefixes: "+1212" } as never)).toEqual([
      {
        property: "prefixes",
        reason:
          'PhoneNumber "support": prefixes = "+1212": is not an input of PhoneNumber, so it would be ignored. Did you mean prefix?',
      },
    ]);
    const [far] = checkInputs("support", { ...news, shelf: 3 } as never);
    expect(far.reason).toContain(
      "shelf = 3: is not an input of PhoneNumber, so it would be ignored. Use one of: adopt, ",
    );
    expect(checkInputs("support", { ...news, __provider: "…", arn: undefined } as never)).toEqual([]);
  });
});

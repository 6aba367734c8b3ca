import { PhoneNumberCountryCode as SdkCountryCodes, PhoneNumberType as SdkTypes } from "@aws-sdk/client-connect";
import fc from "fast-check";
import { getCountries, getExampleNumber } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import * as validation from "../validation";

describe("validation", () => {
  it("keeps the enums equal to the SDK's", () => {
    expect([...validation.PHONE_NUMBER_COUNTRY_CODES].sort()).toEqual(Object.values(SdkCountryCodes).sort());
    expect([...validation.PHONE_NUMBER_TYPES].sort()).toEqual(Object.values(SdkTypes).sort());
  });

  it("accepts every country's example number, as AWS would return it", () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (example)
        expect(validation.validatePhoneNumber("phoneNumber", example.number)).toMatchObject({ e164: example.number });
    }
  });

  it("never crashes and names the property, the value and a fix for anything not E.164", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object()), (value) => {
        const result = validation.validatePhoneNumber("phoneNumber", value);
        if (validation.isFailure(result)) {
          const text = validation.formatFailure(result);
          expect(text.startsWith("phoneNumber = ")).toBe(true);
          expect(result.fix.length).toBeGreaterThan(0);
        } else {
          expect(value).toMatch(/^\+[1-9]\d{1,14}$/);
        }
      }),
    );
  });

  it("suggests the fix for common slips", () => {
    expect(validation.validatePhoneNumber("phoneNumber", "+1 (800) 555-0100")).toMatchObject({
      fix: 'Remove spaces and punctuation: "+18005550100".',
    });
    expect(validation.validatePhoneNumber("phoneNumber", "18005550100")).toMatchObject({
      fix: 'Add the leading + and country code: "+18005550100".',
    });
    expect(validation.isFailure(validation.validatePhoneNumber("phoneNumber", "+1800"))).toBe(true);
    // A national number: "+8005550100" would be refused in turn (the wrong length for +800).
    for (const typed of ["8005550100", "(800) 555-0100"])
      expect(validation.validatePhoneNumber("phoneNumber", typed)).toMatchObject({
        fix: 'Add the leading + and the country code: "+18005550100" for a North American number, else the country\'s own code.',
      });
  });

  it("checks prefixes as Connect does, and matches numbers by digits", () => {
    expect(validation.validatePrefix("prefix", "+1800")).toBeUndefined();
    expect(validation.validatePrefix("prefix", "1800")).toMatchObject({ property: "prefix" });
    // Each fix is a prefix the same check passes.
    const fixes = {
      "212":
        'Add the leading + and the country code: "+1212" for a North American number, else the country\'s own code.',
      "1212": 'Add the leading +: "+1212" (AWS requires the + and country code).',
      "+1 212": 'Remove spaces and punctuation: "+1212".',
      "(212)":
        'Add the leading + and the country code: "+1212" for a North American number, else the country\'s own code.',
    };
    for (const [typed, fix] of Object.entries(fixes)) {
      expect(validation.validatePrefix("prefix", typed)).toMatchObject({ fix });
      expect(validation.validatePrefix("prefix", /"(\+\d+)"/.exec(fix)![1])).toBeUndefined();
    }
    expect(validation.matchesPrefix("+18005550100", "+1800")).toBe(true);
    expect(validation.matchesPrefix("+18885550100", "+1800")).toBe(false);
  });

  it("parses instance and traffic distribution group ARNs, and points ids and ARNs to the right property", () => {
    expect(validation.parseTargetArn("arn:aws:connect:us-west-2:123456789012:instance/abc-123")).toMatchObject({
      region: "us-west-2",
      kind: "instance",
      id: "abc-123",
      accountId: "123456789012",
    });
    expect(
      validation.parseTargetArn("arn:aws-us-gov:connect:us-gov-west-1:123456789012:traffic-distribution-group/tdg-1"),
    ).toMatchObject({ partition: "aws-us-gov", kind: "traffic-distribution-group" });
    expect(validation.validateTargetArn("targetArn", "abc-123")).toMatchObject({
      fix: expect.stringContaining("instanceId"),
    });
    expect(
      validation.validateTargetArn("targetArn", "arn:aws:connect:us-east-1:123456789012:instance/abc/queue/q"),
    ).toMatchObject({ property: "targetArn" });
    expect(validation.validateInstanceId("instanceId", "arn:aws:connect:us-east-1:1:instance/x")).toMatchObject({
      fix: "That is an ARN: pass it as targetArn.",
    });
    expect(validation.validateInstanceId("instanceId", "abc-123")).toBeUndefined();
  });

  it("applies AWS's tag limits, reserving the ownership tags", () => {
    expect(validation.validateTags("tags", { team: "cx" }, ["connect-numbers:stack"])).toEqual([]);
    const bad = validation.validateTags(
      "tags",
      { "aws:x": "1", "": "2", ok: 3, "connect-numbers:stack": "x", long: "v".repeat(257) },
      ["connect-numbers:stack"],
    );
    expect(bad.map((f) => f.property)).toEqual([
      'tags["aws:x"]',
      'tags[""]',
      'tags["ok"]',
      'tags["connect-numbers:stack"]',
      'tags["long"]',
    ]);
    const many = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, "v"]));
    expect(validation.validateTags("tags", many, ["a", "b", "c"])).toHaveLength(1);
    expect(validation.validateTags("tags", ["x"])).toHaveLength(1);
  });

  it("checks descriptions, countries and types with a fix", () => {
    expect(validation.validateDescription("description", "x".repeat(500))).toBeUndefined();
    expect(validation.validateDescription("description", "x".repeat(501))).toMatchObject({
      reason: "is 501 characters, over 500",
    });
    expect(validation.validateCountryCode("countryCode", "US")).toBe("US");
    expect(validation.validateCountryCode("countryCode", "us")).toMatchObject({
      reason: "must be upper case",
      fix: 'Write "US".',
    });
    expect(validation.validateNumberType("type", "TOLL_FREE")).toBe("TOLL_FREE");
    expect(validation.validateNumberType("type", "toll-free")).toMatchObject({ fix: 'Use "TOLL_FREE".' });
  });
});

describe("nearestName", () => {
  it("offers the same name in another case, the nearest within two edits, or the one name it starts; else nothing", () => {
    const known = ["prefixes", "count", "deletionProtection", "deletionProtectionEnabled", "region", "release"];
    expect(validation.nearestName("Count", known)).toBe("count");
    expect(validation.nearestName("prefix", known)).toBe("prefixes");
    expect(validation.nearestName("deletionProtect", ["deletionProtectionEnabled", "poolId"])).toBe(
      "deletionProtectionEnabled",
    );
    expect(validation.nearestName("shelf", known)).toBeUndefined();
    // Too short to start one name only: "re" begins region and release alike.
    expect(validation.nearestName("re", known)).toBeUndefined();
    // A known name with a suffix (an SMS number's input given to a set): the longest known name it starts with.
    expect(validation.nearestName("deletionProtectionEnabled", ["deletionProtection", "count", "region"])).toBe(
      "deletionProtection",
    );
  });

  it("points an input of another kind to that kind: count on a PhoneNumber asks for a PhoneNumberSet", () => {
    const [f] = validation.unknownInputFailures("PhoneNumber", { count: 2 }, ["countryCode", "type", "prefix"]);
    expect(f.fix).toContain("declare a PhoneNumberSet, which takes count");
    expect(f.fix).not.toContain("countryCode?");
  });
});

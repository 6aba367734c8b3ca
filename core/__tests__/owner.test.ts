import fc from "fast-check";
import {
  LEASE_TAG,
  LEGACY_RESOURCE_TAG,
  OWNER_KEY_TAG,
  OWNER_STACK_TAG,
  PHONE_NUMBER_TYPE,
  ownerFromUrn,
  ownerKey,
  ownerUrn,
  ownershipFromTags,
  ownershipTags,
  parseUrn,
  tagSafe,
  userTags,
} from "../owner";

describe("owner identity", () => {
  const base = { project: "cc", stack: "prod", type: PHONE_NUMBER_TYPE, name: "support" };

  it("builds URNs by Pulumi's rule: top level, under the root stack, and under a component", () => {
    expect(ownerUrn(base)).toBe("urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumber::support");
    expect(ownerUrn({ ...base, parentUrn: "urn:pulumi:prod::cc::pulumi:pulumi:Stack::cc-prod" })).toBe(ownerUrn(base));
    const parent = "urn:pulumi:prod::cc::acme:index:ContactCentre::main";
    expect(ownerUrn({ ...base, parentUrn: parent })).toBe(
      "urn:pulumi:prod::cc::acme:index:ContactCentre$pulumi-nodejs:dynamic/connect:PhoneNumber::support",
    );
    const child = ownerUrn({ ...base, parentUrn: parent });
    expect(
      ownerUrn({
        ...base,
        name: "x",
        parentUrn: ownerUrn({ ...base, type: "acme:index:Lines", name: "lines", parentUrn: parent }),
      }),
    ).toBe(
      "urn:pulumi:prod::cc::acme:index:ContactCentre$acme:index:Lines$pulumi-nodejs:dynamic/connect:PhoneNumber::x",
    );
    expect(parseUrn(child)).toEqual({
      stack: "prod",
      project: "cc",
      qualifiedType: "acme:index:ContactCentre$pulumi-nodejs:dynamic/connect:PhoneNumber",
      type: PHONE_NUMBER_TYPE,
      parentTypes: ["acme:index:ContactCentre"],
      name: "support",
    });
  });

  it("parses what it builds, names with '::' included, and refuses what is not a URN", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
        fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/),
        fc.string({ minLength: 1 }),
        (project, stack, name) => {
          const urn = ownerUrn({ project, stack, type: PHONE_NUMBER_TYPE, name });
          expect(parseUrn(urn)).toMatchObject({ project, stack, name, type: PHONE_NUMBER_TYPE });
          expect(ownerFromUrn(urn)).toEqual({ stack: `${project}/${stack}`, urn, key: ownerKey(urn) });
        },
      ),
    );
    expect(parseUrn("arn:aws:connect:us-east-1:1:phone-number/x")).toBeUndefined();
    expect(parseUrn("urn:pulumi:dev::p::t")).toBeUndefined();
  });

  it("tags carry a key that fits any URN, and a display URN AWS accepts", () => {
    const long = ownerUrn({ ...base, name: `a$b${"n".repeat(400)}` });
    const tags = ownershipTags(ownerFromUrn(long)!, "lease-1");
    for (const v of Object.values(tags)) {
      expect(v.length).toBeLessThanOrEqual(256);
      expect(v).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
    }
    expect(ownershipFromTags(tags)).toEqual({
      stack: "cc/prod",
      key: ownerKey(long),
      urnTag: tagSafe(long),
      lease: "lease-1",
      legacy: false,
    });
    expect(userTags({ ...tags, team: "cx" })).toEqual({ team: "cx" });
  });

  it("reads 0.1 tags (resource name only) as the top-level resource of that name", () => {
    const legacy = { [OWNER_STACK_TAG]: "cc/prod", [LEGACY_RESOURCE_TAG]: "support" };
    expect(ownershipFromTags(legacy)).toMatchObject({ stack: "cc/prod", key: ownerKey(ownerUrn(base)), legacy: true });
    expect(ownershipFromTags({ team: "x" })).toBeUndefined();
    expect(ownershipFromTags({ [OWNER_STACK_TAG]: "cc/prod", [OWNER_KEY_TAG]: "k", [LEASE_TAG]: "l" })).toMatchObject({
      key: "k",
      lease: "l",
    });
  });
});

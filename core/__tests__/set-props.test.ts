import fc from "fast-check";
import { ADOPTED_GROUP, SetMember, planSet } from "../fleet";
import { readSetFacts, setChangeOf } from "../set-props";
import { UNKNOWN } from "../unknown";

const prefixes = ["+1212", "+12125", "+1415"];
const memberArb = fc.record({
  prefix: fc.constantFrom(...prefixes, "+1800"),
  digits: fc.integer({ min: 0, max: 99999 }),
  group: fc.option(fc.constantFrom("prefix:+1212", "prefix:+1415", "any", ADOPTED_GROUP), { nil: undefined }),
});
const heldArb = fc.uniqueArray(memberArb, { selector: (m) => `${m.prefix}${m.digits}`, maxLength: 25 }).map((ms) =>
  ms.map((m): SetMember => ({
    phoneNumber: `${m.prefix}${String(m.digits).padStart(10 - m.prefix.length + 1, "0")}`,
    phoneNumberId: `id-${m.prefix.slice(1)}-${m.digits}`,
    group: m.group,
  })),
);
const declArb = fc.record({
  prefixes: fc.dictionary(fc.constantFrom(...prefixes), fc.integer({ min: 0, max: 8 })),
  count: fc.integer({ min: 0, max: 5 }),
  adoptExisting: fc.boolean(),
});

describe("a set's change as the faces count it (setChangeOf)", () => {
  it("splits what the set held into kept, released by name, unwanted and handed out, each number once", () => {
    fc.assert(
      fc.property(
        heldArb,
        declArb,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (held, d, releaseIdx, takenIdx) => {
          const release = releaseIdx.filter((i) => i < held.length).map((i) => held[i].phoneNumber);
          const taken = new Set(takenIdx.filter((i) => i < held.length).map((i) => held[i].phoneNumberId));
          const c = setChangeOf(held, { ...d, release }, (m) => taken.has(m.phoneNumberId));
          const parts = [...c.keep, ...c.releases, ...c.unwanted, ...c.handedOut].map((m) => m.phoneNumberId).sort();
          expect(parts).toEqual(held.map((m) => m.phoneNumberId).sort());
          // A number a single resource takes is never released, refused, or counted against a slot.
          expect(c.handedOut.every((m) => taken.has(m.phoneNumberId))).toBe(true);
          expect([...c.keep, ...c.releases, ...c.unwanted].some((m) => taken.has(m.phoneNumberId))).toBe(false);
          // Without numbers handed out, it is the set rule itself.
          if (taken.size === 0) expect(c.claims).toEqual(planSet(held, { ...d, release }).claims);
        },
      ),
    );
  });

  it("a delete releases everything the set held", () => {
    const held: SetMember[] = [{ phoneNumber: "+12125550100", phoneNumberId: "a" }];
    expect(setChangeOf(held, undefined)).toMatchObject({ releases: held, claims: [], unwanted: [] });
  });

  it("adopted numbers are kept on top of the counts while adoptExisting holds, and unwanted after", () => {
    const held: SetMember[] = [{ phoneNumber: "+12125550100", phoneNumberId: "a", group: ADOPTED_GROUP }];
    expect(setChangeOf(held, { prefixes: { "+1212": 1 }, adoptExisting: true })).toMatchObject({
      claims: [{ prefix: "+1212" }],
      unwanted: [],
    });
    expect(setChangeOf(held, { prefixes: { "+1212": 1 } }).claims).toEqual([]);
    expect(setChangeOf(held, {}).unwanted.map((m) => m.phoneNumberId)).toEqual(["a"]);
  });
});

describe("reading a set's props from a plan or the pack (readSetFacts)", () => {
  it("reads the numbers held and the declaration", () => {
    const f = readSetFacts({
      targetArn: "arn:aws:connect:eu-west-2:123456789012:instance/abc",
      countryCode: "GB",
      type: "DID",
      prefixes: { "+4420": 3 },
      release: ["+442071234567"],
      numbers: [{ phoneNumber: "+442071234567", phoneNumberId: "x", group: "prefix:+4420" }, { phoneNumber: 5 }],
      deletionProtection: true,
      growBy: "fits",
    });
    expect(f).toMatchObject({
      region: "eu-west-2",
      deletionProtection: true,
      growBy: "fits",
      unknown: [],
      members: [{ phoneNumber: "+442071234567", phoneNumberId: "x" }],
    });
    expect(f.declaration).toEqual({
      prefixes: { "+4420": 3 },
      count: undefined,
      phoneNumbers: undefined,
      release: ["+442071234567"],
      adoptExisting: false,
    });
  });

  it("a claim AWS failed fills no slot: the faces count the claim the provider makes again for it", () => {
    const f = readSetFacts({
      numbers: [
        { phoneNumber: "+12125550100", phoneNumberId: "a", group: "any", status: "CLAIMED" },
        { phoneNumber: "+12125550101", phoneNumberId: "b", group: "any", status: "FAILED" },
      ],
      count: 2,
    });
    expect(f.members.map((m) => m.phoneNumberId)).toEqual(["a"]);
    expect(setChangeOf(f.members, f.declaration).claims).toHaveLength(1);
  });

  it("names what the plan does not know yet, never reading it as zero", () => {
    expect(
      readSetFacts({ prefixes: UNKNOWN, count: UNKNOWN, release: [UNKNOWN], targetArn: UNKNOWN }).unknown.sort(),
    ).toEqual(["count", "prefixes", "release", "target"]);
  });
});

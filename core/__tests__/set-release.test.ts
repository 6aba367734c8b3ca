import fc from "fast-check";
import { SetMember, planSet, unnamedShrinkRefusal } from "../fleet";
import {
  findReleaseEntryRefusals,
  foreignReleaseFailures,
  releaseEntryFailures,
  releaseEntryRefusal,
} from "../set-release";

const member = (phoneNumber: string, group?: string): SetMember => ({
  phoneNumber,
  phoneNumberId: `00000000-0000-4000-8000-${phoneNumber.slice(1).padStart(12, "0")}`,
  group,
});

describe("a set's shrink: every number that could be named", () => {
  it("lists all three when any two of three would do, and says how many to name", () => {
    const held = ["+12125550001", "+12125550002", "+12125550003"].map((n) => member(n, "any"));
    const plan = planSet(held, { count: 1 });
    expect(plan.unwanted).toHaveLength(2);
    expect(plan.candidates.map((m) => m.phoneNumber).sort()).toEqual(held.map((m) => m.phoneNumber));
    expect(unnamedShrinkRefusal('PhoneNumberSet "pool"', plan.unwanted, plan.candidates)).toContain(
      "Candidates: +12125550002, +12125550003, +12125550001 (name any 2 of them).",
    );
  });

  it("leaves out a number whose group has no number to spare", () => {
    // +1212 wants 1 and holds 1; any wants 1 and holds 2 (+1415…): only those two can go.
    const held = [member("+12125550001"), member("+14155550001"), member("+14155550002")];
    const plan = planSet(held, { prefixes: { "+1212": 1 }, count: 1 });
    expect(plan.candidates.map((m) => m.phoneNumber).sort()).toEqual(["+14155550001", "+14155550002"]);
  });

  // Numbers of three area codes; groups that nest (a number, prefixes of two lengths, any).
  const numberOf = (i: number) => `+1${["212", "415", "800"][i % 3]}555${String(i).padStart(4, "0")}`;
  const heldArb = fc.uniqueArray(fc.nat(29), { maxLength: 10 }).map((ns) => ns.map((i) => member(numberOf(i))));
  const prefixes = fc.dictionary(fc.constantFrom("+1212", "+1415", "+1", "+1212555"), fc.nat(3));
  const declaration = fc.record({ prefixes, count: fc.nat(2), phoneNumbers: fc.subarray([0, 1, 2].map(numberOf)) });

  it("names exactly the numbers whose release leaves one fewer unwanted and claims no more", () => {
    fc.assert(
      fc.property(heldArb, declaration, (held, d) => {
        const plan = planSet(held, d);
        if (plan.unwanted.length === 0) return expect(plan.candidates).toEqual([]);
        for (const m of held) {
          const named = planSet(held, { ...d, release: [m.phoneNumber] });
          const doesAsWell =
            named.unwanted.length === plan.unwanted.length - 1 && named.claims.length === plan.claims.length;
          expect({ number: m.phoneNumber, candidate: plan.candidates.includes(m) }).toEqual({
            number: m.phoneNumber,
            candidate: doesAsWell,
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("a set's release entries, judged one by one", () => {
  it("refuses each entry that is no number or id, with its own fix", () => {
    const failures = releaseEntryFailures(["+12125550001", "2125550100", "pool-1", "", 7, "+1 212 555 0100"]);
    expect(failures.map((f) => releaseEntryRefusal('PhoneNumberSet "pool"', f))).toEqual([
      'PhoneNumberSet "pool": release[1] = "2125550100": is not an E.164 phone number. Add the leading + and the country code: "+12125550100" for a North American number, else the country\'s own code.',
      'PhoneNumberSet "pool": release[3] = "": is neither an E.164 number nor a phone number id. Write the number as the set lists it ("+12125550100"), or its phoneNumberId.',
      'PhoneNumberSet "pool": release[4] = 7: is neither an E.164 number nor a phone number id. Write the number as the set lists it ("+12125550100"), or its phoneNumberId.',
      'PhoneNumberSet "pool": release[5] = "+1 212 555 0100": is not an E.164 phone number. Remove spaces and punctuation: "+12125550100".',
    ]);
    // "pool-1" is id-shaped: whether the set holds it is the diff's question (foreignReleaseFailures).
    expect(foreignReleaseFailures(["pool-1"], [member("+12125550001")]).map((f) => f.reason)).toEqual([
      "names no number the set holds",
    ]);
  });

  it("accepts the set's own numbers by E.164 or id, and numbers its last release already named", () => {
    const held = [member("+12125550001"), member("+12125550002")];
    const release = ["+12125550001", held[1].phoneNumberId, "+12125550009", "+19995550100"];
    const failures = foreignReleaseFailures(release, held, ["+12125550009"]);
    expect(failures.map((f) => releaseEntryRefusal('PhoneNumberSet "pool"', f))).toEqual([
      'PhoneNumberSet "pool": release[3] = "+19995550100": names no number the set holds. Remove it from release, or name one of the set\'s own numbers (+12125550001, +12125550002).',
    ]);
  });

  it("finds every refusal a failed preview quotes, each once", () => {
    const one = 'PhoneNumberSet "pool": release[0] = "1": is not an E.164 phone number. Add the leading +.';
    const two = 'PhoneNumberSet "pool": release[1] = "x y": is neither an E.164 number nor a phone number id. Fix.';
    expect(findReleaseEntryRefusals(`error: ${one}\n  error: ${two}\nerror: ${one}`)).toBe(`${one} ${two}`);
    expect(findReleaseEntryRefusals("error: something else")).toBeUndefined();
  });
});

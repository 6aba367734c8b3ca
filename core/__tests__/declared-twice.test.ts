import fc from "fast-check";
import { declaredTwiceRefusal, findDeclaredTwiceRefusal } from "../declared-twice";

describe("declaredTwiceRefusal", () => {
  it("names the refused resource, both declarations, the number and the fix; for a set, how to move the number", () => {
    const m = declaredTwiceRefusal({
      label: 'PhoneNumberSet "back"',
      number: "+18005550100",
      declaration: { name: "back", kind: "PhoneNumberSet" },
      other: { name: "front", kind: "PhoneNumberSet" },
    });
    expect(m).toMatch(
      /^PhoneNumberSet "back": \+18005550100 is declared twice: `back` and `front`: one number cannot belong to two resources\. Remove one declaration, or give it another number\. A PhoneNumberSet declares it in phoneNumbers: to move it from one resource to the other, take it out of the first in the same change/,
    );
    expect(m).not.toContain("aliases");
  });

  it("between two PhoneNumbers, says who holds it and how a rename keeps it", () => {
    const m = declaredTwiceRefusal({
      label: 'PhoneNumber "support-2"',
      number: "+18005550100",
      declaration: { name: "support-2", kind: "PhoneNumber" },
      other: { name: "support", kind: "PhoneNumber" },
      holder: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::support",
    });
    expect(m).toContain(
      "`support-2` and `support` (urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::support, which holds it)",
    );
    expect(m).toContain('add aliases: [{ name: "<old name>" }]');
    expect(m).not.toContain("PhoneNumberSet");
  });
});

describe("findDeclaredTwiceRefusal", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
  it("finds the refusal, whole, in any error that quotes it, and nothing in other errors", () => {
    fc.assert(
      fc.property(name, name, fc.boolean(), fc.string(), (a, b, set, prefix) => {
        const kind = set ? "PhoneNumberSet" : "PhoneNumber";
        const refusal = declaredTwiceRefusal({
          label: `${kind} "${a}"`,
          number: "+18005550100",
          declaration: { name: a, kind },
          other: { name: b, kind: "PhoneNumberSet" },
        });
        const quoted = `error: ${prefix.replace(/\n/g, " ")} has a problem: ${refusal}\n    at more lines`;
        expect(findDeclaredTwiceRefusal(quoted)).toBe(refusal);
        expect(findDeclaredTwiceRefusal(quoted.replace("declared twice", "declared once"))).toBeUndefined();
      }),
    );
  });
});

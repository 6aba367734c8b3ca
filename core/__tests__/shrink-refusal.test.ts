import fc from "fast-check";
import { findUnnamedShrinkRefusal, unnamedShrinkRefusal } from "../fleet";

const member = (n: number) => ({ phoneNumber: `+1212555${String(n).padStart(4, "0")}`, phoneNumberId: `id-${n}` });

describe("a set's unnamed-shrink refusal is found again in any error that quotes it", () => {
  it("finds the whole refusal, from the set to the fix, behind Pulumi's prefix and before a following line", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom("", "error: ", "pulumi-nodejs:dynamic/connect:PhoneNumberSet (pool):\n    error: "),
        (name, count, prefix) => {
          const refusal = unnamedShrinkRefusal(
            `PhoneNumberSet "${name}"`,
            Array.from({ length: count }, (_, i) => member(i)),
          );
          expect(findUnnamedShrinkRefusal(`${prefix}${refusal}\n    at diff (provider)`)).toBe(refusal);
        },
      ),
    );
  });

  it("finds nothing in another error, even a set's other refusals", () => {
    for (const other of [
      "error: the program failed on purpose",
      'PhoneNumberSet "pool": changing type from DID to TOLL_FREE would leave every number it holds unwanted.',
      'PhoneNumberSet "pool" has deletionProtection: releasing +12125550000 is refused.',
    ])
      expect(findUnnamedShrinkRefusal(other)).toBeUndefined();
  });
});

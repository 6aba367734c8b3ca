import { PhoneNumberCountryCode } from "@aws-sdk/client-connect";
import fc from "fast-check";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { NumberPool } from "../state/pool";

/**
 * libphonenumber's own verdict on a number, in Connect's terms (the oracle every property checks against), for
 * numbers Connect's E.164 pattern allows (libphonenumber accepts a few national numbers longer than that) and that
 * are their own E.164 form: libphonenumber also reads some digit strings as a locally dialled spelling of another
 * number ("+2612020754" is +261 20 20 207 54 in Madagascar), which is that other number, not a number of its own.
 */
function libphonenumberKind(phoneNumber: string): { country: string; type: string } | undefined {
  if (!/^\+[1-9]\d{1,14}$/.test(phoneNumber)) return undefined;
  const parsed = parsePhoneNumberFromString(phoneNumber);
  if (!parsed?.isValid() || parsed.number !== phoneNumber) return undefined;
  const connectType: Record<string, string> = {
    FIXED_LINE: "DID",
    FIXED_LINE_OR_MOBILE: "DID",
    TOLL_FREE: "TOLL_FREE",
    SHARED_COST: "SHARED",
  };
  const type = connectType[parsed.getType() ?? ""];
  if (!type) return undefined;
  if (parsed.countryCallingCode === "800")
    return type === "TOLL_FREE" ? { country: "(UIFN)", type: "UIFN" } : undefined;
  return parsed.country ? { country: parsed.country, type } : undefined;
}

function expectOffered(phoneNumber: string, country: string, type: string, prefix: string): void {
  const kind = libphonenumberKind(phoneNumber);
  expect({ phoneNumber, kind }).toEqual({
    phoneNumber,
    kind: type === "UIFN" ? { country: "(UIFN)", type } : { country, type },
  });
  expect(phoneNumber.startsWith(`+${prefix.replace(/^\+/, "")}`)).toBe(true);
  expect(phoneNumber).toMatch(/^\+[1-9]\d{1,14}$/);
}

/** Every number a search offers, page by page (the pool's own NextToken positions); undefined past `limit`. */
function offeredAll(
  pool: NumberPool,
  country: string,
  type: string,
  prefix: string,
  limit: number,
): string[] | undefined {
  const out: string[] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    if (out.length > limit) return undefined;
    const page: { numbers: string[]; next?: number } = pool.search(country, type, prefix, from, 10, new Set());
    out.push(...page.numbers);
    from = page.next;
  }
  return out;
}

const CONNECT_TYPES = ["DID", "TOLL_FREE", "SHARED", "UIFN"];
const probe = new NumberPool(7);
/** Every (country, type) the pool sells, found by asking it: the properties below check each answer. */
const SOLD = Object.values(PhoneNumberCountryCode).flatMap((country) =>
  CONNECT_TYPES.filter((type) => probe.search(country, type, undefined, 0, 1, new Set()).numbers.length > 0).map(
    (type) => ({ country, type }),
  ),
);

describe("emulator number pool", () => {
  it("sells numbers in most Connect countries, and the types libphonenumber knows there", () => {
    const countries = new Set(SOLD.map((s) => s.country));
    expect(countries.size).toBeGreaterThan(220);
    expect(SOLD).toEqual(
      expect.arrayContaining([
        { country: "US", type: "DID" },
        { country: "US", type: "TOLL_FREE" },
        { country: "GB", type: "TOLL_FREE" },
        { country: "FR", type: "SHARED" },
        { country: "JP", type: "UIFN" },
      ]),
    );
  });

  it("offers Manhattan for +1212, London for +44 20, US toll-free for +1800; fictional ranges first", () => {
    const pool = new NumberPool(1);
    const first = (country: string, type: string, prefix: string) =>
      pool.search(country, type, prefix, 0, 10, new Set()).numbers;
    for (const n of first("US", "DID", "+1212")) expectOffered(n, "US", "DID", "+1212");
    for (const n of first("GB", "DID", "+4420")) expectOffered(n, "GB", "DID", "+4420");
    for (const n of first("US", "TOLL_FREE", "+1800")) expectOffered(n, "US", "TOLL_FREE", "+1800");
    expect(first("US", "DID", "+1212")).toHaveLength(10);
    expect(first("US", "DID", "+1206").every((n) => /^\+120655501\d\d$/.test(n))).toBe(true);
    expect(first("GB", "DID", "+4420").every((n) => n.startsWith("+442079460"))).toBe(true);
  });

  it("answers nothing where a country has no such numbers, rather than inventing them", () => {
    const pool = new NumberPool(1);
    const none = (country: string, type: string, prefix?: string) =>
      expect(pool.search(country, type, prefix, 0, 10, new Set())).toEqual({ numbers: [] });
    none("CA", "TOLL_FREE"); // the NANP toll-free range is libphonenumber's US
    none("CA", "DID", "+1212"); // a US area code
    none("US", "DID", "+44");
    none("US", "SHORT_CODE");
    none("US", "THIRD_PARTY_DID");
    none("XX", "DID");
    // A country with no toll-free range in libphonenumber: none of its random valid numbers is toll-free either.
    const withoutTollFree = Object.values(PhoneNumberCountryCode).filter(
      (c) => !SOLD.some((s) => s.country === c && s.type === "TOLL_FREE"),
    );
    expect(withoutTollFree.length).toBeGreaterThan(10);
    for (const c of withoutTollFree) none(c, "TOLL_FREE");
  });

  it("takes a number only in its own E.164 form, not as a locally dialled spelling of another number", () => {
    const pool = new NumberPool(1);
    // Madagascar's metadata turns a 7-digit local number into area 20's: libphonenumber reads both as +261202020754.
    expect(parsePhoneNumberFromString("+2612020754")?.number).toBe("+261202020754");
    expect(pool.classify("+261202020754")).toEqual({ country: "MG", type: "DID" });
    expect(pool.classify("+2612020754")).toBeUndefined();
  });

  it("offers exactly the numbers libphonenumber calls valid under a prefix (brute force: up to 3 more digits)", () => {
    const geographic = SOLD.filter((s) => s.type !== "UIFN");
    fc.assert(
      fc.property(
        fc.constantFrom(...geographic),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 0, max: 1000 }),
        ({ country, type }, position, hidden, seed) => {
          const source =
            new NumberPool(seed + 1).search(country, type, undefined, position, 1, new Set()).numbers[0] ??
            new NumberPool(seed + 1).search(country, type, undefined, 0, 1, new Set()).numbers[0];
          const prefix = source.slice(0, source.length - hidden);
          // Where lengths vary, the prefix also leads to longer numbers: too many to enumerate, so skip those runs.
          const offered = offeredAll(new NumberPool(seed), country, type, prefix, 5_000);
          fc.pre(offered !== undefined);
          const expected: string[] = [];
          // One digit past the source's length too, so a length the pool leaves out is noticed.
          for (let digits = 0; digits <= hidden + 1; digits++) {
            for (let tail = 0; tail < 10 ** digits; tail++) {
              const candidate = prefix + (digits === 0 ? "" : String(tail).padStart(digits, "0"));
              const kind = libphonenumberKind(candidate);
              if (kind?.country === country && kind.type === type) expected.push(candidate);
            }
          }
          expect(new Set(offered).size).toBe(offered!.length);
          expect(offered!.filter((n) => n.length <= source.length + 1).sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 60 },
    );
  });

  it("finds numbers for any prefix of a valid number, all valid for the country and type and under the prefix", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOLD),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        ({ country, type }, position, cut, seed) => {
          const pool = new NumberPool(seed);
          const source =
            pool.search(country, type, undefined, position, 1, new Set()).numbers[0] ??
            pool.search(country, type, undefined, 0, 1, new Set()).numbers[0];
          const prefix = source.slice(0, 2 + Math.floor(cut * (source.length - 2)));
          const found = pool.search(country, type, prefix, 0, 10, new Set());
          expect(found.numbers.length).toBeGreaterThan(0);
          for (const n of found.numbers) expectOffered(n, country, type, prefix);
          // A claim of the number by itself (no country given) is recorded as what it was offered as.
          for (const n of found.numbers) expect(pool.classify(n)).toEqual({ country, type });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is the same for the same seed, another order for another seed, and skips what is unavailable", () => {
    const page = (seed: number, unavailable = new Set<string>()) =>
      new NumberPool(seed).search("DE", "DID", "+4930", 0, 10, unavailable);
    expect(page(3)).toEqual(page(3));
    expect(page(4).numbers).not.toEqual(page(3).numbers);
    const taken = new Set(page(3).numbers.slice(0, 5));
    const after = page(3, taken);
    expect(after.numbers).toEqual(expect.arrayContaining(page(3).numbers.slice(5)));
    expect(after.numbers.some((n) => taken.has(n))).toBe(false);
  });

  it("pages anywhere in a pool of billions without listing it", () => {
    const pool = new NumberPool(1);
    const deep = pool.search("US", "DID", undefined, 2_000_000_000, 10, new Set());
    expect(deep.numbers).toHaveLength(10);
    expect(deep.next).toBeGreaterThan(2_000_000_000);
    for (const n of deep.numbers) expectOffered(n, "US", "DID", "+1");
  });
});

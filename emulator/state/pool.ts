import { PhoneNumberCountryCode } from "@aws-sdk/client-connect";
import { CountryCode, Metadata, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/core";
import metadata from "libphonenumber-js/max/metadata";
import { ANY_DIGIT, DigitMask, DigitPattern, Shape } from "./digit-pattern";
import { SeededPermutation } from "./permutation";

/**
 * The numbers Connect could offer, decided by libphonenumber's metadata (the "max" set: full patterns per type).
 *
 * Assumptions, since AWS publishes no machine-readable inventory:
 * - Connect sells numbers in the countries of the API's PhoneNumberCountryCode enum that libphonenumber knows.
 * - DID is a geographic (fixed-line) number, TOLL_FREE a toll-free one, SHARED a shared-cost one; UIFN is a
 *   Universal International Freephone Number (+800). THIRD_PARTY_DID, THIRD_PARTY_TF and SHORT_CODE come from
 *   outside Connect's own inventory, so a search for them answers nothing.
 * - A country whose metadata has no range for a type has no numbers of that type: nothing is invented.
 * Every number the pool offers parses back with libphonenumber to the country and type it was offered for.
 */

type LibphonenumberType =
  | "FIXED_LINE"
  | "MOBILE"
  | "TOLL_FREE"
  | "PREMIUM_RATE"
  | "SHARED_COST"
  | "VOIP"
  | "PERSONAL_NUMBER"
  | "PAGER"
  | "UAN"
  | "VOICEMAIL";

/** The order in which libphonenumber's getNumberType tries types: a number is the first type it matches. */
const TYPE_ORDER: LibphonenumberType[] = [
  "FIXED_LINE",
  "MOBILE",
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
];
const DRAWN_FROM: Record<string, LibphonenumberType> = {
  DID: "FIXED_LINE",
  TOLL_FREE: "TOLL_FREE",
  SHARED: "SHARED_COST",
  UIFN: "TOLL_FREE",
};
const CONNECT_TYPE: Record<string, string> = {
  FIXED_LINE: "DID",
  FIXED_LINE_OR_MOBILE: "DID",
  TOLL_FREE: "TOLL_FREE",
  SHARED_COST: "SHARED",
};
const CONNECT_COUNTRIES = new Set<string>(Object.values(PhoneNumberCountryCode));
const UIFN_CALLING_CODE = "800";
const E164_MAX_DIGITS = 15;

/**
 * Ranges set aside for fiction, offered first so numbers in demos, docs and screenshots reach nobody: NANP's
 * 555-0100..0199 in every area code, and Ofcom's drama numbers (London 020 7946 0xxx, freephone 0808 157 0xxx).
 * National digits; X is any digit.
 */
const FICTIONAL: Record<string, string[]> = {
  "1": ["XXX55501XX"],
  "44": ["2079460XXX", "8081570XXX"],
};

/** How many candidates one search may look at before answering with what it found and a NextToken. */
const SCAN_BUDGET = 2_000;

interface NumberingPlanInternals {
  callingCode(): string;
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  type(type: LibphonenumberType): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

interface Plan {
  callingCode: string;
  /** The numbers of each possible length: a separate automaton per length, since type lengths differ. */
  byLength: Map<number, DigitPattern>;
  /** National digits every number of this plan starts with (a UIFN country's block). */
  block: string;
}

interface Segment {
  pattern: DigitPattern;
  shape: Shape;
  count: number;
}

/** The numbers under one search (country, type, prefix): fictional ranges first, then all others, each shuffled. */
interface SubPool {
  callingCode: string;
  fictional: Segment[];
  all: Segment[];
  fictionalOrder: SeededPermutation;
  allOrder: SeededPermutation;
  fictionalShapes: Shape[];
}

/**
 * UIFNs carry no country, so the emulator gives each country its own block of the +800 range (the 3 digits after
 * +800 encode the ISO code): a claim of a specific UIFN then knows which country it was offered for.
 */
function uifnBlock(country: string): string {
  return String(100 + (country.charCodeAt(0) - 65) * 26 + (country.charCodeAt(1) - 65));
}
function countryOfUifnBlock(block: string): string {
  const n = Number(block) - 100;
  return String.fromCharCode(65 + Math.floor(n / 26), 65 + (n % 26));
}

function numberingPlan(countryOrCallingCode: string): NumberingPlanInternals {
  const meta = new Metadata(metadata);
  // selectNumberingPlan takes a non-geographic calling code too, though its type names only countries.
  meta.selectNumberingPlan(countryOrCallingCode as CountryCode);
  return meta.numberingPlan as unknown as NumberingPlanInternals;
}

/** A pattern matching every number that starts with what `leadingDigits` matches (libphonenumber tests a prefix). */
const startingWith = (leadingDigits: string) => `(?:${leadingDigits})\\d{0,${E164_MAX_DIGITS}}`;

/** Patterns of `plan`'s types that claim a number of `length` digits (the types whose lengths include it). */
function typePatterns(plan: NumberingPlanInternals, types: LibphonenumberType[], length: number): string[] {
  return types.flatMap((t) => {
    const range = plan.type(t);
    return range?.pattern() && (range.possibleLengths() ?? [length]).includes(length) ? [range.pattern()] : [];
  });
}

const plans = new Map<string, Plan | undefined>();
function planFor(country: string, type: string): Plan | undefined {
  const key = `${country}/${type}`;
  if (!plans.has(key)) plans.set(key, makePlan(country, type));
  return plans.get(key);
}

/**
 * What libphonenumber calls a valid `type` number of `country`, as patterns: the country's general pattern and the
 * type's; not a type getNumberType tries first; and, where countries share a calling code (NANP, +44, +7, …), not
 * a number an earlier country of that code claims, since libphonenumber gives it to the first country that does
 * (US keeps the NANP toll-free range, so Canada has no toll-free numbers of its own here).
 */
function makePlan(country: string, type: string): Plan | undefined {
  const drawnFrom = DRAWN_FROM[type];
  if (!drawnFrom || !CONNECT_COUNTRIES.has(country) || !isSupportedCountry(country as CountryCode, metadata))
    return undefined;
  const uifn = type === "UIFN";
  const plan = numberingPlan(uifn ? UIFN_CALLING_CODE : country);
  const range = plan.type(drawnFrom);
  if (!range?.pattern()) return undefined;
  const callingCode = plan.callingCode();
  const sharing: string[] = uifn ? [] : (metadata.country_calling_codes[callingCode] ?? []);
  const earlier = sharing.slice(0, sharing.indexOf(country)).map((c) => numberingPlan(c));
  const earlierTypes = TYPE_ORDER.slice(0, TYPE_ORDER.indexOf(drawnFrom));
  const byLength = new Map<number, DigitPattern>();
  for (const length of range.possibleLengths() ?? []) {
    if (callingCode.length + length > E164_MAX_DIGITS) continue;
    const own = plan.leadingDigits();
    byLength.set(
      length,
      new DigitPattern({
        include: [plan.nationalNumberPattern(), range.pattern(), ...(own ? [startingWith(own)] : [])],
        exclude: [
          ...typePatterns(plan, earlierTypes, length),
          ...earlier.flatMap((other) => {
            const leading = other.leadingDigits();
            return leading ? [startingWith(leading)] : typePatterns(other, TYPE_ORDER, length);
          }),
        ],
      }),
    );
  }
  return { callingCode, byLength, block: uifn ? uifnBlock(country) : "" };
}

const digitMask = (c: string): DigitMask => (c === "X" ? ANY_DIGIT : 1 << Number(c));

/** A shape for numbers of `length` digits starting with `start`, each position also within `template` if given. */
function shapeOf(length: number, start: string, template?: string): Shape | undefined {
  if (start.length > length || (template && template.length !== length)) return undefined;
  const width = Math.max(start.length, template?.length ?? 0);
  const masks: DigitMask[] = [];
  for (let i = 0; i < width; i++) {
    const mask = (i < start.length ? digitMask(start[i]) : ANY_DIGIT) & (template ? digitMask(template[i]) : ANY_DIGIT);
    if (mask === 0) return undefined;
    masks.push(mask);
  }
  return { length, masks };
}

function fits(national: string, shape: Shape): boolean {
  return national.length === shape.length && shape.masks.every((m, i) => (m & (1 << Number(national[i]))) !== 0);
}

export class NumberPool {
  private readonly subPools = new Map<string, SubPool | undefined>();

  constructor(readonly seed: number) {}

  /**
   * Available numbers of a country and type under a prefix ("+1212", "4420", or none), in this seed's order, from
   * position `from`: at most `max`, and the position to go on from (undefined when the pool is exhausted).
   */
  search(
    country: string,
    type: string,
    prefix: string | undefined,
    from: number,
    max: number,
    unavailable: ReadonlySet<string>,
  ): { numbers: string[]; next?: number } {
    const pool = this.subPool(country, type, (prefix ?? "").replace(/^\+/, ""));
    if (!pool) return { numbers: [] };
    const end = total(pool.fictional) + total(pool.all);
    const numbers: string[] = [];
    let at = from;
    for (let scanned = 0; at < end && numbers.length < max && scanned < SCAN_BUDGET; scanned++, at++) {
      const candidate = this.numberAt(pool, at);
      // The automaton mirrors libphonenumber's rules; asking libphonenumber itself keeps any gap from leaking out.
      if (candidate && !unavailable.has(candidate) && sameKind(this.classify(candidate), country, type))
        numbers.push(candidate);
    }
    return { numbers, next: at < end ? at : undefined };
  }

  /**
   * Country and type of a number Connect could sell, for claims of a specific number; undefined if none. Only a
   * number in its own E.164 form counts: libphonenumber also reads some shorter digit strings as locally dialled
   * forms of another number (Madagascar prefixes a 7-digit local number with area code 20, so "+2612020754" is
   * +261 20 20 207 54), and taking those would let one line be claimed under two spellings.
   */
  classify(phoneNumber: string): { country: string; type: string } | undefined {
    const parsed = parsePhoneNumberFromString(phoneNumber, metadata);
    if (!parsed?.isValid() || parsed.number !== phoneNumber) return undefined;
    if (parsed.countryCallingCode === UIFN_CALLING_CODE) {
      const country = countryOfUifnBlock(parsed.nationalNumber.slice(0, 3));
      return planFor(country, "UIFN") ? { country, type: "UIFN" } : undefined;
    }
    const type = CONNECT_TYPE[parsed.getType() ?? ""];
    const country = parsed.country;
    return type && country && CONNECT_COUNTRIES.has(country) ? { country, type } : undefined;
  }

  private subPool(country: string, type: string, prefix: string): SubPool | undefined {
    const key = `${country}/${type}/${prefix}`;
    if (!this.subPools.has(key)) {
      if (this.subPools.size >= 256) this.subPools.delete(this.subPools.keys().next().value!);
      this.subPools.set(key, this.makeSubPool(country, type, prefix));
    }
    return this.subPools.get(key);
  }

  private makeSubPool(country: string, type: string, prefix: string): SubPool | undefined {
    const plan = planFor(country, type);
    if (!plan) return undefined;
    const cc = plan.callingCode;
    // The prefix includes the calling code: "1" and "1212" both fit +1; "12" fits neither +1 nor +44.
    if (!(prefix.length <= cc.length ? cc.startsWith(prefix) : prefix.startsWith(cc))) return undefined;
    const searched = prefix.slice(cc.length);
    if (!searched.startsWith(plan.block) && !plan.block.startsWith(searched)) return undefined;
    const start = searched.length > plan.block.length ? searched : plan.block;
    const segment = (length: number, shape: Shape | undefined): Segment[] => {
      const pattern = plan.byLength.get(length)!;
      return shape ? [{ pattern, shape, count: pattern.count(shape) }] : [];
    };
    const lengths = [...plan.byLength.keys()];
    const fictionalShapes = lengths
      .flatMap((l) => (FICTIONAL[cc] ?? []).map((t) => shapeOf(l, start, t)))
      .filter((s): s is Shape => s !== undefined);
    const fictional = fictionalShapes.flatMap((s) => segment(s.length, s));
    const all = lengths.flatMap((l) => segment(l, shapeOf(l, start)));
    // At most 10^14 numbers (E.164 leaves a calling code 14 digits): well inside the permutation's exact range.
    const order = (segments: Segment[], part: string) =>
      new SeededPermutation(total(segments), `${this.seed}/${country}/${type}/${part}`);
    return {
      callingCode: cc,
      fictional,
      all,
      fictionalOrder: order(fictional, "fictional"),
      allOrder: order(all, "all"),
      fictionalShapes,
    };
  }

  /** The number at a position of the sub-pool's order; undefined for a fictional one met again among all numbers. */
  private numberAt(pool: SubPool, position: number): string | undefined {
    const fictionalCount = total(pool.fictional);
    const inFictional = position < fictionalCount;
    const rank = inFictional ? pool.fictionalOrder.at(position) : pool.allOrder.at(position - fictionalCount);
    const national = nthOf(inFictional ? pool.fictional : pool.all, rank);
    if (!inFictional && pool.fictionalShapes.some((s) => fits(national, s))) return undefined;
    return `+${pool.callingCode}${national}`;
  }
}

function total(segments: Segment[]): number {
  return segments.reduce((sum, s) => sum + s.count, 0);
}

function nthOf(segments: Segment[], rank: number): string {
  for (const s of segments) {
    if (rank < s.count) return s.pattern.nth(s.shape, rank);
    rank -= s.count;
  }
  throw new RangeError(`rank ${rank} past the end of the pool`);
}

function sameKind(kind: { country: string; type: string } | undefined, country: string, type: string): boolean {
  return kind?.country === country && kind.type === type;
}

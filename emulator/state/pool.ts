import { getCountryCallingCode, getExampleNumber, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";

/** Numbers per template: the last four digits vary. */
const BLOCK = 10_000;
const NANP_TOLL_FREE = ["800", "888", "877", "866", "855", "844", "833"];
const NANP_DID = ["206", "312", "415", "512", "617", "702", "303", "404"];
const NANP = new Set(["US", "CA", "PR", "VI", "GU", "AS", "MP"]);

/**
 * The numbers a country and type could offer, as a deterministic sequence: index i is always the same number for
 * the same seed. NANP numbers use realistic area codes (toll-free 8XX, DID geographic); other countries vary the
 * last four digits of libphonenumber's example number, so every number has a length libphonenumber accepts.
 */
export class NumberPool {
  constructor(private readonly seed: number) {}

  templates(country: string, type: string): string[] {
    if (NANP.has(country)) {
      const areas = type === "TOLL_FREE" || type === "THIRD_PARTY_TF" ? NANP_TOLL_FREE : NANP_DID;
      return areas.map((area) => `+1${area}555`);
    }
    const example = isSupportedCountry(country) ? getExampleNumber(country, examples)?.number : undefined;
    if (example) return [example.slice(0, -4)];
    const callingCode = isSupportedCountry(country) ? getCountryCallingCode(country) : "999";
    return [`+${callingCode}555`];
  }

  size(country: string, type: string): number {
    return this.templates(country, type).length * BLOCK;
  }

  numberAt(country: string, type: string, index: number): string {
    const templates = this.templates(country, type);
    const template = templates[Math.floor(index / BLOCK) % templates.length];
    const last4 = ((index % BLOCK) * 7919 + this.seed * 104_729) % BLOCK;
    return template + String(last4).padStart(4, "0");
  }

  /** Country and type of a number this pool could have offered, for claims of a specific number. */
  classify(phoneNumber: string): { country: string; type: string } | undefined {
    const country = parsePhoneNumberFromString(phoneNumber)?.country ?? (phoneNumber.startsWith("+1") ? "US" : undefined);
    if (!country) return undefined;
    for (const type of ["DID", "TOLL_FREE"]) {
      const fits = this.templates(country, type).some((t) => phoneNumber.startsWith(t) && phoneNumber.length === t.length + 4);
      if (fits) return { country, type };
    }
    return undefined;
  }
}

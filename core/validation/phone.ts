import { parsePhoneNumberFromString } from "./libphonenumber";
import { ValidationFailure, failure } from "./failure";

/** Connect's PhoneNumber pattern (the API model's, with its doubled backslashes read as intended). */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
/** Connect's PhoneNumberPrefix pattern. */
export const PREFIX_PATTERN = /^\+?[0-9]{1,11}$/;

export interface PhoneNumberFacts {
  e164: string;
  /** ISO country libphonenumber assigns, when it knows the number's range. */
  country?: string;
}

/**
 * Checks a number a person typed. Only the E.164 shape and libphonenumber's length rules reject: its range
 * metadata lags new allocations, and a number AWS itself returned must never be refused.
 */
export function validatePhoneNumber(property: string, value: unknown): ValidationFailure | PhoneNumberFacts {
  if (typeof value !== "string") {
    return failure(property, value, "must be a string", 'Write the number in E.164 form, e.g. "+18005550100".');
  }
  const compact = value.replace(/[\s().-]/g, "");
  if (!E164_PATTERN.test(value)) {
    // Only a suggestion the check below would pass: "8005550100" is a national number, not "+8005550100".
    const possible = (n: string) => E164_PATTERN.test(n) && parsePhoneNumberFromString(n)?.isPossible() === true;
    const hint = E164_PATTERN.test(compact)
      ? `Remove spaces and punctuation: "${compact}".`
      : /^\d/.test(compact) && possible(`+${compact}`)
        ? `Add the leading + and country code: "+${compact}".`
        : /^\d{10}$/.test(compact) && possible(`+1${compact}`)
          ? `Add the leading + and the country code: "+1${compact}" for a North American number, else the country's own code.`
          : 'Write the number in E.164 form: "+", the country code, then the subscriber number, e.g. "+18005550100".';
    return failure(property, value, "is not an E.164 phone number", hint);
  }
  const parsed = parsePhoneNumberFromString(value);
  if (parsed && !parsed.isPossible()) {
    return failure(
      property,
      value,
      `has the wrong length for country calling code +${parsed.countryCallingCode}`,
      "Check the digits against the number AWS offers (SearchAvailablePhoneNumbers).",
    );
  }
  return { e164: value, country: parsed?.country };
}

export function validatePrefix(property: string, value: unknown): ValidationFailure | undefined {
  if (typeof value === "string" && PREFIX_PATTERN.test(value) && value.startsWith("+")) return undefined;
  const compact = typeof value === "string" ? value.replace(/[\s().-]/g, "") : "";
  const fix =
    PREFIX_PATTERN.test(compact) && compact.startsWith("+")
      ? `Remove spaces and punctuation: "${compact}".`
      : /^1\d{1,10}$/.test(compact)
        ? `Add the leading +: "+${compact}" (AWS requires the + and country code).`
        : /^\d{1,10}$/.test(compact)
          ? `Add the leading + and the country code: "+1${compact}" for a North American number, else the country's own code.`
          : 'Give "+", the country code and up to 10 more digits, e.g. "+1800" (AWS requires the + and country code).';
  return failure(property, value, "is not a phone number prefix", fix);
}

/** Whether `phoneNumber` starts with `prefix` (Connect compares digits after the +). */
export function matchesPrefix(phoneNumber: string, prefix: string): boolean {
  return phoneNumber.replace(/^\+/, "").startsWith(prefix.replace(/^\+/, ""));
}

export function isFailure(x: ValidationFailure | unknown): x is ValidationFailure {
  return typeof x === "object" && x !== null && "fix" in x && "reason" in x;
}

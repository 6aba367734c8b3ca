import { PHONE_NUMBER_COUNTRY_CODES, PHONE_NUMBER_TYPES, PhoneNumberCountryCode, PhoneNumberType } from "./enums";
import { ValidationFailure, failure } from "./failure";

const COUNTRIES: ReadonlySet<string> = new Set(PHONE_NUMBER_COUNTRY_CODES);
const TYPES: ReadonlySet<string> = new Set(PHONE_NUMBER_TYPES);

export function validateCountryCode(property: string, value: unknown): ValidationFailure | PhoneNumberCountryCode {
  if (typeof value === "string" && COUNTRIES.has(value)) return value as PhoneNumberCountryCode;
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  if (COUNTRIES.has(upper)) return failure(property, value, "must be upper case", `Write "${upper}".`);
  return failure(
    property,
    value,
    "is not a country Connect offers numbers in",
    'Use an ISO 3166 alpha-2 code such as "US" or "GB".',
  );
}

export function validateNumberType(property: string, value: unknown): ValidationFailure | PhoneNumberType {
  if (typeof value === "string" && TYPES.has(value)) return value as PhoneNumberType;
  const normalized = typeof value === "string" ? value.toUpperCase().replace(/[\s-]/g, "_") : "";
  return failure(
    property,
    value,
    "is not a Connect phone number type",
    TYPES.has(normalized) ? `Use "${normalized}".` : `Use one of ${PHONE_NUMBER_TYPES.join(", ")}.`,
  );
}

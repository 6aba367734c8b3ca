import {
  ValidationFailure,
  failure,
  formatFailure,
  isFailure,
  validateCountryCode,
  validateDescription,
  validateInstanceId,
  validateNumberType,
  validatePhoneNumber,
  validatePrefix,
  validateTags,
  validateTargetArn,
  unknownInputFailures,
} from "../validation";
import { OWNERSHIP_TAG_KEYS, parseUrn } from "../owner";
import { getCountryCallingCode, isSupportedCountry } from "../validation/libphonenumber";
import { isUnknown } from "../unknown";
import { placeOfArn } from "../connect/arn";
import { PHONE_NUMBER_INPUTS, PhoneNumberInputs } from "./names";

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The description and tags, which every resource kind carries: the ownership tags stay the provider's. */
export function labelFailures(news: { description?: unknown; tags?: unknown }): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  if (news.description !== undefined && !isUnknown(news.description)) {
    const description = validateDescription("description", news.description);
    if (description) failures.push(description);
  }
  if (news.tags !== undefined && !isUnknown(news.tags))
    failures.push(...validateTags("tags", news.tags, OWNERSHIP_TAG_KEYS));
  return failures;
}

/** A region input that names no AWS region. */
export function regionFailure(region: unknown): ValidationFailure | undefined {
  if (typeof region === "string" && REGION.test(region)) return undefined;
  return failure("region", region, "is not an AWS region", 'Use a region name such as "us-east-1".');
}

/**
 * The target a number or set is on: targetArn or instanceId, not both, each well formed. `whyRequired` (added to the
 * fix) makes one of them required; undefined lets both be missing.
 */
export function targetFailures(
  news: { targetArn?: unknown; instanceId?: unknown },
  whyRequired: string | undefined,
): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const known = (v: unknown) => v !== undefined && !isUnknown(v);
  if (news.targetArn !== undefined && news.instanceId !== undefined) {
    failures.push(
      failure(
        "instanceId",
        news.instanceId,
        "cannot be combined with targetArn",
        "Give one of targetArn (an instance or traffic distribution group ARN) or instanceId.",
      ),
    );
  } else if (news.targetArn === undefined && news.instanceId === undefined && whyRequired !== undefined) {
    failures.push(
      failure(
        "targetArn",
        undefined,
        "is required",
        `Give targetArn (a Connect instance or traffic distribution group ARN) or instanceId${whyRequired}.`,
      ),
    );
  }
  if (known(news.targetArn)) {
    const arn = validateTargetArn("targetArn", news.targetArn);
    if (isFailure(arn)) failures.push(arn);
  }
  const instance = known(news.instanceId) ? validateInstanceId("instanceId", news.instanceId) : undefined;
  if (instance) failures.push(instance);
  return failures;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Every problem with a PhoneNumber's inputs, each naming the property, the value and the fix. Values unknown at
 * preview are checked at apply time.
 */
export function checkInputs(resource: string, news: Partial<PhoneNumberInputs>): CheckFailure[] {
  const failures: ValidationFailure[] = [];
  const known = (k: keyof PhoneNumberInputs) => news[k] !== undefined && !isUnknown(news[k]);
  const add = (f: ValidationFailure | undefined) => f && failures.push(f);
  const result = <T>(r: ValidationFailure | T) => (isFailure(r) ? add(r) : undefined);

  failures.push(...unknownInputFailures("PhoneNumber", news, PHONE_NUMBER_INPUTS));
  const adopting = news.phoneNumberId !== undefined || news.adopt === true;
  const searching = news.countryCode !== undefined || news.type !== undefined || news.prefix !== undefined;
  if (news.adopt === true && news.phoneNumber === undefined) {
    add(
      failure(
        "adopt",
        true,
        "needs the number to adopt",
        "Set phoneNumber to the E.164 number the account holds, or give phoneNumberId instead.",
      ),
    );
  }
  if (news.phoneNumberId !== undefined && news.phoneNumber !== undefined && news.adopt !== true) {
    add(
      failure(
        "phoneNumber",
        news.phoneNumber,
        "cannot be combined with phoneNumberId",
        "Remove phoneNumber: phoneNumberId already names the number to adopt.",
      ),
    );
  }
  if (searching && (news.phoneNumber !== undefined || adopting)) {
    add(
      failure(
        "countryCode",
        news.countryCode,
        "search criteria cannot be combined with a specific number",
        "Use either phoneNumber (or phoneNumberId) or countryCode + type (+ prefix), not both.",
      ),
    );
  }
  if (!adopting && news.phoneNumber === undefined && !searching) {
    add(
      failure(
        "phoneNumber",
        undefined,
        "no number is chosen",
        'Give phoneNumber ("+18005550100"), or search criteria countryCode + type (+ prefix), or phoneNumberId to adopt a number the account holds.',
      ),
    );
  }
  if (searching && !adopting && news.phoneNumber === undefined) {
    if (news.countryCode === undefined)
      add(failure("countryCode", undefined, "is required to search", 'Add countryCode, e.g. "US".'));
    if (news.type === undefined)
      add(failure("type", undefined, "is required to search", 'Add type, e.g. "DID" or "TOLL_FREE".'));
  }

  // An adopted number's id (or ARN) already says where it is.
  failures.push(...targetFailures(news, news.phoneNumberId === undefined ? "" : undefined));
  if (known("phoneNumber")) result(validatePhoneNumber("phoneNumber", news.phoneNumber));
  if (known("countryCode")) result(validateCountryCode("countryCode", news.countryCode));
  if (known("type")) result(validateNumberType("type", news.type));
  if (known("prefix")) add(validatePrefix("prefix", news.prefix));
  failures.push(...labelFailures(news));
  if (
    known("phoneNumberId") &&
    (typeof news.phoneNumberId !== "string" || !/^[A-Za-z0-9:/_-]{1,256}$/.test(news.phoneNumberId))
  ) {
    add(
      failure(
        "phoneNumberId",
        news.phoneNumberId,
        "is not a phone number id or ARN",
        "Copy the PhoneNumberId from ListPhoneNumbersV2 or the Connect console.",
      ),
    );
  }
  if (
    news.deletionProtection !== undefined &&
    typeof news.deletionProtection !== "boolean" &&
    !isUnknown(news.deletionProtection)
  ) {
    add(failure("deletionProtection", news.deletionProtection, "must be true or false", "Use a boolean."));
  }
  // Only adopt === true adopts: a string "true" (from stack config, say) would otherwise claim the number, at a cost.
  if (news.adopt !== undefined && typeof news.adopt !== "boolean" && !isUnknown(news.adopt)) {
    add(
      failure(
        "adopt",
        news.adopt,
        "must be true or false",
        "Use a boolean: adopt: true adopts the number the account holds, with no claim.",
      ),
    );
  }
  if (known("prefix") && known("countryCode")) add(prefixOutsideCountry(news.prefix, news.countryCode));
  if (known("region")) add(regionFailure(news.region));
  regionConflicts(news).forEach(add);
  const owner = ownerUrnFailure(news.ownerUrn, "PhoneNumber");
  if (owner) add(owner);
  return failures.map((f) => ({
    property: f.property.split("[")[0],
    reason: `PhoneNumber "${resource}": ${formatFailure(f)}`,
  }));
}

/** A number lives in one region: a target, an adopted ARN and an explicit region must agree on it. */
function regionConflicts(news: Partial<PhoneNumberInputs>): ValidationFailure[] {
  const sources: Array<[keyof PhoneNumberInputs, string | undefined]> = [
    ["targetArn", knownString(news.targetArn) ? placeOfArn(news.targetArn)?.region : undefined],
    ["phoneNumberId", knownString(news.phoneNumberId) ? placeOfArn(news.phoneNumberId)?.region : undefined],
    ["region", knownString(news.region) ? news.region : undefined],
  ];
  const known = sources.filter((s): s is [keyof PhoneNumberInputs, string] => s[1] !== undefined);
  const [first] = known;
  const other = known.find((s) => s[1] !== first?.[1]);
  if (!first || !other) return [];
  return [
    failure(
      other[0],
      news[other[0]],
      `is in region ${other[1]}, but ${first[0]} is in ${first[1]}`,
      "A number lives in one region and cannot move to another: make them agree (or drop region, which the ARN already gives).",
    ),
  ];
}

/** A prefix of another calling code than the country's: no number of the country starts with it, so a search finds none. */
function prefixOutsideCountry(prefix: unknown, country: unknown): ValidationFailure | undefined {
  if (
    typeof prefix !== "string" ||
    validatePrefix("prefix", prefix) ||
    typeof country !== "string" ||
    !isSupportedCountry(country)
  )
    return undefined;
  const code = getCountryCallingCode(country);
  const digits = prefix.replace(/^\+/, "");
  if (digits.startsWith(code) || code.startsWith(digits)) return undefined;
  return failure(
    "prefix",
    prefix,
    `is not in ${country}, whose calling code is +${code}`,
    `Start the prefix with +${code}, or set countryCode to the prefix's country.`,
  );
}

const knownString = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);

/** The resource's name, for messages: from its URN, or 0.1's stored name. */
export function resourceName(i: { ownerUrn?: string; ownerResource?: string }): string {
  return (i.ownerUrn && parseUrn(i.ownerUrn)?.name) ?? i.ownerResource ?? "(unnamed)";
}

/** The owner URN the resource class derives (core/owner.ts): set by hand to anything but a URN, it is refused. */
export function ownerUrnFailure(ownerUrn: unknown, className: string): ValidationFailure | undefined {
  if (ownerUrn === undefined || isUnknown(ownerUrn) || (typeof ownerUrn === "string" && parseUrn(ownerUrn)))
    return undefined;
  return failure(
    "ownerUrn",
    ownerUrn,
    "is not a Pulumi URN",
    `Create the resource with connect-numbers' ${className} class, which derives it; do not set it by hand.`,
  );
}

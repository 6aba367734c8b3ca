import {
  OWNERSHIP_TAG_KEYS,
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
} from "../core";
import { PhoneNumberInputs, isUnknown } from "./shape";

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

  const adopting = news.phoneNumberId !== undefined || news.adopt === true;
  const searching = news.countryCode !== undefined || news.type !== undefined || news.prefix !== undefined;
  if (news.adopt === true && news.phoneNumber === undefined) {
    add(failure("adopt", true, "needs the number to adopt", "Set phoneNumber to the E.164 number the account holds, or give phoneNumberId instead."));
  }
  if (news.phoneNumberId !== undefined && news.phoneNumber !== undefined && news.adopt !== true) {
    add(failure("phoneNumber", news.phoneNumber, "cannot be combined with phoneNumberId", "Remove phoneNumber: phoneNumberId already names the number to adopt."));
  }
  if (searching && (news.phoneNumber !== undefined || adopting)) {
    add(failure("countryCode", news.countryCode, "search criteria cannot be combined with a specific number", "Use either phoneNumber (or phoneNumberId) or countryCode + type (+ prefix), not both."));
  }
  if (!adopting && news.phoneNumber === undefined && !searching) {
    add(
      failure("phoneNumber", undefined, "no number is chosen", 'Give phoneNumber ("+18005550100"), or search criteria countryCode + type (+ prefix), or phoneNumberId to adopt a number the account holds.'),
    );
  }
  if (searching && !adopting && news.phoneNumber === undefined) {
    if (news.countryCode === undefined) add(failure("countryCode", undefined, "is required to search", 'Add countryCode, e.g. "US".'));
    if (news.type === undefined) add(failure("type", undefined, "is required to search", 'Add type, e.g. "DID" or "TOLL_FREE".'));
  }

  if (news.targetArn !== undefined && news.instanceId !== undefined) {
    add(failure("instanceId", news.instanceId, "cannot be combined with targetArn", "Give one of targetArn (an instance or traffic distribution group ARN) or instanceId."));
  } else if (news.targetArn === undefined && news.instanceId === undefined && news.phoneNumberId === undefined) {
    add(failure("targetArn", undefined, "is required", "Give targetArn (a Connect instance or traffic distribution group ARN) or instanceId."));
  }
  if (known("targetArn")) result(validateTargetArn("targetArn", news.targetArn));
  if (known("instanceId")) add(validateInstanceId("instanceId", news.instanceId));
  if (known("phoneNumber")) result(validatePhoneNumber("phoneNumber", news.phoneNumber));
  if (known("countryCode")) result(validateCountryCode("countryCode", news.countryCode));
  if (known("type")) result(validateNumberType("type", news.type));
  if (known("prefix")) add(validatePrefix("prefix", news.prefix));
  if (known("description")) add(validateDescription("description", news.description));
  if (news.tags !== undefined && !isUnknown(news.tags)) failures.push(...validateTags("tags", news.tags, OWNERSHIP_TAG_KEYS));
  if (known("phoneNumberId") && (typeof news.phoneNumberId !== "string" || !/^[A-Za-z0-9:/_-]{1,256}$/.test(news.phoneNumberId))) {
    add(failure("phoneNumberId", news.phoneNumberId, "is not a phone number id or ARN", "Copy the PhoneNumberId from ListPhoneNumbersV2 or the Connect console."));
  }
  if (news.deletionProtection !== undefined && typeof news.deletionProtection !== "boolean" && !isUnknown(news.deletionProtection)) {
    add(failure("deletionProtection", news.deletionProtection, "must be true or false", "Use a boolean."));
  }
  return failures.map((f) => ({ property: f.property.split("[")[0], reason: `PhoneNumber "${resource}": ${formatFailure(f)}` }));
}

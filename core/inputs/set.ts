import {
  ValidationFailure,
  failure,
  formatFailure,
  isFailure,
  unknownInputFailures,
  validateCountryCode,
  validateNumberType,
  validatePhoneNumber,
  validatePrefix,
} from "../validation";
import { releaseEntryFailures } from "../set-release";
import { isUnknown } from "../unknown";
import { placeOfArn } from "../connect/arn";
import { CheckFailure, labelFailures, ownerUrnFailure, regionFailure, resourceName, targetFailures } from "./connect";
import { PHONE_NUMBER_SET_INPUTS, PhoneNumberSetInputs, setLabel } from "./names";

const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** Every problem with a PhoneNumberSet's inputs, each naming the property, the value and the fix. Unknowns wait for apply. */
export function checkSetInputs(news: Partial<PhoneNumberSetInputs>): CheckFailure[] {
  const failures: ValidationFailure[] = [];
  const known = (k: keyof PhoneNumberSetInputs) => news[k] !== undefined && !isUnknown(news[k]);
  const add = (f: ValidationFailure | undefined) => f && failures.push(f);
  const result = <T>(r: ValidationFailure | T) => (isFailure(r) ? add(r) : undefined);

  failures.push(...unknownInputFailures("PhoneNumberSet", news, PHONE_NUMBER_SET_INPUTS));
  failures.push(...targetFailures(news, ": every number of a set is on one target"));
  const searches = news.prefixes !== undefined || news.count !== undefined || news.adoptExisting === true;
  if (searches && news.countryCode === undefined)
    add(failure("countryCode", undefined, "is required to search or adopt", 'Add countryCode, e.g. "US".'));
  if (searches && news.type === undefined)
    add(failure("type", undefined, "is required to search or adopt", 'Add type, e.g. "DID" or "TOLL_FREE".'));
  if (known("countryCode")) result(validateCountryCode("countryCode", news.countryCode));
  if (known("type")) result(validateNumberType("type", news.type));
  if (known("prefixes")) {
    if (typeof news.prefixes !== "object" || news.prefixes === null || Array.isArray(news.prefixes)) {
      add(failure("prefixes", news.prefixes, "must map prefixes to counts", 'Write { "+1212": 20, "+1415": 20 }.'));
    } else {
      for (const [prefix, count] of Object.entries(news.prefixes)) {
        add(validatePrefix(`prefixes["${prefix}"]`, prefix));
        if (!isUnknown(count) && !isCount(count))
          add(
            failure(
              `prefixes["${prefix}"]`,
              count,
              "must be a whole number >= 0",
              "Give how many numbers of this prefix the set holds.",
            ),
          );
      }
    }
  }
  if (known("count") && !isCount(news.count))
    add(
      failure("count", news.count, "must be a whole number >= 0", "Give how many numbers of any prefix the set holds."),
    );
  for (const key of ["phoneNumbers", "release"] as const) {
    const list = news[key];
    if (list === undefined || isUnknown(list)) continue;
    if (!Array.isArray(list)) {
      add(failure(key, list, "must be a list", `Write ["+18005550100", …].`));
      continue;
    }
    if (key === "release") {
      // Each entry its own failure, in core's words (core/set-release.ts). An unknown entry (Pulumi's id-shaped
      // placeholder) passes, and waits for apply.
      failures.push(...releaseEntryFailures(list));
      continue;
    }
    list.forEach((n, i) => {
      if (!isUnknown(n)) result(validatePhoneNumber(`${key}[${i}]`, n));
    });
  }
  for (const key of ["adoptExisting", "deletionProtection"] as const) {
    if (known(key) && typeof news[key] !== "boolean")
      add(failure(key, news[key], "must be true or false", "Use a boolean."));
  }
  if (known("growBy") && news.growBy !== "all" && news.growBy !== "fits") {
    add(
      failure(
        "growBy",
        news.growBy,
        'must be "all" or "fits"',
        '"all" (the default) refuses a growth the churn budget cannot take now; "fits" claims what fits and leaves the rest for a later `pulumi up`.',
      ),
    );
  }
  failures.push(...labelFailures(news));
  if (known("region")) add(regionFailure(news.region));
  const arnRegion =
    known("targetArn") && typeof news.targetArn === "string" ? placeOfArn(news.targetArn)?.region : undefined;
  if (arnRegion !== undefined && known("region") && news.region !== arnRegion) {
    add(
      failure(
        "region",
        news.region,
        `is not the region of targetArn (${arnRegion})`,
        "Drop region: the target's ARN already gives it.",
      ),
    );
  }
  const owner = ownerUrnFailure(news.ownerUrn, "PhoneNumberSet");
  if (owner) add(owner);
  return failures.map((f) => ({
    property: f.property.split("[")[0],
    reason: `${setLabel(resourceName(news))}: ${formatFailure(f)}`,
  }));
}

import { PHONE_NUMBER_TYPE, connectNumberProperties, isUnknown, phoneNumberIdOfArn, placeOfArn } from "../core";

/** What a plan says about one number, read the same way for every resource type this CLI knows. */
export interface NumberFacts {
  phoneNumber?: string;
  phoneNumberId?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  /** A Connect instance or traffic distribution group ARN, or an instance id. */
  target?: string;
  region?: string;
  /**
   * The End User Messaging SMS number a Connect number is imported from (ImportPhoneNumber's SourcePhoneNumberArn):
   * Connect counts the import as a claim and its release as a release, like any other number. "unknown" when
   * the plan imports a number not known until apply (the ARN of an SMS number created in the same plan).
   */
  importsFrom?: string;
  /** Criteria the plan does not know yet (unknown at preview, or secret). */
  unknown: string[];
}

/** Pulumi shows secrets as "[secret]" and unknowns as a sentinel: neither is a value. */
const isHidden = (v: unknown) => isUnknown(v) || v === "[secret]";

export function readFacts(resourceType: string, props: Record<string, unknown> | undefined): NumberFacts {
  const n = connectNumberProperties(resourceType);
  const unknown: string[] = [];
  const read = (field: string, keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = props?.[k];
      if (isHidden(v)) {
        unknown.push(field);
        return undefined;
      }
      if (typeof v === "string" && v !== "") return v;
    }
    return undefined;
  };
  const arn = read("arn", n.arn);
  const target = read("target", n.target);
  return {
    phoneNumber: read("phoneNumber", n.phoneNumber),
    phoneNumberId: read("phoneNumberId", n.phoneNumberId) ?? phoneNumberIdOfArn(arn),
    countryCode: read("countryCode", [n.countryCode]),
    type: read("type", [n.type]),
    prefix: read("prefix", [n.prefix]),
    target,
    region: placeOfArn(target)?.region ?? placeOfArn(arn)?.region,
    importsFrom: read("importsFrom", n.source) ?? (unknown.includes("importsFrom") ? "unknown" : undefined),
    unknown: unknown.includes("target") ? [...unknown, "region"] : unknown,
  };
}

/** The values a step's state holds where a Connect ARN may name its account: its target, its own ARN, its id. */
export function connectArnsOf(resourceType: string, props: Record<string, unknown> | undefined): unknown[] {
  if (!props) return [];
  const n = connectNumberProperties(resourceType);
  return [...n.target, ...n.arn, ...n.phoneNumberId].map((k) => props[k]);
}

/**
 * A create that brings a number the account already holds under management claims nothing: the dynamic
 * resource's `phoneNumberId` or `adopt`, and aws-native's `sourcePhoneNumberArn` is an import, which Connect
 * counts as a claim (ImportPhoneNumber), so it is not an adoption.
 */
export function isAdoption(resourceType: string, after: Record<string, unknown> | undefined): boolean {
  if (resourceType !== PHONE_NUMBER_TYPE) return false;
  return (after?.phoneNumberId !== undefined && after.phoneNumberId !== null) || after?.adopt === true;
}

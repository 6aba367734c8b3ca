import { PHONE_NUMBER_TYPE } from "../core";
import { isUnknown } from "../core";

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

/** Property names per resource type: the dynamic resource and pulumi-aws share Pulumi's camelCase. */
interface Names {
  phoneNumber: string[];
  phoneNumberId: string[];
  arn: string[];
  countryCode: string;
  type: string;
  prefix: string;
  target: string[];
  source: string[];
}

// sourcePhoneNumberArn: aws-native's input; read under the same name from every Pulumi type that may carry it.
const PULUMI: Names = { phoneNumber: ["phoneNumber"], phoneNumberId: ["phoneNumberId"], arn: ["arn", "phoneNumberArn"], countryCode: "countryCode", type: "type", prefix: "prefix", target: ["targetArn", "instanceId"], source: ["sourcePhoneNumberArn"] };
// aws-native (CloudFormation AWS::Connect::PhoneNumber): the number is the `address` output.
const AWS_NATIVE: Names = { ...PULUMI, phoneNumber: ["address"], phoneNumberId: [], arn: ["phoneNumberArn"] };
// aws_connect_phone_number cannot import an SMS number (docs/design.md, "What other providers do with the same
// resource").
const TERRAFORM: Names = { phoneNumber: ["phone_number"], phoneNumberId: ["id"], arn: ["arn"], countryCode: "country_code", type: "type", prefix: "prefix", target: ["target_arn"], source: [] };

// awscc (Terraform's Cloud Control provider) is aws-native in snake_case; its id is the number's ARN.
const AWSCC: Names = { phoneNumber: ["address"], phoneNumberId: [], arn: ["phone_number_arn", "id"], countryCode: "country_code", type: "type", prefix: "prefix", target: ["target_arn"], source: ["source_phone_number_arn"] };

function namesOf(resourceType: string): Names {
  if (resourceType === "aws_connect_phone_number") return TERRAFORM;
  if (resourceType === "awscc_connect_phone_number") return AWSCC;
  if (resourceType === "aws-native:connect:PhoneNumber") return AWS_NATIVE;
  return PULUMI;
}

/** Pulumi shows secrets as "[secret]" and unknowns as a sentinel: neither is a value. */
const isHidden = (v: unknown) => isUnknown(v) || v === "[secret]";

export function readFacts(resourceType: string, props: Record<string, unknown> | undefined): NumberFacts {
  const n = namesOf(resourceType);
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
    phoneNumberId: read("phoneNumberId", n.phoneNumberId) ?? (arn?.includes(":phone-number/") ? arn.slice(arn.lastIndexOf("/") + 1) : undefined),
    countryCode: read("countryCode", [n.countryCode]),
    type: read("type", [n.type]),
    prefix: read("prefix", [n.prefix]),
    target,
    region: regionOf(target) ?? regionOf(arn),
    importsFrom: read("importsFrom", n.source) ?? (unknown.includes("importsFrom") ? "unknown" : undefined),
    unknown: unknown.includes("target") ? [...unknown, "region"] : unknown,
  };
}

function regionOf(arn: string | undefined): string | undefined {
  const m = arn ? /^arn:[^:]+:connect:([^:]+):/.exec(arn) : null;
  return m ? m[1] : undefined;
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

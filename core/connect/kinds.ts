import { PHONE_NUMBER_TYPE } from "../owner";

/**
 * Every resource kind that claims a Connect number on create and releases it on delete, and the property names each
 * gives a number's facts. A kind missing here is skipped silently by the gates, so every provider that manages
 * AWS::Connect::PhoneNumber is listed.
 */

/** pulumi-aws `aws.connect.PhoneNumber` (generated from the Terraform resource). */
export const PULUMI_AWS_CONNECT_NUMBER_TYPE = "aws:connect/phoneNumber:PhoneNumber";
/** aws-native (CloudFormation AWS::Connect::PhoneNumber). */
export const AWS_NATIVE_CONNECT_NUMBER_TYPE = "aws-native:connect:PhoneNumber";
export const TERRAFORM_CONNECT_NUMBER_TYPE = "aws_connect_phone_number";
/** awscc, Terraform's Cloud Control provider: aws-native in snake_case. */
export const AWSCC_CONNECT_NUMBER_TYPE = "awscc_connect_phone_number";

/** The resource type tokens of Connect numbers (not AWS's DID/TOLL_FREE number types: core/validation PHONE_NUMBER_TYPES). */
export const CONNECT_NUMBER_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  PHONE_NUMBER_TYPE,
  PULUMI_AWS_CONNECT_NUMBER_TYPE,
  AWS_NATIVE_CONNECT_NUMBER_TYPE,
  TERRAFORM_CONNECT_NUMBER_TYPE,
  AWSCC_CONNECT_NUMBER_TYPE,
]);

/** The property names under which a resource kind states a number's facts, in its state or its inputs. */
export interface ConnectNumberProperties {
  /** The E.164 number (an output of the generated kinds: unknown until created). */
  phoneNumber: string[];
  phoneNumberId: string[];
  /** The number's ARN: in an output, or (awscc) the id. */
  arn: string[];
  countryCode: string;
  type: string;
  prefix: string;
  /** A Connect instance or traffic distribution group ARN, or an instance id. */
  target: string[];
  /** The End User Messaging SMS number it imports (ImportPhoneNumber's SourcePhoneNumberArn). */
  source: string[];
}

// sourcePhoneNumberArn: aws-native's input; read under the same name from every Pulumi kind that may carry it.
const PULUMI: ConnectNumberProperties = {
  phoneNumber: ["phoneNumber"],
  phoneNumberId: ["phoneNumberId"],
  arn: ["arn", "phoneNumberArn"],
  countryCode: "countryCode",
  type: "type",
  prefix: "prefix",
  target: ["targetArn", "instanceId"],
  source: ["sourcePhoneNumberArn"],
};
// aws-native: the number is the `address` output.
const AWS_NATIVE: ConnectNumberProperties = {
  ...PULUMI,
  phoneNumber: ["address"],
  phoneNumberId: [],
  arn: ["phoneNumberArn"],
};
// aws_connect_phone_number cannot import an SMS number (ImportPhoneNumber is not in the Terraform resource).
const TERRAFORM: ConnectNumberProperties = {
  phoneNumber: ["phone_number"],
  phoneNumberId: ["id"],
  arn: ["arn"],
  countryCode: "country_code",
  type: "type",
  prefix: "prefix",
  target: ["target_arn"],
  source: [],
};
// awscc's id is the number's ARN.
const AWSCC: ConnectNumberProperties = {
  phoneNumber: ["address"],
  phoneNumberId: [],
  arn: ["phone_number_arn", "id"],
  countryCode: "country_code",
  type: "type",
  prefix: "prefix",
  target: ["target_arn"],
  source: ["source_phone_number_arn"],
};

/** The property names of a resource kind; this package's and pulumi-aws's share Pulumi's camelCase. */
export function connectNumberProperties(resourceType: string): ConnectNumberProperties {
  if (resourceType === TERRAFORM_CONNECT_NUMBER_TYPE) return TERRAFORM;
  if (resourceType === AWSCC_CONNECT_NUMBER_TYPE) return AWSCC;
  if (resourceType === AWS_NATIVE_CONNECT_NUMBER_TYPE) return AWS_NATIVE;
  return PULUMI;
}

/** Where a generated Pulumi kind keeps its ARN output: known once the resource exists. */
export function connectArnOutput(resourceType: string): string {
  return resourceType === AWS_NATIVE_CONNECT_NUMBER_TYPE ? "phoneNumberArn" : "arn";
}

/** SMS origination numbers (AWS End User Messaging SMS and voice v2): the resource kinds the gates look for. */

/** The OriginationNumber dynamic resource's type token. */
export const SMS_NUMBER_TYPE = "pulumi-nodejs:dynamic/sms:OriginationNumber";
/** pulumi-aws `aws.pinpoint.Smsvoicev2PhoneNumber` (generated from the Terraform resource below). */
export const PULUMI_AWS_SMS_NUMBER_TYPE = "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber";
export const TERRAFORM_SMS_NUMBER_TYPE = "aws_pinpointsmsvoicev2_phone_number";

export const SMS_NUMBER_TYPES = [SMS_NUMBER_TYPE, PULUMI_AWS_SMS_NUMBER_TYPE, TERRAFORM_SMS_NUMBER_TYPE] as const;

export function isSmsNumberType(type: string): boolean {
  return (SMS_NUMBER_TYPES as readonly string[]).includes(type);
}

/**
 * Said wherever a gate lists SMS releases: AWS documents no churn quota for SMS numbers like Connect's 200% rule
 * (docs/design.md, "SMS numbers have no churn quota, and one coupling"), so they never count against Connect's
 * budget. What holds: a released number is never yours again, and it is billed to the end of the month.
 */
export const SMS_NOT_COUNTED =
  "not counted against Connect's churn budget, since AWS documents no churn quota for SMS numbers; a released SMS number is still gone for good";

/** The property that holds an SMS number's E.164 number in a kind's state: Terraform's is snake_case. */
export function smsPhoneNumberProperty(type: string): string {
  return type === TERRAFORM_SMS_NUMBER_TYPE ? "phone_number" : "phoneNumber";
}

/** The short name of an SMS number's resource kind, for messages. */
export function smsKindName(type: string): string {
  if (type === SMS_NUMBER_TYPE) return "OriginationNumber";
  if (type === PULUMI_AWS_SMS_NUMBER_TYPE) return "aws.pinpoint.Smsvoicev2PhoneNumber";
  return TERRAFORM_SMS_NUMBER_TYPE;
}

/** RequestableNumberType: SHORT_CODE exists only in NumberType (it is ordered through a case, never requested). */
export const REQUESTABLE_SMS_NUMBER_TYPES = ["LONG_CODE", "TOLL_FREE", "TEN_DLC", "SIMULATOR"] as const;
export const SMS_MESSAGE_TYPES = ["TRANSACTIONAL", "PROMOTIONAL"] as const;
/** NumberCapability in SDK 3.1138 (RCS is newer than the 2025-04 model). */
export const SMS_NUMBER_CAPABILITIES = ["SMS", "VOICE", "MMS", "RCS"] as const;

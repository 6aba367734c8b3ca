import { CONNECT_NUMBERS_NAMESPACE, uuidV5 } from "./token";
import { isUnknown } from "./unknown";

/**
 * SMS origination numbers (AWS End User Messaging SMS and voice v2, `pinpoint-sms-voice-v2`): the identifiers the
 * gate looks for, their ARNs, the request token, and the one rule saying whether a delete would be refused and
 * which number it releases. Pure: the provider, the policy pack and the CLI all judge a delete through here.
 */

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

/** `sms-voice` resource ARNs: arn:PARTITION:sms-voice:REGION:ACCOUNT:(phone-number|pool|…)/ID. */
export interface SmsArn {
  partition: string;
  region: string;
  accountId: string;
  resourceType: string;
  id: string;
}

const SMS_ARN = /^arn:(aws[a-z-]*):sms-voice:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([a-z-]+)\/([A-Za-z0-9_-]+)$/;
export const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function parseSmsArn(text: string): SmsArn | undefined {
  const m = SMS_ARN.exec(text);
  return m ? { partition: m[1], region: m[2], accountId: m[3], resourceType: m[4], id: m[5] } : undefined;
}

/** The bare id of an id-or-ARN, so `phone-…` and its ARN compare equal. */
export function smsIdOf(idOrArn: string): string {
  return parseSmsArn(idOrArn)?.id ?? idOrArn;
}

/** The two-way destination that routes inbound SMS to Amazon Connect in a region (UpdatePhoneNumber TwoWayChannelArn). */
export function connectTwoWayChannel(region: string): string {
  return `connect.${region}.amazonaws.com`;
}

/** The region a `connect.<region>.amazonaws.com` channel names; undefined for an ARN or anything else. */
export function connectChannelRegion(channel: string): string | undefined {
  const m = /^connect\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com$/.exec(channel);
  return m?.[1];
}

/** The inputs that decide which number a RequestPhoneNumber gets: a change of any of them means another number. */
export interface SmsForcingInputs {
  isoCountryCode: string;
  messageType: string;
  numberCapabilities: readonly string[];
  numberType: string;
  registrationId?: string;
  region?: string;
}

export interface SmsRequestIdentity {
  /** core/owner.ts ownerUrn of the resource. */
  ownerUrn: string;
  /** 0 for the first request; the next one after AWS replays a token whose number was released since. */
  generation: number;
  inputs: SmsForcingInputs;
}

/**
 * RequestPhoneNumber's ClientToken (1–64 chars, `^[!-~]+$`): a UUIDv5, built like core/token.ts claimToken but over
 * SMS's own number-forcing inputs (message type and capabilities, which Connect's claim has not). Capabilities are a
 * set: their order never changes the token.
 */
export function smsRequestToken(id: SmsRequestIdentity): string {
  if (!Number.isInteger(id.generation) || id.generation < 0) throw new Error(`request generation ${id.generation} is not a whole number >= 0`);
  const fields: Record<string, string | number | undefined> = {
    kind: "sms-request",
    owner: id.ownerUrn,
    generation: id.generation,
    isoCountryCode: id.inputs.isoCountryCode,
    messageType: id.inputs.messageType,
    numberCapabilities: [...id.inputs.numberCapabilities].sort().join(","),
    numberType: id.inputs.numberType,
    registrationId: id.inputs.registrationId,
    region: id.inputs.region,
  };
  const keys = Object.keys(fields).filter((k) => fields[k] !== undefined).sort();
  return uuidV5(JSON.stringify(keys.map((k) => [k, fields[k]])), CONNECT_NUMBERS_NAMESPACE);
}

/** A number as far as a plan knows it. */
export interface SmsNumberRef {
  phoneNumber?: string;
  phoneNumberId?: string;
  arn?: string;
  region?: string;
}

export type SmsDeleteRefusalReason = "deletion-protection" | "pool";

export interface SmsDeleteJudgement {
  /** The number the delete releases; undefined when it releases none (retainOnDelete). */
  releases?: SmsNumberRef;
  /**
   * Why the delete would fail at apply, stopping the deployment halfway: AWS refuses to release a number with
   * deletion protection (Reason DELETION_PROTECTION_ENABLED) or in a pool (PHONE_NUMBER_ASSOCIATED_TO_POOL), and the
   * OriginationNumber resource refuses first, with the same message.
   */
  refused?: { reason: SmsDeleteRefusalReason; message: string };
}

export interface SmsResourceState {
  /** SMS_NUMBER_TYPE, PULUMI_AWS_SMS_NUMBER_TYPE or TERRAFORM_SMS_NUMBER_TYPE. */
  type: string;
  /** The resource's name or address, for messages. */
  name: string;
  /** Pulumi: the old state's inputs. */
  inputs?: Record<string, unknown>;
  /** Pulumi: the old state's outputs (with `id`, which pulumi-aws keeps apart). Terraform: `change.before`. */
  outputs?: Record<string, unknown>;
  /** Pulumi's retainOnDelete option: the delete only forgets the number. */
  retainOnDelete?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Whether deleting this resource would release a number, which one, and whether the delete would be refused.
 * Undefined when the type is not an SMS number. Reads the last known state (outputs over inputs): an
 * OriginationNumber's outputs hold the number's settings as AWS last reported them.
 */
export function judgeSmsDelete(r: SmsResourceState): SmsDeleteJudgement | undefined {
  if (!isSmsNumberType(r.type)) return undefined;
  if (r.retainOnDelete) return {};
  const s = { ...(r.inputs ?? {}), ...(r.outputs ?? {}) };
  const terraform = r.type === TERRAFORM_SMS_NUMBER_TYPE;
  const arn = str(s.arn);
  const ref: SmsNumberRef = {
    phoneNumber: str(terraform ? s.phone_number : s.phoneNumber),
    phoneNumberId: smsIdOrUndefined(str(s.phoneNumberId) ?? str(s.id) ?? arn),
    arn,
    region: (arn ? parseSmsArn(arn)?.region : undefined) ?? str(s.region),
  };
  const label = `${smsKindName(r.type)} "${r.name}" (${[ref.phoneNumber, ref.phoneNumberId].filter(Boolean).join(", ") || "number unknown"})`;
  const protectedNow = (terraform ? s.deletion_protection_enabled : s.deletionProtectionEnabled) === true;
  if (protectedNow) return { releases: ref, refused: { reason: "deletion-protection", message: protectionMessage(r.type, label) } };
  const poolId = r.type === SMS_NUMBER_TYPE ? str(s.poolId) : undefined;
  if (poolId && s.forceDisassociate !== true) {
    return { releases: ref, refused: { reason: "pool", message: poolMessage(label, poolId) } };
  }
  return { releases: ref };
}

function smsIdOrUndefined(v: string | undefined): string | undefined {
  return v === undefined ? undefined : smsIdOf(v);
}

const GONE = "AWS refuses to release it, and a released number is gone for good (never yours again; billed to the end of the month).";

function protectionMessage(type: string, label: string): string {
  if (type === TERRAFORM_SMS_NUMBER_TYPE) {
    return (
      `${label} has deletion protection on: ${GONE} To release it on purpose: 1) set deletion_protection_enabled = false and ` +
      "`terraform apply`; 2) then remove it. To stop managing it without releasing: a `removed` block with `destroy = false`, or `terraform state rm`."
    );
  }
  return (
    `${label} has deletion protection on: ${GONE} To release it on purpose: 1) set deletionProtectionEnabled: false and run ` +
    "`pulumi up`; 2) then remove the resource (or `pulumi destroy`). To stop managing it without releasing: the retainOnDelete " +
    "resource option, or `pulumi state delete <urn>`."
  );
}

function poolMessage(label: string, poolId: string): string {
  return (
    `${label} is in pool ${poolId}: AWS refuses to release a number that belongs to a pool. Either 1) remove poolId and run ` +
    "`pulumi up` (the number leaves the pool), 2) then remove the resource; or set forceDisassociate: true so the delete " +
    "leaves the pool first. A pool's last number cannot leave it: delete the pool instead."
  );
}

/** The inputs of an SMS origination number that can name its region: the region itself, or an ARN. */
export interface SmsRegionInputs {
  region?: string;
  phoneNumberId?: string;
  poolId?: string;
  optOutListName?: string;
  registrationId?: string;
  twoWayChannelArn?: string;
}

/** Inputs that may carry an ARN, and so a region. */
const ARN_INPUTS = ["phoneNumberId", "poolId", "optOutListName", "registrationId"] as const;

/** Every region the inputs name, by the input that names it. */
export function regionsNamed(i: SmsRegionInputs): Array<{ property: string; region: string }> {
  const out: Array<{ property: string; region: string }> = [];
  if (typeof i.region === "string" && !isUnknown(i.region)) out.push({ property: "region", region: i.region });
  for (const key of ARN_INPUTS) {
    const v = i[key];
    const region = typeof v === "string" ? parseSmsArn(v)?.region : undefined;
    if (region) out.push({ property: key, region });
  }
  const channel = typeof i.twoWayChannelArn === "string" ? (connectChannelRegion(i.twoWayChannelArn) ?? arnRegion(i.twoWayChannelArn)) : undefined;
  if (channel) out.push({ property: "twoWayChannelArn", region: channel });
  return out;
}

function arnRegion(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region && AWS_REGION_PATTERN.test(region) ? region : undefined;
}

/** The region a number lives in: the explicit input, else one its ARNs name, else the provider's default. */
export function regionOf(i: SmsRegionInputs, fallback: string | undefined): string | undefined {
  return regionsNamed(i).find((r) => r.property !== "twoWayChannelArn")?.region ?? fallback;
}

import { parseSmsArn, smsIdOf } from "./arn";
import {
  TERRAFORM_SMS_NUMBER_TYPE,
  SMS_NUMBER_TYPE,
  isSmsNumberType,
  smsKindName,
  smsPhoneNumberProperty,
} from "./kinds";

/** A number as far as a plan knows it. */
export interface SmsNumberRef {
  phoneNumber?: string;
  phoneNumberId?: string;
  arn?: string;
  region?: string;
}

export type SmsDeleteRefusalReason = "deletion-protection" | "pool";

/**
 * Why a delete would fail at apply, stopping the deployment halfway: AWS refuses to release a number with deletion
 * protection (Reason DELETION_PROTECTION_ENABLED) or in a pool (PHONE_NUMBER_ASSOCIATED_TO_POOL), and the
 * OriginationNumber resource refuses first, with the same message.
 */
export interface SmsDeleteRefusal {
  reason: SmsDeleteRefusalReason;
  message: string;
}

export interface SmsDeleteJudgement {
  /** The number the delete releases; undefined when it releases none (retainOnDelete). */
  releases?: SmsNumberRef;
  refused?: SmsDeleteRefusal;
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
    phoneNumber: str(s[smsPhoneNumberProperty(r.type)]),
    phoneNumberId: smsIdOrUndefined(str(s.phoneNumberId) ?? str(s.id) ?? arn),
    arn,
    region: (arn ? parseSmsArn(arn)?.region : undefined) ?? str(s.region),
  };
  const label = `${smsKindName(r.type)} "${r.name}" (${[ref.phoneNumber, ref.phoneNumberId].filter(Boolean).join(", ") || "number unknown"})`;
  const protectedNow = (terraform ? s.deletion_protection_enabled : s.deletionProtectionEnabled) === true;
  if (protectedNow)
    return { releases: ref, refused: { reason: "deletion-protection", message: protectionMessage(r.type, label) } };
  const poolId = r.type === SMS_NUMBER_TYPE ? str(s.poolId) : undefined;
  if (poolId && s.forceDisassociate !== true) {
    return { releases: ref, refused: { reason: "pool", message: poolMessage(label, poolId) } };
  }
  return { releases: ref };
}

function smsIdOrUndefined(v: string | undefined): string | undefined {
  return v === undefined ? undefined : smsIdOf(v);
}

const GONE =
  "AWS refuses to release it, and a released number is gone for good (never yours again; billed to the end of the month).";

function protectionMessage(type: string, label: string): string {
  if (type === TERRAFORM_SMS_NUMBER_TYPE) {
    return (
      `${label} has deletion protection on: ${GONE} To release it on purpose: 1) set deletion_protection_enabled = false and ` +
      "`terraform apply`; 2) then remove it. To stop managing it without releasing: a `removed` block with `destroy = false`, or `terraform state rm`."
    );
  }
  return (
    `${label} has deletion protection on: ${GONE} To release it on purpose: 1) set deletionProtectionEnabled: false, changing ` +
    "nothing else, and run `pulumi up`; 2) then remove the resource (or `pulumi destroy`), or make the change that replaces it. " +
    "To stop managing it without releasing: the retainOnDelete " +
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

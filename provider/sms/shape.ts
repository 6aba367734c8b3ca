/**
 * What the OriginationNumber resource stores: its inputs as the provider sees them, and its outputs; and the
 * arguments a program gives. Pure.
 */

import { SmsRequestInputs } from "../../core/sms";
import { isUnknown } from "../../core/unknown";
import type { ArgsOf } from "../dynamic";

export { isUnknown };
export { regionOf, regionsNamed } from "../../core/sms";

/**
 * Request a number by its forcing inputs (core/sms: ISO country ("US"), TRANSACTIONAL or PROMOTIONAL, 1–3 of
 * SMS/VOICE/MMS/RCS, LONG_CODE/TOLL_FREE/TEN_DLC/SIMULATOR, and the registration it belongs to (10DLC, toll-free
 * verification); each forces a new number when changed). Region: this one, else the region of an ARN among the
 * inputs, else connect-numbers:region / AWS_REGION.
 */
export interface OriginationNumberInputs extends Partial<SmsRequestInputs> {
  /** Or adopt a number the account already holds, by its id ("phone-…") or ARN: no request, no new number. */
  phoneNumberId?: string;
  optOutListName?: string;
  /** A pool to join (id or ARN); removing it later makes the number leave the pool. */
  poolId?: string;
  /** AWS's own guard: ReleasePhoneNumber fails while it is on. Unset leaves the number's setting as it is. */
  deletionProtectionEnabled?: boolean;
  /** Two-way SMS: inbound messages go to twoWayChannelArn, an SNS topic or connectTwoWayChannel(region) (Connect). */
  twoWayChannelEnabled?: boolean;
  twoWayChannelArn?: string;
  twoWayChannelRole?: string;
  selfManagedOptOutsEnabled?: boolean;
  internationalSendingEnabled?: boolean;
  tags?: Record<string, string>;
  /** On delete, leave the pool first (DisassociateOriginationIdentity), not refuse (Terraform's force_disassociate). */
  forceDisassociate?: boolean;
  /**
   * How long create and update wait for ACTIVE (default connect-numbers:smsWaitForActiveSeconds, 600). TOLL_FREE and
   * TEN_DLC numbers can stay PENDING for days; 0 does not wait (status says PENDING until a refresh or an update).
   */
  waitForActiveSeconds?: number;
  /** Derived in the constructor (core/owner.ts ownerUrn): tokens and ownership tags. */
  ownerUrn: string;
}

/** Names follow pulumi-aws's aws.pinpoint.Smsvoicev2PhoneNumber: moving a number from there is a change of class. */
export type OriginationNumberArgs = ArgsOf<OriginationNumberInputs>;

/** The names of an OriginationNumber's inputs, each once (a Record: the compiler refuses one missing or too many). */
export const ORIGINATION_NUMBER_INPUTS: readonly string[] = Object.keys({
  isoCountryCode: true,
  messageType: true,
  numberCapabilities: true,
  numberType: true,
  registrationId: true,
  region: true,
  phoneNumberId: true,
  optOutListName: true,
  poolId: true,
  deletionProtectionEnabled: true,
  twoWayChannelEnabled: true,
  twoWayChannelArn: true,
  twoWayChannelRole: true,
  selfManagedOptOutsEnabled: true,
  internationalSendingEnabled: true,
  tags: true,
  forceDisassociate: true,
  waitForActiveSeconds: true,
  ownerUrn: true,
} satisfies Record<keyof OriginationNumberInputs, true>);

export interface OriginationNumberOutputs extends OriginationNumberInputs {
  phoneNumberId: string;
  arn: string;
  phoneNumber: string;
  /** PENDING, ACTIVE, ASSOCIATING, DISASSOCIATING or DELETED. */
  status: string;
  region: string;
  isoCountryCode: string;
  messageType: string;
  numberCapabilities: string[];
  numberType: string;
  monthlyLeasingPrice?: string;
  optOutListName: string;
  deletionProtectionEnabled: boolean;
  twoWayChannelEnabled: boolean;
  selfManagedOptOutsEnabled: boolean;
  /** The pool the inputs named at the last apply: removing poolId from the inputs means "leave the pool". */
  declaredPoolId?: string;
  /** How the stack came to hold the number. */
  origin: "request" | "adopt";
  /** This resource instance's hold on the number (tag connect-numbers:lease): a replacement takes it over. */
  lease: string;
}

/** The tags are optional as inputs, and the provider always stores them (its lease tag among them): typed as set. */
export type OriginationNumberPresent = "tags";

export function isAdopting(i: Pick<OriginationNumberInputs, "phoneNumberId">): boolean {
  return i.phoneNumberId !== undefined;
}

/** The resource's name, from its owner URN (the last "::" segment). */
export function resourceName(i: Pick<OriginationNumberInputs, "ownerUrn">): string {
  const urn = typeof i.ownerUrn === "string" ? i.ownerUrn : "";
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(3).join("::") : "(unnamed)";
}

export const label = (i: Pick<OriginationNumberInputs, "ownerUrn">) => `OriginationNumber "${resourceName(i)}"`;

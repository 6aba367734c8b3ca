/** The inputs of each resource kind of this package, as its provider sees them, and their names: pure types. */
import type { SmsRequestInputs } from "../sms";

/** What every Connect resource of this package takes: where its numbers are, their kind, labels, protection. */
export interface ConnectResourceInputs {
  /** A Connect instance or traffic distribution group ARN (every number of a set is on it). Or give instanceId. */
  targetArn?: string;
  instanceId?: string;
  /** The ISO country code ("US") and type ("DID", "TOLL_FREE", …) of the number a search or a set claims or adopts. */
  countryCode?: string;
  type?: string;
  /** The description; ownership tags are added beside the tags given. */
  description?: string;
  tags?: Record<string, string>;
  /** Refuse to release on delete (default false); a set also refuses each named release while it stays on. */
  deletionProtection?: boolean;
  /**
   * The region, for a resource given only instanceId (a targetArn or a phone-number ARN says it already; else
   * stack config connect-numbers:region).
   */
  region?: string;
  /** Derived in the constructor (core/owner.ts): the resource's URN, its owner identity in tags, tokens, ledger. */
  ownerUrn: string;
}

export interface PhoneNumberInputs extends ConnectResourceInputs {
  /** Claim this exact E.164 number ("+18005550100"); with adopt, bring it under management with no claim. */
  phoneNumber?: string;
  /** Or search by countryCode and type, optionally with a prefix ("+1800"). */
  prefix?: string;
  /** Or adopt a number the account already holds, with no claim: its id or ARN, or `adopt: true` with phoneNumber. */
  phoneNumberId?: string;
  adopt?: boolean;
}

/** Every input of a Connect resource, each once (a Record, so the compiler refuses one missing or one too many). */
const CONNECT_RESOURCE_INPUTS: Record<keyof ConnectResourceInputs, true> = {
  targetArn: true,
  instanceId: true,
  countryCode: true,
  type: true,
  description: true,
  tags: true,
  deletionProtection: true,
  region: true,
  ownerUrn: true,
};

/** The names of a PhoneNumber's inputs: any other the check refuses (core's unknownInputFailures). */
export const PHONE_NUMBER_INPUTS: readonly string[] = Object.keys({
  ...CONNECT_RESOURCE_INPUTS,
  phoneNumber: true,
  prefix: true,
  phoneNumberId: true,
  adopt: true,
} satisfies Record<keyof PhoneNumberInputs, true>);

/** The inputs every Connect resource takes, for a kind that adds its own (PhoneNumberSet). */
export const CONNECT_RESOURCE_INPUT_NAMES: readonly string[] = Object.keys(CONNECT_RESOURCE_INPUTS);

export interface PhoneNumberSetInputs extends ConnectResourceInputs {
  /** How many numbers per prefix: `{ "+1212": 20, "+1415": 20 }`. */
  prefixes?: Record<string, number>;
  /** How many numbers of any prefix. */
  count?: number;
  /** Specific E.164 numbers: claimed, or taken over at no churn from a PhoneNumber of this stack that lets them go. */
  phoneNumbers?: string[];
  /** Adopt every number of countryCode and type the target holds that no stack manages (ported numbers): no claim. */
  adoptExisting?: boolean;
  /**
   * Numbers (E.164 or id) to give up. A set never picks numbers to release by itself: a shrink names each one here,
   * or the preview is refused with the candidates.
   */
  release?: string[];
  /** "all" (default): a growth the churn budget cannot take now is refused. "fits": claim what fits, the rest later. */
  growBy?: "all" | "fits";
}

/** The set's own inputs, each once (a Record, so the compiler refuses one missing or one too many). */
const SET_OWN_INPUTS: Record<Exclude<keyof PhoneNumberSetInputs, keyof ConnectResourceInputs>, true> = {
  prefixes: true,
  count: true,
  phoneNumbers: true,
  adoptExisting: true,
  release: true,
  growBy: true,
};

/** The names of a PhoneNumberSet's inputs: any other the check refuses (core's unknownInputFailures). */
export const PHONE_NUMBER_SET_INPUTS: readonly string[] = [
  ...CONNECT_RESOURCE_INPUT_NAMES,
  ...Object.keys(SET_OWN_INPUTS),
];

export const setLabel = (name: string) => `PhoneNumberSet "${name}"`;

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

export function isAdopting(i: Pick<OriginationNumberInputs, "phoneNumberId">): boolean {
  return i.phoneNumberId !== undefined;
}

/** The resource's name, from its owner URN (the last "::" segment). */
export function smsResourceName(i: Pick<OriginationNumberInputs, "ownerUrn">): string {
  const urn = typeof i.ownerUrn === "string" ? i.ownerUrn : "";
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(3).join("::") : "(unnamed)";
}

export const smsLabel = (i: Pick<OriginationNumberInputs, "ownerUrn">) => `OriginationNumber "${smsResourceName(i)}"`;

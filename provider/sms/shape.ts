/** What the OriginationNumber resource stores: its inputs as the provider sees them, and its outputs. Pure. */

import { SmsRequestInputs } from "../../core/sms";
import { isUnknown } from "../../core/unknown";

export { isUnknown };
export { regionOf, regionsNamed } from "../../core/sms";

/**
 * Request a number by its forcing inputs (core/sms.ts: country, message type, capabilities, type, registration; each
 * forces a new number when changed); region, else from an ARN among the inputs, else stack config / the SDK's chain.
 */
export interface OriginationNumberInputs extends Partial<SmsRequestInputs> {
  /** Or adopt a number the account holds, by id or ARN: no request. */
  phoneNumberId?: string;
  optOutListName?: string;
  poolId?: string;
  deletionProtectionEnabled?: boolean;
  twoWayChannelEnabled?: boolean;
  twoWayChannelArn?: string;
  twoWayChannelRole?: string;
  selfManagedOptOutsEnabled?: boolean;
  internationalSendingEnabled?: boolean;
  tags?: Record<string, string>;
  /** On delete, leave the pool first (DisassociateOriginationIdentity) instead of refusing. */
  forceDisassociate?: boolean;
  /** How long create and update wait for ACTIVE; 0 does not wait. Else stack config smsWaitForActiveSeconds. */
  waitForActiveSeconds?: number;
  /** Derived in the constructor (core/owner.ts ownerUrn): tokens and ownership tags. */
  ownerUrn: string;
}

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

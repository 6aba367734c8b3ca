/** What the PhoneNumber resource stores: its inputs as the provider sees them, and its outputs. Pure types. */

export interface PhoneNumberInputs {
  targetArn?: string;
  instanceId?: string;
  /** Claim (or, with adopt, bring under management) this exact E.164 number. */
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  /** Adopt the number the account already holds under this id: no claim. */
  phoneNumberId?: string;
  adopt?: boolean;
  description?: string;
  tags?: Record<string, string>;
  deletionProtection?: boolean;
  /** Derived in the constructor: the claim's ClientToken and ownership tag. */
  claimKey: string;
  ownerStack: string;
  ownerResource: string;
}

export interface PhoneNumberOutputs extends PhoneNumberInputs {
  phoneNumberId: string;
  arn: string;
  phoneNumber: string;
  countryCode: string;
  type: string;
  status: string;
  targetArn: string;
  /** How the stack came to hold the number: a claim (churn) or an adoption (none). */
  origin: "claim" | "adopt";
}

/** The sentinel Pulumi sends for a value unknown at preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

export type ClaimMode = "specific" | "search" | "adopt";

export function claimMode(i: Pick<PhoneNumberInputs, "phoneNumber" | "phoneNumberId" | "adopt" | "countryCode" | "type">): ClaimMode {
  if (i.phoneNumberId !== undefined || i.adopt === true) return "adopt";
  if (i.phoneNumber !== undefined) return "specific";
  return "search";
}

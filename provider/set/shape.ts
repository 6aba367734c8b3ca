/** What the PhoneNumberSet resource stores: its inputs as the provider sees them, and its outputs. Pure types. */
import { SetDeclaration, SetMember } from "../../core/fleet";

export interface PhoneNumberSetInputs {
  targetArn?: string;
  instanceId?: string;
  /** The country and type of every number the set claims or adopts. */
  countryCode?: string;
  type?: string;
  /** Numbers wanted per prefix: `{ "+1212": 20 }`. */
  prefixes?: Record<string, number>;
  /** Numbers wanted of any prefix. */
  count?: number;
  /** Specific E.164 numbers: claimed, or taken over from a PhoneNumber of this stack. */
  phoneNumbers?: string[];
  /** Adopt every number the target holds that matches countryCode and type and that no stack manages. */
  adoptExisting?: boolean;
  /** Numbers (E.164 or id) to give up: a shrink names what it releases. */
  release?: string[];
  /** "all" (default): a growth the churn budget cannot take now is refused. "fits": claim what fits now, the rest later. */
  growBy?: "all" | "fits";
  description?: string;
  tags?: Record<string, string>;
  deletionProtection?: boolean;
  region?: string;
  /** Derived in the constructor (core/owner.ts): the set's URN, its owner identity in tags, tokens and the ledger. */
  ownerUrn: string;
}

/** One number of the set, as its outputs list it. */
export interface SetNumber extends SetMember {
  arn: string;
  /** The prefix slot it fills ("" for any number, a specific number, or an adopted one). */
  prefix: string;
  group: string;
  /** How the set came to hold it: a claim (churn), an adoption or a hand-over from another resource (none). */
  origin: "claim" | "adopt" | "hand-over";
  status: string;
  moveCount: number;
}

export interface PhoneNumberSetOutputs extends Omit<PhoneNumberSetInputs, "ownerUrn"> {
  ownerUrn: string;
  numbers: SetNumber[];
  /** The target every number is on (the ARN AWS reports). */
  resolvedTargetArn?: string;
  region: string;
  accountId: string;
  /** The set instance's lease, in every number's tags. */
  lease: string;
  /** Claims the budget could not take now (growBy "fits"): claimed by a later `pulumi up`. */
  deferred?: number;
  deferredUntil?: string;
}

export function declarationOf(
  i: Pick<PhoneNumberSetInputs, "prefixes" | "count" | "phoneNumbers" | "release" | "adoptExisting">,
): SetDeclaration {
  return {
    prefixes: i.prefixes,
    count: i.count,
    phoneNumbers: i.phoneNumbers,
    release: i.release,
    adoptExisting: i.adoptExisting,
  };
}

export const setLabel = (name: string) => `PhoneNumberSet "${name}"`;

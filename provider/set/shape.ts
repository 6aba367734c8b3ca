/**
 * What the PhoneNumberSet resource stores: its inputs as the provider sees them, and its outputs; and the arguments
 * a program gives. Pure types.
 */
import { SetDeclaration, SetMember } from "../../core/fleet";
import type { ArgsOf } from "../dynamic";
import type { PhoneNumberSetInputs } from "../../core/inputs/names";

export { PHONE_NUMBER_SET_INPUTS, setLabel } from "../../core/inputs/names";
export type { PhoneNumberSetInputs } from "../../core/inputs/names";

/** The arguments a program gives: the inputs, each optional and an Input (the owner URN is derived). */
export type PhoneNumberSetArgs = ArgsOf<PhoneNumberSetInputs>;

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

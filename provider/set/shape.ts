/**
 * What the PhoneNumberSet resource stores: its inputs as the provider sees them, and its outputs; and the arguments
 * a program gives. Pure types.
 */
import { SetDeclaration, SetMember } from "../../core/fleet";
import type { ArgsOf } from "../dynamic";
import { CONNECT_RESOURCE_INPUT_NAMES, type ConnectResourceInputs } from "../shape";

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

/** The arguments a program gives: the inputs, each optional and an Input (the owner URN is derived). */
export type PhoneNumberSetArgs = ArgsOf<PhoneNumberSetInputs>;

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

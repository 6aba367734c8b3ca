/**
 * What the PhoneNumber resource stores: its inputs as the provider sees them, and its outputs; and the arguments a
 * program gives. Pure types.
 */
import type { ArgsOf } from "./dynamic";

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

/** The arguments a program gives: the inputs, each optional and an Input (the owner URN is derived). */
export type PhoneNumberArgs = ArgsOf<PhoneNumberInputs>;

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

/**
 * The outputs optional only because older state may lack them, which the provider sets on every number it creates
 * or adopts (tags carry the ownership tags): the resource types them as set, as every release did.
 */
export type PhoneNumberPresent = "tags" | "region" | "accountId" | "lease" | "moveCount";

/** What 0.1 stored instead of ownerUrn: still read (diff, delete), rewritten on the next update. */
export interface LegacyOwnership {
  claimKey?: string;
  ownerStack?: string;
  ownerResource?: string;
}

export interface PhoneNumberOutputs extends Omit<PhoneNumberInputs, "ownerUrn">, LegacyOwnership {
  /** Absent only in 0.1 state. */
  ownerUrn?: string;
  phoneNumberId: string;
  arn: string;
  phoneNumber: string;
  countryCode: string;
  type: string;
  /** CLAIMED, IN_PROGRESS or FAILED as AWS said, or UNKNOWN after a create interrupted before AWS answered. */
  status: string;
  /** AWS's reason, for a FAILED claim or move. */
  statusMessage?: string;
  /** Which operation AWS reported FAILED: a claim is retried by a new claim (a replacement), a move by moving again. */
  failedOperation?: "claim" | "move";
  targetArn: string;
  /** How the stack came to hold the number: a claim (churn) or an adoption (none). */
  origin: "claim" | "adopt";
  /** The account the number belongs to (absent in 0.1 state). */
  accountId?: string;
  /**
   * Which instance of the resource holds the number, also in its tags: two instances share a URN during a
   * replacement, and the one whose lease the tags no longer carry drops the number without releasing it.
   */
  lease?: string;
  /** The moves made so far: each move's ClientToken counts them, so A→B→A→B moves every time. */
  moveCount?: number;
  /** The claim token's generation the number was claimed under. */
  claimGeneration?: number;
}

export { UNKNOWN, isUnknown } from "../core/unknown";

export { claimMode, placeOfArn } from "../core/connect";
export type { ArnPlace, ClaimMode } from "../core/connect";

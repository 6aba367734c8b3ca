/**
 * What the PhoneNumber resource stores: its inputs as the provider sees them, and its outputs; and the arguments a
 * program gives. Pure types.
 */
import type { ArgsOf } from "./dynamic";
import type { PhoneNumberInputs } from "../core/inputs/names";

export { CONNECT_RESOURCE_INPUT_NAMES, PHONE_NUMBER_INPUTS } from "../core/inputs/names";
export type { ConnectResourceInputs, PhoneNumberInputs } from "../core/inputs/names";

/** The arguments a program gives: the inputs, each optional and an Input (the owner URN is derived). */
export type PhoneNumberArgs = ArgsOf<PhoneNumberInputs>;

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

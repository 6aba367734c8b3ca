import { HeldNumber, Known } from "../core";

/** A number the account holds in one region whose ownership tags (or the ledger's index) name a connect-numbers owner. */
export type StackHeldNumber = Known<HeldNumber, "phoneNumber" | "owner">;

/** By target ARN: its quota and the claims the plan makes into it (only those that may be short of room). */
export type RoomNeeds = ReadonlyMap<string, { quota: number; need: number }>;

export interface StackNumbers {
  /** The numbers whose ownership names this stack ("project/stack"). */
  owned: StackHeldNumber[];
  /** How they were found, for the coverage line: "ledger …: 12 numbers of shop/dev in its ownership index (…)". */
  description: string;
  /**
   * Each number's status is read already: the ledger's index records a claim AWS reported FAILED (the provider
   * writes it when it learns it), so no number needs a describe. Tags say no status.
   */
  statusesRead?: true;
}

/**
 * Where the pack learns which numbers a stack holds, and how many numbers each target holds (the per-instance
 * quota). One region per source. Never a describe per number: the ledger's ownership index when it vouches for the
 * stack (one Query), else a tag query (one GetResources per 100 of the stack's numbers and one ListPhoneNumbersV2
 * per 1,000 of the account's); per target, one ListPhoneNumbersV2 per 1,000, and a describe only of as many of its
 * numbers as it takes to tell whether the plan's claims fit.
 */
export interface OwnedNumbersSource {
  ownedBy(stack: string): Promise<StackNumbers>;
  /**
   * Numbers holding a place on each of these targets (instance or traffic distribution group ARNs): listed, less the
   * FAILED claims found where `room` (by ARN) says the listing leaves less room than the claims need (TargetHolding).
   */
  activeOn(targetArns: readonly string[], room?: RoomNeeds): Promise<Map<string, number>>;
}

import { TaggedOwnership } from "../core";
import { AwsSession } from "../aws/session";
import { InventorySource } from "./inventory-source";

/** A number the account holds in one region whose ownership tags name a connect-numbers owner. */
export interface OwnedNumber {
  phoneNumberId: string;
  phoneNumber: string;
  countryCode?: string;
  type?: string;
  targetArn?: string;
  /** Imported from this End User Messaging SMS number (ImportPhoneNumber): a Connect number all the same. */
  importedFrom?: string;
  owner: TaggedOwnership;
}

export interface StackNumbers {
  /** The numbers whose ownership names this stack ("project/stack"). */
  owned: OwnedNumber[];
  /** How they were found, for the coverage line: "inventory: ListPhoneNumbersV2 + DescribePhoneNumber × 12". */
  description: string;
}

/**
 * Where the pack learns which numbers a stack holds, and how many numbers each target holds (the per-instance
 * quota). One region per source. The one seam between the pack and the account's inventory: today a listing of
 * the account with a describe per number; a ledger's ownership index or a tag query answers the same questions in
 * O(1) calls, and swapping means changing `ownedNumbersSource` below.
 */
export interface OwnedNumbersSource {
  ownedBy(stack: string): Promise<StackNumbers>;
  /** Numbers the account holds on each of these targets (instance or traffic distribution group ARNs). */
  activeOn(targetArns: readonly string[]): Promise<Map<string, number>>;
}

export function ownedNumbersSource(aws: AwsSession): OwnedNumbersSource {
  return new InventorySource(aws.connect);
}

import { ChurnEvent, ChurnRule, HistoryCoverage } from "../core";

/**
 * The churn ledger: a durable, shared record of every claim and release on an account and region, and of which
 * stack resource owns which number. The provider's guard, the policy pack and the CLI all read and write it through
 * this interface; storage (a DynamoDB table, a local file, memory in tests) lives behind it.
 */

/** One account in one region: the unit AWS counts churn in (we assume account + region; README, "Limits"). */
export interface LedgerScope {
  accountId: string;
  region: string;
}

export type LedgerService = "connect" | "sms-voice";

/** Who holds a number, by the same identity the ownership tags carry (core/owner.ts). */
export interface Ownership {
  service: LedgerService;
  phoneNumberId: string;
  phoneNumber: string;
  phoneNumberArn?: string;
  /** "project/stack". */
  stack: string;
  ownerUrn: string;
  /** ownerKey(ownerUrn). */
  ownerKey: string;
  /** The resource instance that holds it (see LEASE_TAG). */
  lease: string;
  targetArn?: string;
  countryCode?: string;
  type?: string;
  /** Epoch ms of the last write. */
  updatedAt: number;
}

export interface ReserveRequest {
  scope: LedgerScope;
  action: "claim" | "release";
  /** The rule to judge against; the caller knows the quota (config or Service Quotas). */
  rule: ChurnRule;
  /** The service's clock (epoch ms): the reservation is stamped with it. */
  now: number;
  ownerUrn?: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  clientToken?: string;
  /** Record it even over budget (allowQuotaOverrun): the event happened, and counts. */
  force?: boolean;
}

export type ReserveOutcome =
  | { ok: true; reservationId: string; used: number; limit: number }
  | {
      ok: false;
      /** Events in the window at `now`, pending reservations and future-stamped entries included. */
      used: number;
      limit: number;
      /** When a slot frees, or null when none ever will at this rule (the budget is 0). */
      freesAt: number | null;
    };

/** An event learned from outside the ledger (CloudTrail, a history file), imported idempotently by its id. */
export interface ImportedEvent {
  eventId: string;
  at: number;
  action: "claim" | "release";
  phoneNumber?: string;
  phoneNumberId?: string;
  clientToken?: string;
}

export interface ImportResult {
  /** New events, now counted. */
  added: number;
  /** Events that are one of the ledger's own reservations (same token, or same number and action close in time). */
  matched: number;
  /** Events imported before. */
  known: number;
}

export interface ChurnLedger {
  /** For people: "DynamoDB table connect-numbers-ledger (us-east-1)", "file /home/me/.local/state/…". */
  readonly description: string;

  /**
   * Takes one slot of the window for a claim or release about to be made, race-free across processes: N callers
   * racing for B free slots get exactly B. Refused when the window (reservations included) is full.
   */
  reserve(request: ReserveRequest): Promise<ReserveOutcome>;
  /** AWS did it: the reservation becomes the event, with the number it names. */
  commit(scope: LedgerScope, reservationId: string, result: { phoneNumberId: string; phoneNumber?: string }): Promise<void>;
  /** AWS certainly did nothing (a refusal before any change): the slot is free again. Never after an ambiguous failure. */
  free(scope: LedgerScope, reservationId: string): Promise<void>;

  /** Every event counted in the window ending at `now` (reservations included), with the ledger's entry ids. */
  windowEvents(scope: LedgerScope, now: number, windowDays: number): Promise<ChurnEvent[]>;
  /** How far back the ledger's history is complete. */
  coverage(scope: LedgerScope): Promise<HistoryCoverage>;
  /**
   * Imports events seen elsewhere, each once by event id; events matching a reservation of the ledger's own take
   * its place. `completeFrom`: the source saw everything from this instant (CloudTrail: now - 90 days).
   */
  importEvents(scope: LedgerScope, events: ImportedEvent[], completeFrom: number): Promise<ImportResult>;
  /** Records that the account had no churn before `since` (an auditable assertion by a person). */
  assertCompleteSince(scope: LedgerScope, since: number, by: string): Promise<void>;

  /**
   * Records who holds a number. With `expectedLease`, only if the current record carries that lease (or there is
   * none): a hand-over never overwrites a holder it did not see.
   */
  putOwnership(scope: LedgerScope, ownership: Ownership, expectedLease?: string): Promise<boolean>;
  /** Forgets a number's holder, only if it is still `lease`. */
  dropOwnership(scope: LedgerScope, phoneNumberId: string, lease: string): Promise<boolean>;
  ownershipOf(scope: LedgerScope, phoneNumberId: string): Promise<Ownership | undefined>;
  /** The numbers one stack holds: O(1) calls however many numbers the account has. */
  ownershipByStack(scope: LedgerScope, stack: string): Promise<Ownership[]>;
  /** The numbers one owner (URN) holds: normally one; more after an interrupted create. */
  ownershipByOwner(scope: LedgerScope, ownerKey: string): Promise<Ownership[]>;
  /** How many claims this owner has committed: the next claim token's generation. */
  claimsByOwner(scope: LedgerScope, ownerKey: string): Promise<number>;

  close(): Promise<void>;
}

import type { CloudTrailChurnEvent } from "../aws/history";
import { ChurnEvent, ChurnRule, HistoryCoverage } from "../core";

/**
 * The churn ledger: a durable, shared record of every claim and release on an account and region, and of which
 * stack resource owns which number. The provider's guard, the policy pack and the CLI all read and write it through
 * this interface; storage (a DynamoDB table, a local file, memory in tests) lives behind it.
 */

/** One account in one region: the unit AWS counts churn in (we assume account + region: docs/design.md). */
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
  /**
   * AWS reported its claim FAILED when the provider last wrote this record: it holds no slot (AWS keeps the number
   * for the account a day, and the set claims it again). The account reader takes it from here instead of a describe.
   */
  failed?: true;
  /** With `failed`: it was a move (UpdatePhoneNumber) that failed, so the number is still held on its old target. */
  failedMove?: true;
}

/** A stack's marker in the ownership index (stack-marks.ts has the rule for when it vouches). */
export interface StackMark {
  /** When the stack's index was complete (epoch ms); absent: never reconciled. */
  completeAt?: number;
  /** How: "ledger sync by …", "no numbers at the reconciliation of …". */
  completeBy?: string;
  /** Ownership writes under way, one per process: a token and when it began. */
  writing: Array<{ id: string; since: number }>;
}

export interface StackIndex {
  holders: Ownership[];
  /** Whether the holders are every number the stack holds in this scope (the rule above). */
  vouched: boolean;
  /** Why, for the message: "reconciled by ledger sync by ci at 2026-…, every write since finished". */
  reason: string;
  mark?: StackMark;
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

/** The number one reserved slot is for. */
export interface SlotIdentity {
  phoneNumberId?: string;
  phoneNumber?: string;
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

export interface ReserveManyOutcome {
  reservationIds: string[];
  /** Events in the window at `now` before these reservations, pending ones included. */
  used: number;
  limit: number;
  /** When every slot not granted fits too (null: they all fit now, or never will at this rule). */
  freesAt: number | null;
  /** What the growth would have taken now by what fits, and when the rest: a refused whole growth's way out. */
  byWhatFits: { fit: number; freesAt: number | null };
}

/**
 * An event learned from outside the ledger (CloudTrail, a history file), imported idempotently by its id: the shape
 * CloudTrail's reader gives, which a history file's events take too.
 */
export type ImportedEvent = CloudTrailChurnEvent;

/** What AWS answered to a reserved claim or release. */
export interface CommitResult {
  phoneNumberId: string;
  phoneNumber?: string;
  /**
   * When the call was made. A slot still reserved is stamped no earlier (a growth's slot reserved ahead counts from
   * its claim, as AWS counts it, not from the growth's start); a reservation gone is recorded at it (default: now).
   */
  at?: number;
  /** Only used when the reservation is gone: what the event was (default: claim). */
  action?: "claim" | "release";
}

export interface ImportResult {
  /** New events, now counted. */
  added: number;
  /**
   * Events that are one of the ledger's own reservations (same token, or same number and action close in time, or a
   * slot of that action reserved close in time with no number: a set's batch).
   */
  matched: number;
  /** Events imported before. */
  known: number;
  /** Events older than any window in use: not stored, since no window can count them. */
  tooOld?: number;
}

/**
 * The window facet: the rolling record of claims and releases that the guards take slots of and the gates count,
 * and how far back it is complete.
 */
export interface ChurnWindowLedger {
  /**
   * Takes one slot of the window for a claim or release about to be made, race-free across processes: N callers
   * racing for B free slots get exactly B. Refused when the window (reservations included) is full.
   */
  reserve(request: ReserveRequest): Promise<ReserveOutcome>;
  /**
   * Takes `count` slots in one write of the window (a PhoneNumberSet's claims): all of them, or none when they do
   * not all fit; with `partial`, as many as fit. Each is then committed or freed like one from reserve().
   * `identities[i]`, when the caller knows it (a set's releases), names the number slot i is for, so a sync matches
   * that slot to its own CloudTrail event and never to a look-alike made elsewhere.
   */
  reserveMany(
    request: ReserveRequest,
    count: number,
    partial: boolean,
    identities?: readonly SlotIdentity[],
  ): Promise<ReserveManyOutcome>;
  /**
   * AWS did it: the reservation becomes the event, with the number it names. Idempotent. If the reservation is gone
   * (a sync freed it after its grace period), the event is recorded anew at `at` (default: now).
   */
  commit(scope: LedgerScope, reservationId: string, result: CommitResult): Promise<void>;
  /** AWS certainly did nothing (a refusal before any change): the slot is free again. Never after an ambiguous failure. */
  free(scope: LedgerScope, reservationId: string): Promise<void>;
  /**
   * Stamps these slots, those still reserved, at `now` (never earlier than they were), in one write: a slot its
   * process still holds (a growth's claims waiting their turn) stays younger than `ledger sync`'s grace, so a sync
   * never frees a slot a claim is about to use. Returns how many it stamped.
   */
  renew(scope: LedgerScope, reservationIds: readonly string[], now: number): Promise<number>;

  /** Every event counted in the window ending at `now` (reservations included), with the ledger's entry ids. */
  windowEvents(scope: LedgerScope, now: number, windowDays: number): Promise<ChurnEvent[]>;
  /** How far back the ledger's history is complete. */
  coverage(scope: LedgerScope): Promise<HistoryCoverage>;
  /**
   * Imports events seen elsewhere, each once by event id; events matching a reservation of the ledger's own take
   * its place. The source saw everything from `completeFrom` (CloudTrail: now - 90 days) to `completeUntil`
   * (default: now); coverage grows by that span.
   */
  importEvents(
    scope: LedgerScope,
    events: ImportedEvent[],
    completeFrom: number,
    completeUntil?: number,
  ): Promise<ImportResult>;
  /**
   * Records that the account had no churn before `since` (an auditable assertion by a person). Refused
   * (AssertionRefusedError) for an instant after `now` or after churn the ledger holds.
   */
  assertCompleteSince(scope: LedgerScope, since: number, by: string, now?: number): Promise<void>;
}

/** The ownership facet: which stack resource holds which number, by the identity the ownership tags carry. */
export interface OwnershipIndex {
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
  /**
   * The same Query, with whether the ledger vouches that these are all the stack's numbers (stack-marks.ts has the
   * rule): what a gate may take instead of the account's tags.
   */
  stackIndex(scope: LedgerScope, stack: string): Promise<StackIndex>;
  /** The numbers one owner (URN) holds: normally one; more after an interrupted create. */
  ownershipByOwner(scope: LedgerScope, ownerKey: string): Promise<Ownership[]>;
  /** How many claims this owner has committed: the next claim token's generation. */
  claimsByOwner(scope: LedgerScope, ownerKey: string): Promise<number>;
}

/** One ledger store holds both facets (one table, one file): the guard writes both in one deployment. */
export interface ChurnLedger extends ChurnWindowLedger, OwnershipIndex {
  /** For people: "DynamoDB table connect-numbers-ledger (us-east-1)", "file /home/me/.local/state/…". */
  readonly description: string;
  close(): Promise<void>;
}

/** One `ledger sync`, as the ledger keeps it (the latest 20). */
export interface LedgerSyncRecord {
  at: number;
  by: string;
  /** The span CloudTrail answered for. */
  from: number;
  to: number;
  added: number;
  matched: number;
  known: number;
  freed: number;
  ownershipFixed: number;
  inferredReleases: number;
  /** Set when the sync reconciled holders with the live numbers' tags: when it listed them. */
  reconciledAt?: number;
}

/**
 * A sync's reconciliation of the ownership index: these stacks' indexes (and every stack with a mark) are complete
 * as of `at` (by `by`); intents older than `staleBefore` (writes a crash cut off) are cleared.
 */
export interface IndexReconciliation {
  stacks: readonly string[];
  at: number;
  by: string;
  staleBefore: number;
}

/** What `ledger status` shows. */
export interface LedgerStatus {
  coverage: HistoryCoverage;
  /** The end of the span history is complete to (the last sync, or an assertion); null if none. */
  completeUntil: number | null;
  assertions: Array<{ since: number; by: string; at: number; retracted?: { by: string; at: number } }>;
  lastSync?: LedgerSyncRecord;
  entries: { reserved: number; committed: number; imported: number };
  /** Bytes of the window item's entry list, and the most it may hold. */
  windowBytes: number;
  maxWindowBytes: number;
  /** The latest point every stack's ownership index was complete (a reconciling sync, or an assertion). */
  reconciled?: { at: number; by: string };
}

/** The operations `connect-numbers ledger` (init, sync, status) needs beyond what guards and gates use. */
export interface LedgerAdmin extends ChurnLedger {
  /** Creates the table or file if missing; true when created now. */
  init(): Promise<boolean>;
  /** The accounts and regions it holds history of, where one cheap read tells (a file); undefined for a table. */
  scopes(): Promise<LedgerScope[] | undefined>;
  status(scope: LedgerScope): Promise<LedgerStatus>;
  /** The window's events and the status, in one read of each item (what a gate needs per preview). */
  snapshot(
    scope: LedgerScope,
    now: number,
    windowDays: number,
  ): Promise<{ events: ChurnEvent[]; status: LedgerStatus }>;
  /**
   * Frees reservations AWS never acted on: still reserved, stamped within [from, until], and matched by no imported
   * event (one with no identity, a set's batch slot, is matched by action: importEvents). Call only after importing
   * CloudTrail's complete record of that span. Returns how many were freed.
   */
  freeUnprovenReservations(scope: LedgerScope, from: number, until: number): Promise<number>;
  /** A release the live account proves (the number is gone) that no source recorded: counted from `at`. */
  recordInferredRelease(
    scope: LedgerScope,
    phoneNumberId: string,
    phoneNumber: string | undefined,
    at: number,
  ): Promise<boolean>;
  recordSync(scope: LedgerScope, record: LedgerSyncRecord): Promise<void>;
  /**
   * Takes back the standing assertions made for `since` (kept, marked retracted by `by`): coverage falls back to
   * what the sources saw and the assertions that stand. Returns those retracted (none: nothing stood for `since`).
   */
  retractAssertion(
    scope: LedgerScope,
    since: number,
    by: string,
  ): Promise<Array<{ since: number; by: string; at: number }>>;
  /** Every holder record of the scope (a Query per ~2,000 numbers). */
  allOwnership(scope: LedgerScope): Promise<Ownership[]>;
  /** Writes a holder record only if the number has none, or only over the version read (`replacing`). */
  putOwnershipIfUnchanged(scope: LedgerScope, ownership: Ownership, replacing: Ownership | undefined): Promise<boolean>;
  /** Rewrites stack and owner copies from the holder records; returns how many were fixed. */
  repairOwnershipIndex(scope: LedgerScope): Promise<number>;
  /** After reconciling holders with the live tags and repairing the copies (IndexReconciliation says what holds). */
  markIndexReconciled(scope: LedgerScope, point: IndexReconciliation): Promise<void>;
}

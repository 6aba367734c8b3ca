/**
 * The small key-value interface the ledger is written over, once: single-item reads and conditional writes,
 * unconditional batch writes, and a query of one partition by sort-key prefix. Every DynamoDB has these (no
 * transactions, no TTL: dynalite has no TransactWriteItems); so do a JSON file under a lock and a Map.
 */
export interface KvItem {
  /** Partition key. */
  pk: string;
  /** Sort key. */
  sk: string;
  /** Optimistic-concurrency version: the writer sets it (current + 1); conditions compare it. */
  version: number;
  data: Record<string, unknown>;
}

/**
 * What an unconditional batch write did with one item: written; certainly not written (refused before it acted, or
 * left unprocessed after every retry); or unknown (the call's answer was lost: it may have landed).
 */
export type ItemWrite = { written: true } | { written: false | "unknown"; err: Error };

/** Throws the error of the first item not known to be written. */
export function allWritten(outcomes: readonly ItemWrite[]): void {
  for (const o of outcomes) if (o.written !== true) throw o.err;
}

/** A write's precondition on the item as it stands. */
export type KvCondition = { absent: true } | { version: number };

export interface KvStore {
  /** For people: "DynamoDB table t (us-east-1)", "file /path", "memory". */
  readonly description: string;
  /** A strongly consistent read. */
  get(pk: string, sk: string): Promise<KvItem | undefined>;
  /** Writes unless the condition fails (false). */
  putIf(item: KvItem, condition: KvCondition): Promise<boolean>;
  put(item: KvItem): Promise<void>;
  /**
   * Unconditional writes of several items in as few calls as the store allows (DynamoDB: 25 a BatchWriteItem), with
   * each item's own outcome, in order: one call that fails fails only its items.
   */
  putEach(items: readonly KvItem[]): Promise<ItemWrite[]>;
  /** putEach, failing when any item is not known to be written. */
  putAll(items: readonly KvItem[]): Promise<void>;
  /** Deletes unless the item's version differs from `version` (false); an absent item counts as deleted. */
  deleteIf(pk: string, sk: string, version?: number): Promise<boolean>;
  /** Every item of a partition whose sort key starts with `skPrefix`, in sort-key order, strongly consistent. */
  query(pk: string, skPrefix: string): Promise<KvItem[]>;
  /** Every partition key the store holds, where that is one cheap read (a file, memory); a table leaves it out. */
  partitions?(): Promise<string[]>;
  /** Creates the backing table or file if missing; true when it was created now. */
  init(): Promise<boolean>;
  close(): Promise<void>;
}

/** The ledger cannot be used as it stands, whoever asks and whatever they may read: the message says how to fix it. */
export class LedgerUnusableError extends Error {}

/** The table or file is not there: the message says how to create it. */
export class LedgerMissingError extends LedgerUnusableError {}

/** An item no conditional write can match (its version edited by hand) or that does not parse: named, with its repair. */
export class LedgerItemError extends LedgerUnusableError {}

/**
 * Items the store did not write, or may have written (the answer lost): its service failing or throttling for a
 * while. Nothing is wrong with the ledger itself: written again, they go.
 */
export class LedgerWriteError extends Error {}

export function conditionHolds(current: KvItem | undefined, condition: KvCondition): boolean {
  return "absent" in condition ? current === undefined : current !== undefined && current.version === condition.version;
}

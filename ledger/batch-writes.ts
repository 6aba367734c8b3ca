import { GroupCommit } from "./group-commit";
import { KvItem, KvStore } from "./kv";

/**
 * The ledger's unconditional writes (audit log entries, holder copies), by group commit: what parallel claims write
 * while a batch is in flight goes out together in the next BatchWriteItem (25 items a call). Each caller still waits
 * until its own items are written, so nothing is held in memory that a crash could lose, and fails or succeeds on
 * its own items only.
 */
export class BatchWrites {
  private readonly commits: GroupCommit<readonly KvItem[], void>;

  constructor(store: KvStore) {
    this.commits = new GroupCommit<readonly KvItem[], void>(async (batch) => {
      const outcomes = await store.putEach(batch.flat());
      let next = 0;
      // Each caller's outcome is its own items': one refused or lost fails that caller alone. An item whose answer
      // was lost fails its caller too, as possibly written (its error says so): nothing here takes it for unwritten.
      return batch.map((items) => {
        const own = outcomes.slice(next, (next += items.length));
        const failed = own.find((o) => o.written === "unknown") ?? own.find((o) => o.written === false);
        return failed && failed.written !== true ? { ok: false, err: failed.err } : { ok: true, value: undefined };
      });
    });
  }

  put(items: readonly KvItem[]): Promise<void> {
    return this.commits.submit(items);
  }
}

import { GroupCommit } from "./group-commit";
import { KvItem, KvStore } from "./kv";

/**
 * The ledger's unconditional writes (audit log entries, holder copies), by group commit: what parallel claims write
 * while a batch is in flight goes out together in the next BatchWriteItem (25 items a call). Each caller still waits
 * until its own items are written, so nothing is held in memory that a crash could lose.
 */
export class BatchWrites {
  private readonly commits: GroupCommit<readonly KvItem[], void>;

  constructor(store: KvStore) {
    this.commits = new GroupCommit<readonly KvItem[], void>(async (batch) => {
      await store.putAll(batch.flat());
      return batch.map(() => ({ ok: true as const, value: undefined }));
    });
  }

  put(items: readonly KvItem[]): Promise<void> {
    return this.commits.submit(items);
  }
}

import { KvItem, KvStore } from "./kv";
import { retrying } from "./retry";

/** What an edit makes of the item: new data to write (none: leave it), and the answer to give. */
export interface Edit<T> {
  data?: Record<string, unknown>;
  value: T;
}

/**
 * One item this process changes by read-change-write, remembering the version it last read or wrote: the next
 * change starts from it without reading again, and the version condition still decides, so only a lost race
 * (another process wrote in between) costs the read. For items one process writes most (the window during a
 * deployment, an owner's claim counter, a stack's mark) that is one call a change instead of two. An edit that
 * writes nothing answers from what it saw: one made from memory is made again from a fresh read, so no answer
 * without a write (a refusal, "already done") comes from a stale copy.
 */
export class KnownItem {
  /** The item as this process last saw it; undefined: not known (read it), null: known to be absent. */
  private known: KvItem | null | undefined;
  private reading: Promise<KvItem | undefined> | undefined;

  constructor(
    private readonly store: KvStore,
    readonly key: { pk: string; sk: string },
  ) {}

  /** The item as last seen, or read now. */
  async current(): Promise<KvItem | undefined> {
    if (this.known !== undefined) return this.known ?? undefined;
    return this.read();
  }

  /** A strongly consistent read, remembered; reads asked for while one is in flight share it. */
  read(): Promise<KvItem | undefined> {
    this.reading ??= this.store.get(this.key.pk, this.key.sk).then(
      (item) => {
        this.reading = undefined;
        // A write of this process that landed while the read was in flight is newer than what it read.
        if (this.known === undefined || (item?.version ?? 0) >= (this.known?.version ?? 0)) this.known = item ?? null;
        return item;
      },
      (err: unknown) => {
        this.reading = undefined;
        throw err;
      },
    );
    return this.reading;
  }

  /** Runs `edit` (pure in the item it is given: it may run again) and writes its data over the version it saw. */
  change<T>(what: string, edit: (item: KvItem | undefined) => Promise<Edit<T>> | Edit<T>): Promise<T> {
    return retrying<T>(what, async () => {
      const remembered = this.known !== undefined;
      let current = await this.current();
      let out = await edit(current);
      if (out.data === undefined && remembered) out = await edit((current = await this.read()));
      if (out.data === undefined) return { done: true, value: out.value };
      const next: KvItem = { ...this.key, version: (current?.version ?? 0) + 1, data: out.data };
      // While the write is in flight, readers get the version before it, as a read racing the write would.
      let written: boolean;
      try {
        written = await this.store.putIf(next, current ? { version: current.version } : { absent: true });
      } catch (err) {
        // A lost answer may have landed the write: nothing is remembered, the next change reads the item first.
        this.known = undefined;
        throw err;
      }
      this.known = written ? next : undefined;
      if (!written) return { done: false };
      return { done: true, value: out.value };
    });
  }
}

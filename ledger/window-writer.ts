import { GroupCommit, Outcome } from "./group-commit";
import { KnownItem } from "./known-item";
import { KvItem, KvStore } from "./kv";
import { keys } from "./keys";
import { LedgerScope } from "./types";
import { WindowCodec, WindowEntry, checkSize, encodeEntries, encodedSize } from "./window";

export interface WindowState {
  entries: readonly WindowEntry[];
  /** The longest window any caller has used: entries are kept at least this long. */
  keepDays: number;
}

/**
 * A change to the window: a pure function of the state it is given (it may run again after a lost race), returning
 * the new state, or only a result when nothing changes. Throwing refuses this change alone.
 */
export type WindowChange<T> = (state: WindowState) => { state?: WindowState; result: T };

/**
 * One scope's window item, written by group commit: changes queued while a write is in flight go together in the
 * next read-change-write, in order, each seeing the ones before it. A process's own reservations never race each
 * other; across processes the version check decides, and the loser re-reads and re-applies its whole batch. So the
 * throughput of a guard does not depend on the store's latency (one call per batch, however many claims wait: the
 * version last written is remembered, known-item.ts).
 */
export class WindowWriter {
  private readonly codec = new WindowCodec();
  private readonly item: KnownItem;
  private readonly commits: GroupCommit<{ what: string; change: WindowChange<unknown> }, unknown>;

  constructor(
    store: KvStore,
    scope: LedgerScope,
    private readonly description: string,
  ) {
    this.item = new KnownItem(store, keys.window(scope));
    this.commits = new GroupCommit((batch) => this.write(batch));
  }

  /** The window as it stands: a strongly consistent read (what a gate counts). */
  async read(): Promise<WindowState & { version: number }> {
    return this.stateOf(await this.item.read());
  }

  private stateOf(item: KvItem | undefined): WindowState & { version: number } {
    if (!item) return { version: 0, entries: [], keepDays: 0 };
    return {
      version: item.version,
      entries: this.codec.decode(String(item.data.entries ?? "")),
      keepDays: Number(item.data.keepDays ?? 0),
    };
  }

  change<T>(what: string, change: WindowChange<T>): Promise<T> {
    return this.commits.submit({ what, change: change as WindowChange<unknown> }) as Promise<T>;
  }

  /**
   * One batch's read-change-write, from the version this process last saw (a lost race re-reads): each change sees
   * the ones before it, and a change that throws is refused alone.
   */
  private write(
    batch: ReadonlyArray<{ what: string; change: WindowChange<unknown> }>,
  ): Promise<Array<Outcome<unknown>>> {
    return this.item.change(batch.length === 1 ? batch[0].what : `${batch.length} window changes`, (current) => {
      let state: WindowState = this.stateOf(current);
      let changed = false;
      const results = batch.map((q): Outcome<unknown> => {
        try {
          const out = q.change(state);
          if (out.state && out.state !== state) {
            checkSize(encodedSize(out.state.entries), `${this.description}, ${q.what}`);
            state = out.state;
            changed = true;
          }
          return { ok: true, value: out.result };
        } catch (err) {
          return { ok: false, err };
        }
      });
      if (!changed) return { value: results };
      return { data: { entries: encodeEntries(state.entries), keepDays: state.keepDays }, value: results };
    });
  }
}

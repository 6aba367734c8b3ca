import { KvStore } from "./kv";
import { keys } from "./keys";
import { retrying } from "./retry";
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

interface Queued {
  what: string;
  change: WindowChange<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * One scope's window item, written by group commit: changes queued while a write is in flight go together in the
 * next read-change-write, in order, each seeing the ones before it. A process's own reservations never race each
 * other; across processes the version check decides, and the loser re-reads and re-applies its whole batch. So the
 * throughput of a guard does not depend on the store's latency (two calls per batch, however many claims wait).
 */
export class WindowWriter {
  private readonly queue: Queued[] = [];
  /** A flush is running: it takes every change queued before it finds the queue empty. */
  private flushing = false;
  private readonly codec = new WindowCodec();

  constructor(
    private readonly store: KvStore,
    private readonly scope: LedgerScope,
    private readonly description: string,
  ) {}

  async read(): Promise<WindowState & { version: number }> {
    const k = keys.window(this.scope);
    const item = await this.store.get(k.pk, k.sk);
    if (!item) return { version: 0, entries: [], keepDays: 0 };
    return {
      version: item.version,
      entries: this.codec.decode(String(item.data.entries ?? "")),
      keepDays: Number(item.data.keepDays ?? 0),
    };
  }

  change<T>(what: string, change: WindowChange<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        what,
        change: change as WindowChange<unknown>,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  /** Never rejects: each change's promise carries its outcome. */
  private async flush(): Promise<void> {
    for (;;) {
      // The empty check and the reset in one synchronous step: a change queued after it (say by a caller resumed
      // by the last batch) finds no flush running and starts one.
      if (this.queue.length === 0) {
        this.flushing = false;
        return;
      }
      const batch = this.queue.splice(0);
      try {
        type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };
        const outcomes = await retrying<Outcome[]>(
          batch.length === 1 ? batch[0].what : `${batch.length} window changes`,
          async () => {
            const current = await this.read();
            let state: WindowState = current;
            let changed = false;
            const results = batch.map((q): Outcome => {
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
            if (!changed) return { done: true, value: results };
            const k = keys.window(this.scope);
            const data = { entries: encodeEntries(state.entries), keepDays: state.keepDays };
            const written = await this.store.putIf(
              { ...k, version: current.version + 1, data },
              current.version === 0 ? { absent: true } : { version: current.version },
            );
            return written ? { done: true, value: results } : { done: false };
          },
        );
        outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.err)));
      } catch (err) {
        for (const q of batch) q.reject(err);
      }
    }
  }
}

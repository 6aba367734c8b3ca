import { KvStore } from "./kv";
import { retrying } from "./retry";

/** Reservations the counter remembers, so a commit run again does not count its claim twice. */
const RECENT = 50;

interface Pending {
  reservationId: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * One owner's claim counter (the generation its claim tokens start from), written by group commit as the window is
 * (window-writer.ts): claims counted while a write is in flight go together in the next read-write. A set's parallel
 * claims share one owner, and counted one by one they raced each other for this item (about two lost writes a claim).
 */
export class ClaimCounter {
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly store: KvStore,
    private readonly key: { pk: string; sk: string },
    private readonly what: string,
  ) {}

  count(reservationId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ reservationId, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  /** Never rejects: each count's promise carries its outcome. */
  private async flush(): Promise<void> {
    for (;;) {
      // The empty check and the reset in one synchronous step, as in WindowWriter.flush.
      if (this.queue.length === 0) {
        this.flushing = false;
        return;
      }
      const batch = this.queue.splice(0);
      try {
        await retrying<void>(`count ${batch.length} claim(s) of ${this.what}`, async () => {
          const current = await this.store.get(this.key.pk, this.key.sk);
          const recent = (current?.data.recent as string[] | undefined) ?? [];
          const fresh = [...new Set(batch.map((p) => p.reservationId))].filter((id) => !recent.includes(id));
          if (fresh.length === 0) return { done: true, value: undefined };
          const data = {
            count: Number(current?.data.count ?? 0) + fresh.length,
            recent: [...fresh.reverse(), ...recent].slice(0, RECENT),
          };
          const written = await this.store.putIf(
            { ...this.key, version: (current?.version ?? 0) + 1, data },
            current ? { version: current.version } : { absent: true },
          );
          return written ? { done: true, value: undefined } : { done: false };
        });
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  }
}

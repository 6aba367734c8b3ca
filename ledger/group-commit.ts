/** Each queued request's outcome: a value, or the error that refuses it alone. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; err: unknown };

interface Queued<Q, R> {
  request: Q;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of one ledger item: requests queued while a write is in flight go together in the next one, so the
 * writes a process makes do not depend on how many callers wait (the window, an owner's claim counter). `write`
 * settles a whole batch (retrying lost races itself) and gives one outcome per request, in order; if it throws,
 * every request of the batch fails with that error.
 */
export class GroupCommit<Q, R> {
  private readonly queue: Array<Queued<Q, R>> = [];
  /** A flush is running: it takes every request queued before it finds the queue empty. */
  private flushing = false;

  constructor(private readonly write: (batch: readonly Q[]) => Promise<Array<Outcome<R>>>) {}

  submit(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  /** Never rejects: each request's promise carries its outcome. */
  private async flush(): Promise<void> {
    for (;;) {
      // The empty check and the reset in one synchronous step: a request queued after it (say by a caller resumed
      // by the last batch) finds no flush running and starts one.
      if (this.queue.length === 0) {
        this.flushing = false;
        return;
      }
      const batch = this.queue.splice(0);
      try {
        const outcomes = await this.write(batch.map((q) => q.request));
        outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.err)));
      } catch (err) {
        for (const q of batch) q.reject(err);
      }
    }
  }
}

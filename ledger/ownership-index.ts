import { BatchWrites } from "./batch-writes";
import { KvItem, KvStore } from "./kv";
import { keys } from "./keys";
import { retrying } from "./retry";
import { MARK_SK, StackMarks } from "./stack-marks";
import { LedgerScope, Ownership } from "./types";

/**
 * Who holds which number. The holder record (one item per number) is the truth, and the only item conditional
 * writes go to; copies in the stack's and the owner's partitions make ownershipByStack and ownershipByOwner one
 * Query each. Without transactions the copies follow the truth: a copy can be missing for a moment (a process died
 * between the two writes), never pointing somewhere the truth does not; `ledger sync` rewrites missing copies.
 * Every write records its intent in the mark of each stack it touches first (stack-marks.ts), so a stack whose
 * copies a crash left incomplete is not vouched for until the sync has repaired them.
 */
export class OwnershipIndex {
  constructor(
    private readonly store: KvStore,
    readonly marks: StackMarks,
    private readonly writes: BatchWrites,
  ) {}

  private copies(scope: LedgerScope, o: Ownership, version: number): KvItem[] {
    return [
      { ...keys.stackCopy(scope, o.stack, o.phoneNumberId), version, data: { ...o } },
      { ...keys.ownerCopy(scope, o.ownerKey, o.phoneNumberId), version, data: { ...o } },
    ];
  }

  private async dropCopies(scope: LedgerScope, o: Ownership): Promise<void> {
    for (const copy of this.copies(scope, o, 0)) await this.store.deleteIf(copy.pk, copy.sk);
  }

  private async holder(scope: LedgerScope, phoneNumberId: string): Promise<KvItem | undefined> {
    const k = keys.holder(scope, phoneNumberId);
    return this.store.get(k.pk, k.sk);
  }

  /**
   * Writes the holder record when `admit` accepts the current one (undefined: none), then its copies. Copies of a
   * previous stack or owner go first: a missing copy is repaired from the truth, a stray one could not be found.
   */
  private write(
    scope: LedgerScope,
    o: Ownership,
    admit: (current: Ownership | undefined) => boolean,
  ): Promise<boolean> {
    // A number just claimed has no holder yet: when that would be admitted, write first and read only if the
    // conditional write finds one (one call a claim instead of two).
    let unread = admit(undefined);
    return this.marks.during(scope, [o.stack], () =>
      retrying<boolean>(`ownership of ${o.phoneNumberId}`, async () => {
        const current = unread ? undefined : await this.holder(scope, o.phoneNumberId);
        unread = false;
        const held = current?.data as Ownership | undefined;
        if (!admit(held)) return { done: true, value: false };
        const change = async (): Promise<{ done: true; value: boolean } | { done: false }> => {
          if (held && (held.stack !== o.stack || held.ownerKey !== o.ownerKey)) await this.dropCopies(scope, held);
          const version = (current?.version ?? 0) + 1;
          const written = await this.store.putIf(
            { ...keys.holder(scope, o.phoneNumberId), version, data: { ...o } },
            current ? { version: current.version } : { absent: true },
          );
          if (!written) return { done: false };
          await this.writes.put(this.copies(scope, o, version));
          return { done: true, value: true };
        };
        // Taken from another stack: that stack's index changes too.
        return held && held.stack !== o.stack ? this.marks.during(scope, [held.stack], change) : change();
      }),
    );
  }

  put(scope: LedgerScope, o: Ownership, expectedLease?: string): Promise<boolean> {
    return this.write(
      scope,
      o,
      (held) => expectedLease === undefined || held === undefined || held.lease === expectedLease,
    );
  }

  putIfUnchanged(scope: LedgerScope, o: Ownership, replacing: Ownership | undefined): Promise<boolean> {
    return this.write(scope, o, (held) => JSON.stringify(held ?? null) === JSON.stringify(replacing ?? null));
  }

  drop(scope: LedgerScope, phoneNumberId: string, lease: string): Promise<boolean> {
    return retrying<boolean>(`ownership of ${phoneNumberId}`, async () => {
      const current = await this.holder(scope, phoneNumberId);
      const held = current?.data as Ownership | undefined;
      if (!current || !held || held.lease !== lease) return { done: true, value: false };
      return this.marks.during(scope, [held.stack], async () => {
        await this.dropCopies(scope, held);
        const k = keys.holder(scope, phoneNumberId);
        return (await this.store.deleteIf(k.pk, k.sk, current.version)) ? { done: true, value: true } : { done: false };
      });
    });
  }

  async of(scope: LedgerScope, phoneNumberId: string): Promise<Ownership | undefined> {
    return (await this.holder(scope, phoneNumberId))?.data as Ownership | undefined;
  }

  async byStack(scope: LedgerScope, stack: string): Promise<Ownership[]> {
    return (await this.marks.index(scope, stack)).holders;
  }

  async byOwner(scope: LedgerScope, ownerKey: string): Promise<Ownership[]> {
    const k = keys.ownerCopies(scope, ownerKey);
    return (await this.store.query(k.pk, k.prefix)).map((i) => i.data as unknown as Ownership);
  }

  async all(scope: LedgerScope): Promise<Ownership[]> {
    return (await this.store.query(keys.holders(scope), "")).map((i) => i.data as unknown as Ownership);
  }

  /** Per stack: rewrite copies the truth lacks or differs from, delete copies with no truth behind them. */
  async repair(scope: LedgerScope): Promise<number> {
    const holders = await this.store.query(keys.holders(scope), "");
    const byStack = new Map<string, KvItem[]>();
    for (const h of holders)
      byStack.set((h.data as unknown as Ownership).stack, [
        ...(byStack.get((h.data as unknown as Ownership).stack) ?? []),
        h,
      ]);
    let fixed = 0;
    // Stacks whose partitions hold copies but no holder any more (every number gone): their strays go too.
    for (const stack of await this.marks.registered(scope)) if (!byStack.has(stack)) byStack.set(stack, []);
    for (const [stack, truths] of byStack) {
      const copies = new Map(
        (await this.store.query(keys.stackCopies(scope, stack), ""))
          .filter((c) => c.sk !== MARK_SK)
          .map((c) => [c.sk, c]),
      );
      const stale = truths.filter(
        (truth) => copies.get((truth.data as unknown as Ownership).phoneNumberId)?.version !== truth.version,
      );
      for (const truth of truths) copies.delete((truth.data as unknown as Ownership).phoneNumberId);
      if (stale.length === 0 && copies.size === 0) continue;
      await this.marks.during(scope, [stack], async () => {
        fixed += stale.length;
        await this.store.putAll(stale.flatMap((t) => this.copies(scope, t.data as unknown as Ownership, t.version)));
        for (const stray of copies.values()) {
          await this.dropCopies(scope, stray.data as unknown as Ownership);
          fixed++;
        }
      });
    }
    return fixed;
  }
}

import { randomBytes } from "node:crypto";
import { KnownItem } from "./known-item";
import { KvStore } from "./kv";
import { keys, scopeId } from "./keys";
import { IndexReconciliation, LedgerScope, Ownership, StackIndex, StackMark } from "./types";

/**
 * Whether the ledger can vouch for the numbers one stack holds: its stack partition (one Query) carries, beside the
 * holder copies, a mark saying since when the copies are the whole truth.
 *
 * The rule (docs/ledger.md): the index of a stack is complete
 *   1. from a reconciliation: `ledger sync` matched the holders with the numbers' own ownership tags and wrote every
 *      copy (`completeAt` = when it listed the account); or the stack held nothing at the scope's latest
 *      reconciliation point (a sync, or the assertion that a new account had no claim before an instant) when its
 *      first ownership write came, and so inherits that point;
 *   2. and every ownership write for the stack since then finished: a write in flight, or one a crash cut off
 *      between the holder record and its copies, leaves its intent in the mark, and the stack is not vouched for
 *      until it finishes or the next sync repairs the copies and clears it.
 * What the rule cannot see: a deployment of the stack through another ledger (another setting, the per-user file on
 * another machine). Reading the stack config's own `connect-numbers:ledger`, the pack and the provider use one.
 */
/** The scope's latest reconciliation point: a stack first written after it held nothing then. */
export interface Reconciliation {
  at: number;
  by: string;
}

export const MARK_SK = "#index";

const iso = (t: number) => new Date(t).toISOString();

export class StackMarks {
  /** This process's intent token (one per ledger instance: a provider process opens its ledger once). */
  private readonly token = randomBytes(8).toString("base64url");
  private readonly active = new Map<string, { count: number; ready: Promise<void> }>();
  /** Writes of one stack's mark go out in order: an intent removed is never overtaken by its re-add. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly marks = new Map<string, KnownItem>();

  constructor(
    private readonly store: KvStore,
    private readonly clock: () => number,
    private readonly reconciliation: (scope: LedgerScope) => Promise<Reconciliation | undefined>,
  ) {}

  private static key(scope: LedgerScope, stack: string): string {
    return `${scopeId(scope)}#${stack}`;
  }

  /** Runs an ownership write of these stacks with this process's intent recorded in each stack's mark. */
  async during<T>(scope: LedgerScope, stacks: readonly string[], work: () => Promise<T>): Promise<T> {
    const entered: string[] = [];
    try {
      for (const stack of [...new Set(stacks)]) {
        await this.enter(scope, stack);
        entered.push(stack);
      }
      return await work();
    } finally {
      for (const stack of entered) await this.leave(scope, stack);
    }
  }

  private async enter(scope: LedgerScope, stack: string): Promise<void> {
    const k = StackMarks.key(scope, stack);
    const current = this.active.get(k);
    if (current) {
      current.count++;
      return current.ready.catch((err: unknown) => {
        current.count--;
        throw err;
      });
    }
    const entry = { count: 1, ready: this.serial(k, () => this.addIntent(scope, stack)) };
    this.active.set(k, entry);
    try {
      await entry.ready;
    } catch (err) {
      // Whether the intent was written is unknown: it stays (the safe side) until a sync clears it.
      if (--entry.count === 0 && this.active.get(k) === entry) this.active.delete(k);
      throw err;
    }
  }

  private async leave(scope: LedgerScope, stack: string): Promise<void> {
    const k = StackMarks.key(scope, stack);
    const entry = this.active.get(k);
    if (!entry || --entry.count > 0) return;
    this.active.delete(k);
    await this.serial(k, () => this.removeIntent(scope, stack));
  }

  private serial<T>(k: string, run: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(k) ?? Promise.resolve()).then(run, run);
    this.chains.set(
      k,
      next.catch(() => undefined),
    );
    return next;
  }

  /** The stack's mark as this process last wrote it: entering and leaving a write is one call each, not two. */
  private mark(scope: LedgerScope, stack: string): KnownItem {
    const k = StackMarks.key(scope, stack);
    let item = this.marks.get(k);
    if (!item) this.marks.set(k, (item = new KnownItem(this.store, keys.stackMark(scope, stack))));
    return item;
  }

  private change(
    scope: LedgerScope,
    stack: string,
    what: string,
    edit: (mark: StackMark | undefined) => Promise<StackMark | undefined>,
  ): Promise<void> {
    return this.mark(scope, stack).change(`${what} (stack ${stack})`, async (item) => {
      const next = await edit(item?.data as StackMark | undefined);
      return { data: next as unknown as Record<string, unknown> | undefined, value: undefined };
    });
  }

  private async addIntent(scope: LedgerScope, stack: string): Promise<void> {
    let created = false;
    await this.change(scope, stack, "record an ownership write", async (mark) => {
      if (mark?.writing.some((w) => w.id === this.token)) return undefined;
      const intent = { id: this.token, since: this.clock() };
      if (mark) return { ...mark, writing: [...mark.writing, intent] };
      // The stack's first write through this ledger: it held nothing at the scope's latest reconciliation point
      // (else that sync would have marked it), so its index is complete from there.
      const point = await this.reconciliation(scope);
      created = true;
      return point
        ? { completeAt: point.at, completeBy: `no numbers at ${point.by}`, writing: [intent] }
        : { writing: [intent] };
    });
    if (created) await this.register(scope, stack);
  }

  private removeIntent(scope: LedgerScope, stack: string): Promise<void> {
    return this.change(scope, stack, "finish an ownership write", async (mark) => {
      if (!mark?.writing.some((w) => w.id === this.token)) return undefined;
      return { ...mark, writing: mark.writing.filter((w) => w.id !== this.token) };
    });
  }

  /** Every stack with a mark, so a sync can reach marks whose stack holds nothing any more. */
  private register(scope: LedgerScope, stack: string): Promise<void> {
    return new KnownItem(this.store, keys.stacks(scope)).change(`register stack ${stack}`, (item) => {
      const names = (item?.data.names as string[] | undefined) ?? [];
      return names.includes(stack)
        ? { value: undefined }
        : { data: { names: [...names, stack].sort() }, value: undefined };
    });
  }

  async registered(scope: LedgerScope): Promise<string[]> {
    const k = keys.stacks(scope);
    return ((await this.store.get(k.pk, k.sk))?.data.names as string[] | undefined) ?? [];
  }

  /**
   * After a sync reconciled holders with the live tags and repaired every copy: each stack's index is complete as of
   * the listing, and intents older than `staleBefore` (writes a crash cut off) are cleared, their copies repaired.
   */
  async reconciled(scope: LedgerScope, { stacks, at, by, staleBefore }: IndexReconciliation): Promise<void> {
    const all = [...new Set([...stacks, ...(await this.registered(scope))])];
    for (const stack of all) {
      let created = false;
      await this.change(scope, stack, "mark the index reconciled", async (mark) => {
        created = mark === undefined;
        return {
          completeAt: Math.max(at, mark?.completeAt ?? -Infinity),
          completeBy: by,
          writing: (mark?.writing ?? []).filter((w) => w.since >= staleBefore),
        };
      });
      if (created) await this.register(scope, stack);
    }
  }

  /**
   * A reconciliation point taken back (a retracted assertion): every stack whose completeness came from it alone is
   * no longer vouched for, until the next sync reconciles it.
   */
  async withdraw(scope: LedgerScope, points: readonly string[]): Promise<void> {
    const derived = new Set(points.map((by) => `no numbers at ${by}`));
    for (const stack of await this.registered(scope)) {
      await this.change(scope, stack, "withdraw a reconciliation", async (mark) => {
        if (!mark || mark.completeBy === undefined || !derived.has(mark.completeBy)) return undefined;
        return { writing: mark.writing };
      });
    }
  }

  /** The stack's holder copies and whether they are the whole truth, from one Query of its partition. */
  async index(scope: LedgerScope, stack: string): Promise<StackIndex> {
    const items = await this.store.query(keys.stackCopies(scope, stack), "");
    const markItem = items.find((i) => i.sk === MARK_SK);
    const holders = items.filter((i) => i.sk !== MARK_SK).map((i) => i.data as unknown as Ownership);
    const mark = markItem?.data as StackMark | undefined;
    if (!mark) return { holders, vouched: false, reason: "no ownership of this stack was written through this ledger" };
    if (mark.writing.length > 0) {
      const since = Math.min(...mark.writing.map((w) => w.since));
      return {
        holders,
        vouched: false,
        reason: `an ownership write is under way or was cut off (since ${iso(since)}); \`connect-numbers ledger sync\` repairs the index`,
        mark,
      };
    }
    if (mark.completeAt === undefined) {
      return {
        holders,
        vouched: false,
        reason:
          "this stack's index was never reconciled: run `connect-numbers ledger sync` (or, for a new account, `ledger init --history-complete-since`)",
        mark,
      };
    }
    return {
      holders,
      vouched: true,
      reason: `complete since ${iso(mark.completeAt)} (${mark.completeBy ?? "reconciled"}), every write since through this ledger`,
      mark,
    };
  }
}

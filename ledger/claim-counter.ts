import { plural } from "../core";
import { GroupCommit } from "./group-commit";
import { KnownItem } from "./known-item";
import { KvStore } from "./kv";

/** Reservations the counter remembers, so a commit run again does not count its claim twice. */
const RECENT = 50;

/**
 * One owner's claim counter (the generation its claim tokens start from), written by group commit as the window is
 * (window-writer.ts): claims counted while a write is in flight go together in the next read-write. A set's parallel
 * claims share one owner, and counted one by one they raced each other for this item (about two lost writes a claim).
 * The counter's last version this process read or wrote is kept (known-item.ts): each of a set's claims asks for it
 * before claiming, and an owner's claims are made by one deployment at a time (Pulumi's stack lock), so after the
 * first read the process's own copy is the item; a write by anyone else still fails the version check and is re-read.
 */
export class ClaimCounter {
  private readonly item: KnownItem;
  private readonly commits: GroupCommit<string, void>;

  constructor(store: KvStore, key: { pk: string; sk: string }, what: string) {
    this.item = new KnownItem(store, key);
    this.commits = new GroupCommit<string, void>(async (batch) => {
      await this.item.change(`count ${plural(batch.length, "claim")} of ${what}`, (current) => {
        const recent = (current?.data.recent as string[] | undefined) ?? [];
        const fresh = [...new Set(batch)].filter((id) => !recent.includes(id));
        if (fresh.length === 0) return { value: undefined };
        const data = {
          count: Number(current?.data.count ?? 0) + fresh.length,
          recent: [...fresh.reverse(), ...recent].slice(0, RECENT),
        };
        return { data, value: undefined };
      });
      return batch.map(() => ({ ok: true as const, value: undefined }));
    });
  }

  /** Claims committed so far: the next claim token's generation. */
  async claims(): Promise<number> {
    return Number((await this.item.current())?.data.count ?? 0);
  }

  count(reservationId: string): Promise<void> {
    return this.commits.submit(reservationId);
  }
}

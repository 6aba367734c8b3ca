import { ItemWrite, KvCondition, KvItem, KvStore, allWritten, conditionHolds } from "../kv";

/** The store in this process's memory: unit tests, and the reference the durable stores are tested against. */
export class MemoryStore implements KvStore {
  readonly description = "memory";
  private readonly items = new Map<string, KvItem>();

  private static key(pk: string, sk: string): string {
    return `${pk}\n${sk}`;
  }

  async get(pk: string, sk: string): Promise<KvItem | undefined> {
    const item = this.items.get(MemoryStore.key(pk, sk));
    return item && structuredClone(item);
  }

  async putIf(item: KvItem, condition: KvCondition): Promise<boolean> {
    if (!conditionHolds(this.items.get(MemoryStore.key(item.pk, item.sk)), condition)) return false;
    this.items.set(MemoryStore.key(item.pk, item.sk), structuredClone(item));
    return true;
  }

  async put(item: KvItem): Promise<void> {
    this.items.set(MemoryStore.key(item.pk, item.sk), structuredClone(item));
  }

  async putEach(items: readonly KvItem[]): Promise<ItemWrite[]> {
    for (const item of items) await this.put(item);
    return items.map(() => ({ written: true }));
  }

  async putAll(items: readonly KvItem[]): Promise<void> {
    allWritten(await this.putEach(items));
  }

  async deleteIf(pk: string, sk: string, version?: number): Promise<boolean> {
    const current = this.items.get(MemoryStore.key(pk, sk));
    if (current && version !== undefined && current.version !== version) return false;
    this.items.delete(MemoryStore.key(pk, sk));
    return true;
  }

  async query(pk: string, skPrefix: string): Promise<KvItem[]> {
    return [...this.items.values()]
      .filter((i) => i.pk === pk && i.sk.startsWith(skPrefix))
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
      .map((i) => structuredClone(i));
  }

  async init(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {}
}

import { defaultRule } from "../../core";
import { KvLedger } from "../kv-ledger";
import { KvCondition, KvItem } from "../kv";
import { MemoryStore } from "../stores/memory";
import { LedgerFullError } from "../window";
import { WindowWriter } from "../window-writer";

/** A memory store that counts writes, and loses the first `losses` conditional writes as if another process won. */
class CountingStore extends MemoryStore {
  puts = 0;
  constructor(private losses = 0) {
    super();
  }
  async putIf(item: KvItem, condition: KvCondition): Promise<boolean> {
    this.puts++;
    if (this.losses > 0 && item.sk === "window") {
      this.losses--;
      // Another process appends first: this write's version check must fail, and the batch re-applied.
      const current = await this.get(item.pk, item.sk);
      await super.put({
        pk: item.pk,
        sk: item.sk,
        version: (current?.version ?? 0) + 1,
        data: { entries: current?.data.entries ?? "", keepDays: 180 },
      });
      return false;
    }
    return super.putIf(item, condition);
  }
}

const T = Date.parse("2026-06-01T00:00:00Z");
const scope = { accountId: "123456789012", region: "us-east-1" };

describe("window group commit", () => {
  it("takes a change made the moment the previous one resolves (a caller resumed by the last batch)", async () => {
    const writer = new WindowWriter(new MemoryStore(), scope, "memory");
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push(
        await writer.change(`change ${i}`, (w) => ({
          state: { entries: w.entries, keepDays: w.keepDays + 1 },
          result: w.keepDays,
        })),
      );
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  }, 5_000);

  it("writes a process's concurrent reservations together, in order, granting exactly the budget", async () => {
    const store = new CountingStore();
    const ledger = new KvLedger(store);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ledger.reserve({ scope, action: "claim", rule: defaultRule({ quota: 20 }), now: T + i }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(40);
    expect(outcomes.map((o) => o.used)).toEqual([
      ...Array.from({ length: 40 }, (_, i) => i + 1),
      ...Array(10).fill(40),
    ]);
    expect(store.puts).toBeLessThanOrEqual(3);
  });

  it("re-applies the whole batch after losing a race, and refuses a change that does not fit alone", async () => {
    const store = new CountingStore(2);
    const ledger = new KvLedger(store);
    const ok = await Promise.all(
      [1, 2, 3].map((i) => ledger.reserve({ scope, action: "release", rule: defaultRule({ quota: 5 }), now: T + i })),
    );
    expect(ok.map((o) => o.ok && o.used)).toEqual([1, 2, 3]);
    const huge = Array.from({ length: 6000 }, (_, i) => ({
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      at: T - i,
      action: "claim" as const,
      phoneNumberId: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      phoneNumber: "+12065550100",
    }));
    const [full, fits] = await Promise.allSettled([
      ledger.importEvents(scope, huge, T - 90 * 86_400_000, T),
      ledger.reserve({ scope, action: "claim", rule: defaultRule({ quota: 5 }), now: T + 9 }),
    ]);
    expect(full).toMatchObject({ status: "rejected", reason: expect.any(LedgerFullError) });
    expect(fits).toMatchObject({ status: "fulfilled", value: { ok: true, used: 4 } });
  });
});

import { KnownItem } from "../known-item";
import { KvItem, KvStore } from "../kv";
import { MemoryStore } from "../stores/memory";

/** A store whose next conditional write lands and then loses its answer, as a timed-out PutItem may. */
function losingOneAnswer(store: MemoryStore): KvStore & { loseNext: boolean } {
  const lossy = Object.create(store) as MemoryStore & { loseNext: boolean };
  lossy.loseNext = false;
  lossy.putIf = async (item: KvItem, condition) => {
    const written = await store.putIf(item, condition);
    if (lossy.loseNext) {
      lossy.loseNext = false;
      throw new Error("socket hang up (the write landed)");
    }
    return written;
  };
  return lossy;
}

describe("KnownItem", () => {
  it("after a write whose answer was lost, takes nothing from memory: the next change starts from the item as stored", async () => {
    const store = losingOneAnswer(new MemoryStore());
    const item = new KnownItem(store, { pk: "p", sk: "s" });
    const bump = () =>
      item.change("bump", (it) => {
        const n = ((it?.data.n as number | undefined) ?? 0) + 1;
        return { data: { n }, value: n };
      });
    expect(await bump()).toBe(1);
    store.loseNext = true;
    await expect(bump()).rejects.toThrow("socket hang up");
    // The write landed: what the item says now is the stored 2, and the next change counts on from it.
    expect((await item.current())?.data.n).toBe(2);
    expect(await bump()).toBe(3);
  });
});

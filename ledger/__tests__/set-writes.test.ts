import { defaultRule, ownerKey } from "../../core";
import { KvLedger } from "../kv-ledger";
import { KvCondition, KvItem } from "../kv";
import { MemoryStore } from "../stores/memory";

/** A memory store that counts reads and writes by the item's kind: the owner's claim counter and holder records. */
class CountingStore extends MemoryStore {
  counterWrites = 0;
  holderReads = 0;
  holderWrites = 0;
  async get(pk: string, sk: string): Promise<KvItem | undefined> {
    if (pk.endsWith("#number")) this.holderReads++;
    return super.get(pk, sk);
  }
  async putIf(item: KvItem, condition: KvCondition): Promise<boolean> {
    if (item.sk === "claims") this.counterWrites++;
    if (item.pk.endsWith("#number")) this.holderWrites++;
    return super.putIf(item, condition);
  }
}

const T = Date.parse("2026-06-01T00:00:00Z");
const scope = { accountId: "123456789012", region: "us-east-1" };
const URN = "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/connect:PhoneNumberSet::local";
const request = { scope, action: "claim" as const, rule: defaultRule({ quota: 100 }), now: T, ownerUrn: URN };

describe("a set's claims in the ledger: the calls do not grow with its parallel claims", () => {
  it("counts 40 parallel commits of one owner once each, in group-committed writes of its counter", async () => {
    const store = new CountingStore();
    const ledger = new KvLedger(store, { clock: () => T });
    const { reservationIds } = await ledger.reserveMany(request, 40, false);
    await Promise.all(
      reservationIds.map((id, i) =>
        ledger.commit(scope, id, { phoneNumberId: `id-${i}`, phoneNumber: `+1212555${i}` }),
      ),
    );
    // A commit run again (a retry after a lost answer) is not counted twice.
    await ledger.commit(scope, reservationIds[0], { phoneNumberId: "id-0", phoneNumber: "+12125550" });
    expect(await ledger.claimsByOwner(scope, ownerKey(URN))).toBe(40);
    expect(store.counterWrites).toBeLessThanOrEqual(3);
  });

  it("writes a new number's holder without reading it first, and reads it when one is there", async () => {
    const store = new CountingStore();
    const ledger = new KvLedger(store, { clock: () => T });
    const ownership = {
      service: "connect" as const,
      phoneNumberId: "id-1",
      phoneNumber: "+12125550100",
      stack: "shop/dev",
      ownerUrn: URN,
      ownerKey: ownerKey(URN),
      lease: "lease-1",
      updatedAt: T,
    };
    expect(await ledger.putOwnership(scope, ownership)).toBe(true);
    expect({ reads: store.holderReads, writes: store.holderWrites }).toEqual({ reads: 0, writes: 1 });
    // Held by another lease: refused after reading it; held by the expected lease: taken over.
    expect(await ledger.putOwnership(scope, { ...ownership, lease: "lease-2" }, "lease-0")).toBe(false);
    expect(await ledger.putOwnership(scope, { ...ownership, lease: "lease-2" }, "lease-1")).toBe(true);
    expect(await ledger.ownershipOf(scope, "id-1")).toMatchObject({ lease: "lease-2" });
  });
});

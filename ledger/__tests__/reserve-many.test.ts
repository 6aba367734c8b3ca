import { defaultRule } from "../../core";
import { KvLedger } from "../kv-ledger";
import { KvCondition, KvItem } from "../kv";
import { MemoryStore } from "../stores/memory";

/** A memory store that counts conditional writes of the window item. */
class CountingStore extends MemoryStore {
  windowWrites = 0;
  async putIf(item: KvItem, condition: KvCondition): Promise<boolean> {
    if (item.sk === "window") this.windowWrites++;
    return super.putIf(item, condition);
  }
}

const T = Date.parse("2026-06-01T00:00:00Z");
const scope = { accountId: "123456789012", region: "us-east-1" };
// A quota of 10: 20 claims or releases in the window.
const rule = defaultRule({ quota: 10 });
const request = {
  scope,
  action: "claim" as const,
  rule,
  now: T,
  ownerUrn: "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/connect:PhoneNumberSet::local",
};

describe("reserveMany: a set's claims take their churn slots in one conditional write", () => {
  it("takes every slot in one write when they all fit, and counts them", async () => {
    const store = new CountingStore();
    const ledger = new KvLedger(store);
    const many = await ledger.reserveMany(request, 15, false);
    expect(many).toMatchObject({ used: 0, limit: 20 });
    expect(many.reservationIds).toHaveLength(15);
    expect(store.windowWrites).toBe(1);
    expect(await ledger.windowEvents(scope, T, rule.windowDays)).toHaveLength(15);
  });

  it("takes none when they do not all fit, and says when they all can; with partial, what fits", async () => {
    const ledger = new KvLedger(new CountingStore());
    await ledger.reserveMany(request, 15, false);
    const none = await ledger.reserveMany(request, 10, false);
    expect(none).toMatchObject({ reservationIds: [], used: 15, limit: 20, freesAt: T + rule.windowDays * 86_400_000 });
    const some = await ledger.reserveMany(request, 10, true);
    expect(some.reservationIds).toHaveLength(5);
    expect(await ledger.windowEvents(scope, T, rule.windowDays)).toHaveLength(20);
  });

  it("a slot reserved ahead is committed or freed like one reserve() took", async () => {
    const ledger = new KvLedger(new CountingStore());
    const { reservationIds } = await ledger.reserveMany(request, 3, false);
    await ledger.commit(scope, reservationIds[0], { phoneNumberId: "id-1", phoneNumber: "+12125550100" });
    await ledger.free(scope, reservationIds[1]);
    const events = await ledger.windowEvents(scope, T, rule.windowDays);
    expect(events).toHaveLength(2);
    expect(await ledger.claimsByOwner(scope, (await import("../../core")).ownerKey(request.ownerUrn))).toBe(1);
  });
});

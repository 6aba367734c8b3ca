import { dynamoDbClient } from "../../aws/clients";
import { defaultRule, ownerKey } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { KvLedger } from "../kv-ledger";
import { DynamoDbStore } from "../stores/dynamodb";

const scope = { accountId: "123456789012", region: "us-east-1" };
const URN = "urn:pulumi:dev::shop::connect-numbers:index:PhoneNumberSet::agents";
const STACK = "shop/dev";
const MEMBERS = 100;
/** The set's claims in flight at once (provider/set/runtime/converge.ts, CLAIM_CONCURRENCY). */
const IN_FLIGHT = 8;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

/** A ledger in a fresh table of the emulator's DynamoDB, and the DynamoDB calls it makes, by operation. */
async function countedLedger(table: string) {
  const client = dynamoDbClient({ endpoint: emu.endpoint, region: emu.region });
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const key = (args.input as { Key?: { sk?: { S?: string } } }).Key?.sk?.S;
      // A read of the window item (the whole window, up to 380 KB) is counted apart too.
      const name =
        context.commandName === "GetItemCommand" && key === "window" ? "GetItem window" : context.commandName!;
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "countLedgerCalls" },
  );
  const store = new DynamoDbStore(client, table, emu.region);
  await store.init();
  calls.clear();
  return { ledger: new KvLedger(store), calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

/**
 * A set's create of 100 numbers as the provider drives the ledger: every slot reserved in one write, then each claim,
 * IN_FLIGHT at a time, reads the owner's claim generation, commits its slot with the number AWS gave, and records
 * the holder. Before the batching this took 7.05 DynamoDB calls a number (a read before every write, single puts).
 */
describe("a PhoneNumberSet's create in the ledger's DynamoDB table", () => {
  it("costs at most 4 DynamoDB calls a number, and leaves every record a crash story needs", async () => {
    const { ledger, calls, total } = await countedLedger("set-calls");
    const owner = ownerKey(URN);
    const now = Date.now();
    const { reservationIds } = await ledger.reserveMany(
      { scope, action: "claim", rule: defaultRule({ quota: 1000 }), now, ownerUrn: URN },
      MEMBERS,
      false,
    );
    expect(reservationIds).toHaveLength(MEMBERS);
    let next = 0;
    const worker = async () => {
      while (next < MEMBERS) {
        const i = next++;
        await ledger.claimsByOwner(scope, owner);
        const phoneNumberId = `id-${i}`;
        const phoneNumber = `+1212555${String(i).padStart(4, "0")}`;
        await ledger.commit(scope, reservationIds[i], { phoneNumberId, phoneNumber });
        const ok = await ledger.putOwnership(scope, {
          service: "connect",
          phoneNumberId,
          phoneNumber,
          stack: STACK,
          ownerUrn: URN,
          ownerKey: owner,
          lease: "lease-1",
          updatedAt: now,
        });
        expect(ok).toBe(true);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const perNumber = total() / MEMBERS;
    console.log(
      `set create, ${MEMBERS} numbers: ${perNumber.toFixed(2)} DynamoDB calls a number (${[...calls].map(([op, n]) => `${op} ${n}`).join(", ")})`,
    );

    // Everything the story needs is there, read by a fresh ledger (another process) from the table.
    const { ledger: reader } = await countedLedger("set-calls");
    expect(await reader.claimsByOwner(scope, owner)).toBe(MEMBERS);
    expect(await reader.ownershipByOwner(scope, owner)).toHaveLength(MEMBERS);
    const index = await reader.stackIndex(scope, STACK);
    expect(index.holders).toHaveLength(MEMBERS);
    expect(index.mark?.writing).toEqual([]);
    const events = await reader.windowEvents(scope, Date.now(), 180);
    expect(events).toHaveLength(MEMBERS);
    expect(events.every((e) => e.phoneNumberId !== undefined)).toBe(true);
    expect(perNumber).toBeLessThanOrEqual(4);
  }, 120_000);
});

/**
 * A set's release of 100 numbers as the provider drives the ledger: every slot reserved in one write (named for its
 * number), then each release, IN_FLIGHT at a time, commits its slot. A release has no owner's counter to bump: its
 * commit needs no read of the window (before, each one read the whole window item first).
 */
describe("a PhoneNumberSet's releases in the ledger's DynamoDB table", () => {
  it("commit without reading the window, in at most 1 DynamoDB call a number", async () => {
    const { ledger, calls, total } = await countedLedger("release-calls");
    const numbers = Array.from({ length: MEMBERS }, (_, i) => ({
      phoneNumberId: `id-${i}`,
      phoneNumber: `+1212555${String(i).padStart(4, "0")}`,
    }));
    const { reservationIds } = await ledger.reserveMany(
      { scope, action: "release", rule: defaultRule({ quota: 1000 }), now: Date.now(), ownerUrn: URN },
      MEMBERS,
      false,
      numbers,
    );
    expect(reservationIds).toHaveLength(MEMBERS);
    calls.clear();
    let next = 0;
    const worker = async () => {
      while (next < MEMBERS) {
        const i = next++;
        await ledger.commit(scope, reservationIds[i], numbers[i]);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const perNumber = total() / MEMBERS;
    console.log(
      `set releases, ${MEMBERS} numbers: ${perNumber.toFixed(2)} DynamoDB calls a number to commit (${[...calls].map(([op, n]) => `${op} ${n}`).join(", ")})`,
    );
    expect(calls.get("GetItem window") ?? 0).toBe(0);
    const events = await ledger.windowEvents(scope, Date.now(), 180);
    expect(events.filter((e) => e.action === "release")).toHaveLength(MEMBERS);
    expect(perNumber).toBeLessThanOrEqual(1);
  }, 120_000);
});

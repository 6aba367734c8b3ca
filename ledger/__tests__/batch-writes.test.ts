import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { InitializeMiddleware, MiddlewareStack } from "@smithy/types";
import * as fc from "fast-check";
import { dynamoDbClient } from "../../aws/clients";
import { RunningEmulator, startEmulator } from "../../emulator";
import { BatchWrites } from "../batch-writes";
import { KvItem } from "../kv";
import { DynamoDbStore } from "../stores/dynamodb";

type PutRequests = Array<{ PutRequest?: { Item?: Record<string, { S?: string }> } }>;
type BatchInput = { RequestItems: Record<string, PutRequests> };
/** What the network does to one BatchWriteItem: nothing, refuses it before it acts, or loses the answer after. */
type CallFault = "ok" | "refused" | "lost";

/**
 * Faults on the wire between the real SDK and the emulator's DynamoDB, per BatchWriteItem call in order, and items
 * DynamoDB leaves unprocessed on every call (throttled): put inside the SDK's call record (aws/attempts.ts), as a
 * network would be. Records which items each call carried, and what it met.
 */
function faultyWire(client: DynamoDBClient, table: string, faults: readonly CallFault[], stuck: ReadonlySet<string>) {
  const calls: Array<{ fault: CallFault; keys: string[] }> = [];
  const keyOf = (r: PutRequests[number]) => r.PutRequest?.Item?.sk?.S ?? "";
  const wire: InitializeMiddleware<object, object> = (next, context) => async (args) => {
    if (context.commandName !== "BatchWriteItemCommand") return next(args);
    const input = args.input as BatchInput;
    const requests = input.RequestItems[table];
    const sent = requests.filter((r) => !stuck.has(keyOf(r)));
    const left = requests.filter((r) => stuck.has(keyOf(r)));
    // An answer lost when nothing was sent (every item stuck) is no answer at all: a refusal.
    const planned = faults[calls.length] ?? "ok";
    const fault = planned === "lost" && sent.length === 0 ? "refused" : planned;
    calls.push({ fault, keys: requests.map(keyOf) });
    if (fault === "refused")
      throw Object.assign(new Error("We encountered an internal error. Please try again."), {
        name: "InternalServerError",
        $fault: "server",
      });
    const out =
      sent.length === 0
        ? { output: { UnprocessedItems: {} }, response: {} }
        : await next({ ...args, input: { RequestItems: { [table]: sent } } });
    if (fault === "lost") throw new Error("socket hang up (the write landed)");
    const output = out.output as { UnprocessedItems?: Record<string, PutRequests> };
    output.UnprocessedItems = left.length === 0 ? {} : { [table]: left };
    return out;
  };
  (client.middlewareStack as MiddlewareStack<object, object>).add(wire, {
    step: "initialize",
    priority: "low",
    name: "testFaultyWire",
  });
  return calls;
}

/** The ledger's unconditional writes (audit log, holder copies) by group commit, over a DynamoDB failing a little. */
describe("BatchWrites over DynamoDB", () => {
  let emu: RunningEmulator;
  let tables = 0;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("fails or succeeds each caller on its own items; an item whose answer was lost is said possibly written (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Callers, each with 1-8 items: 25 items a call, so a group spans calls.
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 12 }),
        fc.array(fc.constantFrom<CallFault>("ok", "ok", "refused", "lost"), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 1 }),
        async (sizes, faults, stuckPicks) => {
          const table = `batch-${++tables}`;
          const client = dynamoDbClient({ endpoint: emu.endpoint, region: emu.region });
          const store = new DynamoDbStore(client, table, emu.region);
          await store.init();
          try {
            const puts = sizes.map((size, c) =>
              Array.from({ length: size }, (_, i): KvItem => ({
                pk: "p",
                sk: `c${c}-i${i}`,
                version: 1,
                data: { c, i },
              })),
            );
            const all = puts.flat();
            const stuck = new Set(stuckPicks.map((n) => all[n % all.length].sk));
            const calls = faultyWire(client, table, faults, stuck);
            const writes = new BatchWrites(store);
            // Queued in one tick: the first goes alone, the rest together in the next group.
            const settled = await Promise.allSettled(puts.map((items) => writes.put(items)));
            const met = (sk: string) => calls.filter((call) => call.keys.includes(sk)).map((call) => call.fault);
            for (const [c, items] of puts.entries()) {
              const outcome = settled[c];
              const lost = items.some((i) => met(i.sk).includes("lost"));
              const unwritten = items.some((i) => stuck.has(i.sk) || met(i.sk).at(-1) === "refused");
              if (!lost && !unwritten) {
                expect(outcome.status).toBe("fulfilled");
                for (const i of items) expect((await store.get(i.pk, i.sk))?.data).toEqual(i.data);
              } else {
                expect(outcome.status).toBe("rejected");
                const message = String((outcome as PromiseRejectedResult).reason?.message);
                if (lost) expect(message).toMatch(/answer lost .*: (it|they) may have been written/);
              }
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});

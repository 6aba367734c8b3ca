import { dynamoDbSdk } from "../../aws/sdk";
import type { AttributeValue, CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { agreeing, plural } from "../../core";
import { outcomeOfFailure } from "../../aws/attempts";
import {
  ItemWrite,
  KvCondition,
  KvItem,
  KvStore,
  LedgerItemError,
  LedgerMissingError,
  LedgerUnusableError,
  LedgerWriteError,
  allWritten,
} from "../kv";

/** DynamoDB's limit on one BatchWriteItem. */
const BATCH_WRITE_ITEMS = 25;
/** Calls for one batch's unprocessed items before giving up (each after a longer pause). */
const MAX_UNPROCESSED_ROUNDS = 8;

/** The ledger's table as DynamoDbStore.init creates it (partition key `pk`, sort key `sk`, on-demand billing). */
export const ledgerTable = (TableName: string): CreateTableCommandInput => ({
  TableName,
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "S" },
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  BillingMode: "PAY_PER_REQUEST",
});

/**
 * The ledger in a DynamoDB table, like Terraform's state-lock table: partition key `pk` (S), sort key `sk` (S),
 * on-demand billing. Each item carries `v` (N, its version) and `d` (S, its data as JSON). Conditional single-item
 * writes and unconditional batches: no transactions, no TTL, no index, so any DynamoDB (and dynalite) serves it.
 */
export class DynamoDbStore implements KvStore {
  readonly description: string;

  constructor(
    private readonly client: DynamoDBClient,
    readonly table: string,
    region: string | undefined,
  ) {
    this.description = `DynamoDB table ${table}${region ? ` (${region})` : ""}`;
  }

  private static toItem(item: KvItem): Record<string, AttributeValue> {
    return {
      pk: { S: item.pk },
      sk: { S: item.sk },
      v: { N: String(item.version) },
      d: { S: JSON.stringify(item.data) },
    };
  }

  /**
   * Every write is conditional on the version it read, so a version the condition cannot match again (missing, not
   * a whole number, or beyond 2^53 where a JS number rounds it) would lose every race forever: refused here, naming
   * the item and how to repair it. So is data that is not JSON.
   */
  private fromItem(raw: Record<string, AttributeValue>): KvItem {
    const pk = raw.pk?.S ?? "?";
    const sk = raw.sk?.S ?? "?";
    const key = JSON.stringify({ pk: { S: pk }, sk: { S: sk } });
    const repair = (what: string) =>
      new LedgerItemError(
        `${this.description}: item pk=${JSON.stringify(pk)} sk=${JSON.stringify(sk)} ${what}, so no conditional write can match it (edited by hand?). ` +
          `Set it to a whole number every writer can match: \`aws dynamodb update-item --table-name ${this.table} --key '${key}' --update-expression "SET v = :v" --expression-attribute-values '{":v":{"N":"1"}}'\`, ` +
          "then run `connect-numbers ledger sync` to check the ledger against CloudTrail",
      );
    const v = raw.v;
    if (v === undefined) throw repair("has no version (attribute v)");
    if (v.N === undefined)
      throw repair(
        `has version v of type ${Object.keys(v)[0] ?? "unknown"} (${JSON.stringify(Object.values(v)[0])}), not a number (N)`,
      );
    const version = Number(v.N);
    if (!/^\d+$/.test(v.N.trim()) || !Number.isSafeInteger(version) || String(version) !== v.N.trim() || version < 1) {
      const why =
        version > Number.MAX_SAFE_INTEGER
          ? "beyond 2^53 (9007199254740991), where it cannot be read exactly"
          : version === 0
            ? "below 1, the first version a writer sets"
            : "not a whole number";
      throw repair(`has version v = ${v.N}, ${why}`);
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(raw.d?.S ?? "{}") as Record<string, unknown>;
    } catch {
      throw new LedgerItemError(
        `${this.description}: item pk=${JSON.stringify(pk)} sk=${JSON.stringify(sk)} holds data (attribute d) that is not JSON (edited by hand?): restore it from a backup (point-in-time recovery), or delete it and run \`connect-numbers ledger sync\``,
      );
    }
    return { pk, sk, version, data };
  }

  /** The SDK's errors, made to say which table and how to fix it. */
  private async call<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (err) {
      if (err instanceof dynamoDbSdk.ResourceNotFoundException) {
        throw new LedgerMissingError(
          `${this.description} does not exist: create it with \`connect-numbers ledger init --ledger dynamodb:${this.table}\`, or with your own IaC (docs/ledger.md, "Where it lives")`,
        );
      }
      throw err;
    }
  }

  async get(pk: string, sk: string): Promise<KvItem | undefined> {
    const res = await this.call(() =>
      this.client.send(
        new dynamoDbSdk.GetItemCommand({
          TableName: this.table,
          Key: { pk: { S: pk }, sk: { S: sk } },
          ConsistentRead: true,
        }),
      ),
    );
    return res.Item ? this.fromItem(res.Item) : undefined;
  }

  async putIf(item: KvItem, condition: KvCondition): Promise<boolean> {
    const when =
      "absent" in condition
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : {
            ConditionExpression: "#v = :v",
            ExpressionAttributeNames: { "#v": "v" },
            ExpressionAttributeValues: { ":v": { N: String(condition.version) } },
          };
    try {
      await this.call(() =>
        this.client.send(
          new dynamoDbSdk.PutItemCommand({ TableName: this.table, Item: DynamoDbStore.toItem(item), ...when }),
        ),
      );
      return true;
    } catch (err) {
      if (err instanceof dynamoDbSdk.ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async put(item: KvItem): Promise<void> {
    await this.call(() =>
      this.client.send(new dynamoDbSdk.PutItemCommand({ TableName: this.table, Item: DynamoDbStore.toItem(item) })),
    );
  }

  /** BatchWriteItem, 25 items a call; what DynamoDB leaves unprocessed (throttling) goes again after a pause. */
  async putAll(items: readonly KvItem[]): Promise<void> {
    allWritten(await this.putEach(items));
  }

  /**
   * 25 items a BatchWriteItem, each call's unprocessed items retried (MAX_UNPROCESSED_ROUNDS), each item given its
   * own outcome: a call that fails fails only the items it carried (the next call still goes), and one whose answer
   * was lost (every attempt not proven to have acted on nothing: aws/attempts.ts) leaves its items possibly written.
   */
  async putEach(items: readonly KvItem[]): Promise<ItemWrite[]> {
    const outcomes: ItemWrite[] = items.map(() => ({ written: true }));
    // One request may not name a key twice: the last write of a key is the one that stands, and its outcome is each's.
    const byKey = new Map<string, number[]>();
    items.forEach((i, n) => {
      const key = JSON.stringify([i.pk, i.sk]);
      byKey.set(key, [...(byKey.get(key) ?? []), n]);
    });
    const unique = [...byKey.values()];
    for (let at = 0; at < unique.length; at += BATCH_WRITE_ITEMS) {
      const chunk = unique.slice(at, at + BATCH_WRITE_ITEMS);
      const failure = await this.writeChunk(chunk.map((same) => items[same[same.length - 1]]));
      failure.forEach((outcome, i) => {
        if (outcome) for (const n of chunk[i]) outcomes[n] = outcome;
      });
    }
    return outcomes;
  }

  /** One BatchWriteItem and its retries of unprocessed items: each item's failure, or undefined when written. */
  private async writeChunk(items: readonly KvItem[]): Promise<Array<ItemWrite | undefined>> {
    const out: Array<ItemWrite | undefined> = items.map(() => undefined);
    let pending = items.map((item, i) => ({ i, key: JSON.stringify([item.pk, item.sk]), item }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === MAX_UNPROCESSED_ROUNDS) {
        const err = new LedgerWriteError(
          `${this.description}: ${plural(pending.length, "item")} stayed unprocessed after ${attempt} BatchWriteItem calls (the table throttled them): not written`,
        );
        for (const p of pending) out[p.i] = { written: false, err };
        return out;
      }
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      let res;
      try {
        res = await this.call(() =>
          this.client.send(
            new dynamoDbSdk.BatchWriteItemCommand({
              RequestItems: {
                [this.table]: pending.map((p) => ({ PutRequest: { Item: DynamoDbStore.toItem(p.item) } })),
              },
            }),
          ),
        );
      } catch (thrown) {
        const nothing = outcomeOfFailure(thrown, "BatchWriteItem") === "nothing";
        const message = (thrown as Error).message;
        const err =
          thrown instanceof LedgerUnusableError
            ? thrown
            : new LedgerWriteError(
                nothing
                  ? `${this.description}: BatchWriteItem of ${plural(pending.length, "item")} failed (${message}): not written`
                  : `${this.description}: BatchWriteItem of ${plural(pending.length, "item")} failed with its answer lost (${message}): ${agreeing(pending.length, "it", "they")} may have been written`,
                { cause: thrown },
              );
        for (const p of pending) out[p.i] = { written: nothing ? false : "unknown", err };
        return out;
      }
      const unprocessed = new Set(
        (res.UnprocessedItems?.[this.table] ?? []).flatMap((r) => {
          const item = r.PutRequest?.Item;
          return item?.pk?.S === undefined || item.sk?.S === undefined ? [] : [JSON.stringify([item.pk.S, item.sk.S])];
        }),
      );
      pending = pending.filter((p) => unprocessed.has(p.key));
    }
    return out;
  }

  async deleteIf(pk: string, sk: string, version?: number): Promise<boolean> {
    const when =
      version === undefined
        ? {}
        : {
            ConditionExpression: "attribute_not_exists(pk) OR #v = :v",
            ExpressionAttributeNames: { "#v": "v" },
            ExpressionAttributeValues: { ":v": { N: String(version) } },
          };
    try {
      await this.call(() =>
        this.client.send(
          new dynamoDbSdk.DeleteItemCommand({ TableName: this.table, Key: { pk: { S: pk }, sk: { S: sk } }, ...when }),
        ),
      );
      return true;
    } catch (err) {
      if (err instanceof dynamoDbSdk.ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async query(pk: string, skPrefix: string): Promise<KvItem[]> {
    const out: KvItem[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(
          new dynamoDbSdk.QueryCommand({
            TableName: this.table,
            ConsistentRead: true,
            ExclusiveStartKey,
            ...(skPrefix === ""
              ? { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: pk } } }
              : {
                  KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
                  ExpressionAttributeValues: { ":pk": { S: pk }, ":p": { S: skPrefix } },
                }),
          }),
        ),
      );
      for (const raw of page.Items ?? []) out.push(this.fromItem(raw));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /** Creates the table (on demand) and waits until it is ACTIVE; false when it was there. */
  async init(): Promise<boolean> {
    let created = true;
    try {
      await this.client.send(
        new dynamoDbSdk.CreateTableCommand({
          ...ledgerTable(this.table),
          // The shared record of an account's churn: deleting it by accident loses what CloudTrail no longer has.
          DeletionProtectionEnabled: true,
        }),
      );
    } catch (err) {
      if (!(err instanceof dynamoDbSdk.ResourceInUseException)) throw err;
      created = false;
    }
    await this.waitActive();
    return created;
  }

  private async waitActive(): Promise<void> {
    for (let i = 0; i < 240; i++) {
      const table = (await this.client.send(new dynamoDbSdk.DescribeTableCommand({ TableName: this.table }))).Table;
      const keys = (table?.KeySchema ?? [])
        .map((k) => `${k.AttributeName}:${k.KeyType}`)
        .sort()
        .join(",");
      if (keys !== "pk:HASH,sk:RANGE") {
        throw new Error(
          `${this.description} exists with keys ${keys || "unknown"}, not pk (HASH, S) and sk (RANGE, S): use another table name`,
        );
      }
      if (table?.TableStatus === "ACTIVE") return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `${this.description} did not become ACTIVE within a minute: check it in the console and run \`ledger init\` again`,
    );
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

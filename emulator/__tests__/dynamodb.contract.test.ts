import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "..";
import { ledgerTable } from "connect-numbers/ledger/stores/dynamodb";
import { clientConfig } from "./fixture";

/** The table the ledger creates (ledger/stores/dynamodb.ts), without its deletion protection. */
const table = (TableName: string) => new CreateTableCommand(ledgerTable(TableName));

describe("emulator: embedded DynamoDB (dynalite) on the same endpoint", () => {
  let emu: RunningEmulator;
  let ddb: DynamoDBClient;
  const dirs: string[] = [];
  afterEach(async () => {
    ddb?.destroy();
    await emu?.stop();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("serves DynamoDB beside Connect: tables, conditional writes; no transactions, no TTL", async () => {
    emu = await startEmulator();
    ddb = new DynamoDBClient({ ...clientConfig(emu.endpoint), maxAttempts: 1 });
    await ddb.send(table("ledger"));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 20, minDelay: 1 }, { TableName: "ledger" });
    const item = { pk: { S: "a" }, sk: { S: "window" }, v: { N: "1" } };
    await ddb.send(
      new PutItemCommand({ TableName: "ledger", Item: item, ConditionExpression: "attribute_not_exists(pk)" }),
    );
    await expect(
      ddb.send(
        new PutItemCommand({ TableName: "ledger", Item: item, ConditionExpression: "attribute_not_exists(pk)" }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await ddb.send(
      new PutItemCommand({
        TableName: "ledger",
        Item: { ...item, v: { N: "2" } },
        ConditionExpression: "#v = :v",
        ExpressionAttributeNames: { "#v": "v" },
        ExpressionAttributeValues: { ":v": { N: "1" } },
      }),
    );
    expect(
      (
        await ddb.send(
          new GetItemCommand({ TableName: "ledger", Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
        )
      ).Item?.v,
    ).toEqual({ N: "2" });
    const transact = await ddb
      .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: "ledger", Item: item } }] }))
      .catch((e: Error) => e);
    expect(transact).toMatchObject({ name: "UnknownOperationException" });
    const ttl = await ddb
      .send(
        new UpdateTimeToLiveCommand({
          TableName: "ledger",
          TimeToLiveSpecification: { AttributeName: "x", Enabled: true },
        }),
      )
      .catch((e: Error) => e);
    expect(ttl).toMatchObject({ name: "UnknownOperationException" });
  });

  it("keeps its tables beside --state across a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-emu-ddb-"));
    dirs.push(dir);
    const statePath = path.join(dir, "state.json");
    emu = await startEmulator({ statePath });
    ddb = new DynamoDBClient(clientConfig(emu.endpoint));
    await ddb.send(table("kept"));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 20, minDelay: 1 }, { TableName: "kept" });
    await ddb.send(
      new PutItemCommand({ TableName: "kept", Item: { pk: { S: "p" }, sk: { S: "s" }, d: { S: "hello" } } }),
    );
    ddb.destroy();
    await emu.stop();
    expect(fs.existsSync(`${statePath}.dynamodb`)).toBe(true);

    emu = await startEmulator({ statePath });
    ddb = new DynamoDBClient(clientConfig(emu.endpoint));
    const got = await ddb.send(
      new GetItemCommand({ TableName: "kept", Key: { pk: { S: "p" }, sk: { S: "s" } }, ConsistentRead: true }),
    );
    expect(got.Item?.d).toEqual({ S: "hello" });
  });
});

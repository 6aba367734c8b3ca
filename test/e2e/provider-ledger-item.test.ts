import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import * as path from "node:path";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * The provider's guard against a DynamoDB ledger (the emulator's embedded DynamoDB) whose window item's version was
 * edited by hand beyond 2^53, where no conditional write can match it: a real `pulumi up` stops at once naming the
 * item, its version and the repair, rather than retrying for half a minute and blaming other processes, permissions
 * or suggesting the overrun opt-out.
 */
describe("provider: a ledger item no conditional write can match", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  it("names the item, its version and the fix; claims nothing", async () => {
    s = await numbersStack({ quota: 5 });
    await s.ws.setConfig({ "connect-numbers:ledger": "dynamodb:team-ledger" });
    const init = await runProcess(path.join(REPO_ROOT, "bin/connect-numbers"), [
      "ledger",
      "init",
      "--ledger",
      "dynamodb:team-ledger",
      "--endpoint",
      s.emu.endpoint,
      "--region",
      s.emu.region,
    ]);
    expect(init.code).toBe(0);
    const searched = (name: string) => ({
      name,
      target: "instance",
      countryCode: "US",
      type: "DID",
      deletionProtection: false,
    });
    await s.declare([searched("a")]);
    await s.upOk();
    const { accountId } = await s.emu.control.info();

    const dynamo = new DynamoDBClient({
      endpoint: s.emu.endpoint,
      region: s.emu.region,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    try {
      await dynamo.send(
        new UpdateItemCommand({
          TableName: "team-ledger",
          Key: { pk: { S: `${accountId}/us-east-1` }, sk: { S: "window" } },
          UpdateExpression: "SET v = :v",
          ExpressionAttributeValues: { ":v": { N: "9007199254740993" } },
        }),
      );
    } finally {
      dynamo.destroy();
    }
    const claims = (await s.emu.control.events()).filter((e) => e.action === "claim").length;
    await s.declare([searched("a"), searched("b")]);
    const started = Date.now();
    const r = await s.up();
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.code).not.toBe(0);
    expect(output).toContain(
      `DynamoDB table team-ledger (us-east-1): item pk="${accountId}/us-east-1" sk="window" has version v = 9007199254740993, beyond 2^53 (9007199254740991), where it cannot be read exactly, so no conditional write can match it (edited by hand?)`,
    );
    expect(output).toContain(
      `aws dynamodb update-item --table-name team-ledger --key '{"pk":{"S":"${accountId}/us-east-1"},"sk":{"S":"window"}}'`,
    );
    for (const wrong of ["lost 200 conditional writes", "Grant cloudtrail:LookupEvents", "allowQuotaOverrun"])
      expect(output).not.toContain(wrong);
    // Named at the first read, not after the retries' back-off (28 s on a quiet machine).
    expect(Date.now() - started).toBeLessThan(25_000);
    expect((await s.emu.control.events()).filter((e) => e.action === "claim")).toHaveLength(claims);
  });
});

import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { cli, tempDir } from "./cli-helpers";

/**
 * A ledger's own problem comes first, named with its fix: a file ledger that is missing, empty or cut off (and needs
 * no region to be read), and a DynamoDB item whose version no conditional write can match (edited by hand). Through
 * the real binary; DynamoDB is the emulator's embedded one, edited with the real SDK as a person would.
 */
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const ACCOUNT = "123456789012";

describe("ledger problems named first", () => {
  let emu: RunningEmulator;
  let t: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 2 });
    t = tempDir("cn-ledger-messages-");
  });
  afterEach(async () => {
    await emu.stop();
    t.cleanup();
  });

  // No region anywhere in the environment: only what the command line gives.
  const env = () => ({
    CONNECT_NUMBERS_LEDGER: "",
    XDG_STATE_HOME: t.dir,
    GITHUB_ACTIONS: "",
    AWS_REGION: "",
    AWS_DEFAULT_REGION: "",
    AWS_CONFIG_FILE: path.join(t.dir, "none"),
    AWS_PROFILE: "",
  });
  const run = (args: string[]) => cli(args, { env: env() });
  const plan = () => {
    const urn = `urn:pulumi:dev::p::${TYPE}::n0`;
    return t.write(
      "plan.json",
      JSON.stringify({
        steps: [{ op: "create", urn, newState: { urn, type: TYPE, inputs: { countryCode: "US", type: "DID" } } }],
        changeSummary: { create: 1 },
      }),
    );
  };

  it("check --ledger file:PATH --account ID without --region: names a missing, empty or cut-off file; reads a good one in the region it holds", async () => {
    const refused = async (file: string, message: string) => {
      const r = await run(["check", plan(), "--quota", "2", "--account", ACCOUNT, "--ledger", `file:${file}`]);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/region/i);
    };
    const missing = path.join(t.dir, "missing.json");
    await refused(
      missing,
      `ledger file ${missing} does not exist: create it with \`connect-numbers ledger init --ledger file:${missing}\``,
    );
    const empty = t.write("empty.json", "");
    await refused(
      empty,
      `ledger file ${empty} is empty (a write cut off by a full disk or a crash?): restore it from a backup`,
    );
    const cut = t.write("cut.json", '{"format":"connect-numbers-ledger/1","items":{"1234');
    await refused(cut, `ledger file ${cut} is not JSON (51 bytes; cut off, or edited?): restore it from a backup`);

    // A good file: the one region it holds this account in serves; a ledger of another account is named.
    const file = path.join(t.dir, "team.json");
    const now = (await emu.control.clock()).ms;
    const init = await run([
      "ledger",
      "init",
      "--ledger",
      `file:${file}`,
      "--account",
      ACCOUNT,
      "--region",
      "eu-west-2",
      "--history-complete-since",
      new Date(now - 200 * DAY_MS).toISOString(),
      "--by",
      "alice",
    ]);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: "" });
    // Offline, the file vouches up to its assertion: judged as of an instant before it.
    const asOf = ["--now", new Date(now - 201 * DAY_MS).toISOString()];
    const judged = await run([
      "check",
      plan(),
      "--quota",
      "2",
      "--account",
      ACCOUNT,
      "--ledger",
      `file:${file}`,
      ...asOf,
      "--format",
      "json",
    ]);
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(judged.stdout).history).toMatchObject({
      completeSince: "all",
      sources: [
        expect.stringMatching(
          new RegExp(`^ledger file ${file} \\(account \\d{12} in [a-z0-9-]+: complete from the start to `),
        ),
      ],
    });
    const other = await run([
      "check",
      plan(),
      "--quota",
      "2",
      "--account",
      "210987654321",
      "--ledger",
      `file:${file}`,
      ...asOf,
    ]);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain(
      `ledger file:${file} holds no history of account 210987654321 (it holds ${ACCOUNT} eu-west-2); give --region to read it for one region anyway`,
    );
  });

  it("a DynamoDB window item whose version cannot be matched is named with its version and the fix, at once, not after 200 lost races", async () => {
    const ledger = ["--ledger", "dynamodb:team-ledger"];
    const aws = ["--endpoint", emu.endpoint, "--region", emu.region, "--account", ACCOUNT];
    const now = (await emu.control.clock()).ms;
    expect((await run(["ledger", "init", ...ledger, ...aws])).code).toBe(0);
    await emu.control.seed({ events: [{ at: now - 10 * DAY_MS, action: "claim" }] });
    expect((await run(["ledger", "sync", ...ledger, ...aws, "--no-live"])).code).toBe(0);

    const dynamo = new DynamoDBClient({
      endpoint: emu.endpoint,
      region: emu.region,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const key = { pk: { S: `${ACCOUNT}/us-east-1` }, sk: { S: "window" } };
    const edit = (update: string, values?: Record<string, { N: string } | { S: string }>) =>
      dynamo.send(
        new UpdateItemCommand({
          TableName: "team-ledger",
          Key: key,
          UpdateExpression: update,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    try {
      const cases: Array<[string, Record<string, { N: string } | { S: string }> | undefined, string]> = [
        [
          "SET v = :v",
          { ":v": { N: "9007199254740993" } },
          "has version v = 9007199254740993, beyond 2^53 (9007199254740991), where it cannot be read exactly",
        ],
        ["SET v = :v", { ":v": { S: "7" } }, 'has version v of type S ("7"), not a number (N)'],
        ["REMOVE v", undefined, "has no version (attribute v)"],
      ];
      for (const [update, values, what] of cases) {
        await edit(update, values);
        await emu.control.seed({ events: [{ at: now - 5 * DAY_MS, action: "release" }] });
        const started = Date.now();
        const sync = await run(["ledger", "sync", ...ledger, ...aws, "--no-live"]);
        expect(sync.code).not.toBe(0);
        expect(sync.stderr).toContain(
          `DynamoDB table team-ledger (us-east-1): item pk="${ACCOUNT}/us-east-1" sk="window" ${what}, so no conditional write can match it (edited by hand?)`,
        );
        expect(sync.stderr).toContain(
          `aws dynamodb update-item --table-name team-ledger --key '{"pk":{"S":"${ACCOUNT}/us-east-1"},"sk":{"S":"window"}}' --update-expression "SET v = :v"`,
        );
        expect(sync.stderr).not.toContain("lost 200 conditional writes");
        // Named on the first read, not after the retries' back-off (28 s on a quiet machine).
        expect(Date.now() - started).toBeLessThan(20_000);
      }
      // Repaired as the message says, the ledger works again.
      await edit("SET v = :v", { ":v": { N: "1" } });
      const repaired = await run(["ledger", "sync", ...ledger, ...aws, "--no-live"]);
      expect({ code: repaired.code, stderr: repaired.stderr }).toEqual({ code: 0, stderr: "" });
    } finally {
      dynamo.destroy();
    }
  });
});

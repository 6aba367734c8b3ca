import * as fs from "node:fs";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { cli, tempDir } from "./cli-helpers";

/**
 * `check --ledger`: the churn ledger as a history source, through the real binary, output piped. The ledger is made
 * and filled the way a team does it (`ledger init --history-complete-since`, `ledger sync`), on the emulator's DynamoDB
 * or in a file; the gate then judges with the ledger's events and coverage, and refuses a ledger it cannot read.
 */
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const ACCOUNT = "123456789012";

describe("check --ledger", () => {
  let emu: RunningEmulator;
  let t: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 2 });
    t = tempDir("cn-cli-ledger-");
  });
  afterEach(async () => {
    await emu.stop();
    t.cleanup();
  });

  /** A plan that claims `count` numbers on the emulator's instance. */
  const claims = async (count: number) => {
    const [instance] = (await emu.control.info()).instances;
    const steps = Array.from({ length: count }, (_, i) => {
      const urn = `urn:pulumi:dev::p::${TYPE}::n${i}`;
      return {
        op: "create",
        urn,
        newState: { urn, type: TYPE, inputs: { countryCode: "US", type: "DID", targetArn: instance } },
      };
    });
    return t.write(`plan-${count}.json`, JSON.stringify({ steps, changeSummary: { create: count } }));
  };
  const env = () => ({ CONNECT_NUMBERS_LEDGER: "", XDG_STATE_HOME: t.dir, GITHUB_ACTIONS: "" });
  const aws = () => ["--endpoint", emu.endpoint, "--region", emu.region];
  const run = (args: string[]) => cli(args, { env: env() });
  const check = async (args: string[]) => {
    const r = await run(["check", ...args, "--format", "json"]);
    return { ...r, body: r.stdout ? JSON.parse(r.stdout) : undefined };
  };

  /**
   * The team made the ledger 150 days before `now`, knowing the account had no churn before 200 days, and synced it
   * every 80 days since (each sync reads CloudTrail's 90 days): the emulator's clock goes back to those days.
   */
  const keptSince = async (now: number, args: string[]) => {
    await emu.control.clock({ set: now - 150 * DAY_MS });
    const init = await run([
      "ledger",
      "init",
      ...args,
      "--history-complete-since",
      new Date(now - 200 * DAY_MS).toISOString(),
      "--by",
      "alice",
    ]);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: "" });
    for (const at of [now - 150 * DAY_MS, now - 70 * DAY_MS, now]) {
      await emu.control.clock({ set: at });
      const sync = await run(["ledger", "sync", ...args, "--by", "nightly"]);
      expect({ code: sync.code, stderr: sync.stderr }).toEqual({ code: 0, stderr: "" });
    }
  };
  /** The ledger's source as a verdict names it: the file, and whose window of it was read. */
  const accountSource = (file: string, account: string) =>
    expect.stringMatching(new RegExp(`^ledger file ${file} \\(account ${account} in ${emu.region}: `));
  const seedThreeClaims = (now: number) =>
    emu.control.seed({
      events: [
        { at: now - 120 * DAY_MS, action: "claim" },
        { at: now - 110 * DAY_MS, action: "claim" },
        { at: now - 30 * DAY_MS, action: "claim" },
      ],
    });

  it("judges with the ledger's events and coverage, where CloudTrail alone sees 89 of the 180 days", async () => {
    const now = (await emu.control.clock()).ms;
    await seedThreeClaims(now);
    const ledger = ["--ledger", "dynamodb:team-ledger"];
    await keptSince(now, [...ledger, ...aws()]);
    const plan = await claims(2);

    // Quota 2: 4 claims and releases in the window. The ledger holds 3, so 2 more cross the budget.
    const judged = await check([plan, "--cloudtrail", ...aws(), ...ledger]);
    expect(judged.code).toBe(1);
    expect(judged.body).toMatchObject({ blockedBy: ["over-budget"], used: 3, limit: 4, projected: 5 });
    expect(judged.body.history).toMatchObject({
      completeSince: "all",
      unseenDays: 0,
      sources: [
        expect.stringMatching(
          /^ledger DynamoDB table team-ledger \(us-east-1\) \(account 123456789012 in us-east-1: complete from the start to /,
        ),
        expect.stringMatching(/^cloudtrail from /),
      ],
    });
    const text = await run(["check", plan, "--cloudtrail", ...aws(), ...ledger]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "history complete for the whole 180-day window (ledger DynamoDB table team-ledger (us-east-1)",
    );

    // CloudTrail alone shows 1 of the 3, and 90 days unseen: refused (exit 3), or with warn judged on what it saw.
    const alone = await check([plan, "--cloudtrail", ...aws(), "--ledger", "off"]);
    expect({ code: alone.code, stdout: alone.stdout }).toEqual({ code: 3, stdout: "" });
    expect(alone.stderr).toMatch(/cannot judge: 91 of the 180 days of the window unseen, before .* \(cloudtrail\)/);
    const warned = await check([plan, "--cloudtrail", ...aws(), "--ledger", "off", "--unseen-history", "warn"]);
    expect(warned.code).toBe(0);
    expect(warned.body).toMatchObject({ used: 1, projected: 3, history: { sources: ["cloudtrail"], unseenDays: 91 } });
  });

  it("reads the per-user ledger the provider writes by default, with the account or offline alike", async () => {
    const now = (await emu.control.clock()).ms;
    await emu.control.seed({ events: [{ at: now - 10 * DAY_MS, action: "claim" }] });
    expect((await run(["ledger", "init"])).code).toBe(0);
    expect((await run(["ledger", "sync", ...aws(), "--by", "nightly"])).code).toBe(0);
    const file = path.join(t.dir, "connect-numbers", "ledger.json");
    const plan = await claims(1);
    const source = expect.stringMatching(new RegExp(`^ledger file ${file} \\(`));
    const online = await check([plan, "--cloudtrail", ...aws(), "--unseen-history", "warn"]);
    expect(online.code).toBe(0);
    expect(online.body).toMatchObject({
      used: 1,
      history: { sources: [source, expect.stringMatching(/^cloudtrail /)] },
    });
    // A file on this machine is not the account: offline, check counts what the provider's file holds (it counted
    // none, and passed plans the provider then refused). The file names the one account it holds.
    const offline = await check([plan, "--quota", "2", "--unseen-history", "warn"]);
    expect(offline.code).toBe(0);
    expect(offline.body).toMatchObject({ used: 1, history: { sources: [source] } });

    // A second account in the file: the plan's instance ARN names its account, and that account's window is read
    // (it said it could not tell which of them the plan targets).
    const other = "210987654321";
    const since = ["--history-complete-since", new Date(now - 200 * DAY_MS).toISOString(), "--by", "alice"];
    expect((await run(["ledger", "init", ...since, "--account", other, "--region", emu.region])).code).toBe(0);
    const named = await check([plan, "--quota", "2", "--unseen-history", "warn"]);
    expect(named.code).toBe(0);
    expect(named.body).toMatchObject({ used: 1, history: { sources: [accountSource(file, ACCOUNT)] } });
    // A plan whose ARNs name no account (a bare instance id): check still cannot tell whose plan it is (exit 3).
    const urn = `urn:pulumi:dev::p::${TYPE}::bare`;
    const bare = t.write(
      "plan-bare.json",
      JSON.stringify({
        steps: [
          {
            op: "create",
            urn,
            newState: { urn, type: TYPE, inputs: { countryCode: "US", type: "DID", instanceId: "i-1" } },
          },
        ],
        changeSummary: { create: 1 },
      }),
    );
    const unknown = await run(["check", bare, "--quota", "2", "--unseen-history", "warn"]);
    expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 3, stdout: "" });
    expect(unknown.stderr).toContain(
      `cannot judge: ledger file:${file} holds the history of ${ACCOUNT} ${emu.region}, ${other} ${emu.region}, and without asking AWS check cannot tell which of them this plan targets. Give --account (and --region), or --cloudtrail`,
    );
    const given = await check([bare, "--quota", "2", "--unseen-history", "warn", "--account", ACCOUNT]);
    expect(given.code).toBe(0);
    expect(given.body).toMatchObject({ used: 1 });

    // An --account the plan's ARNs contradict is a usage error naming both (it was taken, and judged the other's).
    const wrong = await run(["check", plan, "--quota", "2", "--account", other]);
    expect({ code: wrong.code, stdout: wrong.stdout }).toEqual({ code: 2, stdout: "" });
    expect(wrong.stderr).toContain(
      `--account ${other} is not the account this plan targets: its ARNs name ${ACCOUNT}. Give --account ${ACCOUNT}, or leave it out`,
    );
    // Online the same contradiction comes from the credentials: STS says the emulator's account, the plan's ARNs
    // another one. Refused the same way (exit 2), before any read, naming both accounts and the fix.
    const elsewhere = t.write(
      "plan-elsewhere.json",
      fs.readFileSync(plan, "utf8").replaceAll(`:${ACCOUNT}:`, `:${other}:`),
    );
    const credentials = await run(["check", elsewhere, "--cloudtrail", ...aws(), "--unseen-history", "warn"]);
    expect({ code: credentials.code, stdout: credentials.stdout }).toEqual({ code: 2, stdout: "" });
    expect(credentials.stderr.trim().split("\n")).toEqual([
      `connect-numbers: this plan targets account ${other} (its ARNs name it), but the AWS credentials in use are account ${ACCOUNT}'s (STS GetCallerIdentity), whose history, quota and numbers are not this plan's. Use credentials of account ${other} (AWS_PROFILE naming a profile of that account, or a role assumed in it) and run again.`,
    ]);
  });

  it("offline, a file holding only another account's history holds nothing of the plan's account, and says whose", async () => {
    const now = (await emu.control.clock()).ms;
    const other = "111111111111";
    // The other account's window in the provider's file: a claim within the window, complete for 200 days.
    const since = ["--history-complete-since", new Date(now - 200 * DAY_MS).toISOString(), "--by", "alice"];
    const ledgerOf = ["--account", other, "--region", emu.region];
    expect((await run(["ledger", "init", ...since, ...ledgerOf])).code).toBe(0);
    await emu.control.seed({ events: [{ at: now - 10 * DAY_MS, action: "claim" }] });
    const synced = await run(["ledger", "sync", ...ledgerOf, "--endpoint", emu.endpoint, "--by", "nightly"]);
    expect({ code: synced.code, stderr: synced.stderr }).toEqual({ code: 0, stderr: "" });
    const file = path.join(t.dir, "connect-numbers", "ledger.json");
    const plan = await claims(1);

    // It counted the other account's claim as this plan's ("already holds 1"), naming no account.
    const judged = await check([plan, "--quota", "2", "--unseen-history", "warn"]);
    expect(judged.code).toBe(0);
    expect(judged.body).toMatchObject({ used: 0, history: { sources: [accountSource(file, ACCOUNT)] } });
    const text = await run(["check", plan, "--quota", "2", "--unseen-history", "warn"]);
    expect(text.stdout).toContain(`(ledger file ${file} (account ${ACCOUNT} in ${emu.region}: no history recorded)`);
  });

  it("a file ledger offline: complete until its last sync, and the days since unseen without CloudTrail", async () => {
    const now = (await emu.control.clock()).ms;
    await seedThreeClaims(now);
    const file = path.join(t.dir, "team.json");
    const ledger = ["--ledger", `file:${file}`, "--account", ACCOUNT, "--region", emu.region];
    await keptSince(now, [...ledger, "--endpoint", emu.endpoint]);
    const plan = await claims(2);

    // As of an instant the last sync covers, the file alone judges: 3 in the window, 2 more cross the budget of 4.
    const asOf = new Date(now - 3_600_000).toISOString();
    const judged = await check([plan, "--quota", "2", ...ledger, "--now", asOf]);
    expect(judged.code).toBe(1);
    expect(judged.body).toMatchObject({
      blockedBy: ["over-budget"],
      used: 3,
      projected: 5,
      history: {
        completeSince: "all",
        sources: [
          expect.stringMatching(
            new RegExp(`^ledger file ${file} \\(account ${ACCOUNT} in ${emu.region}: complete from the start to `),
          ),
        ],
      },
    });

    // Now: what happened since the last sync is unseen without CloudTrail, and says so.
    const refused = await check([plan, "--quota", "2", ...ledger]);
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 3, stdout: "" });
    expect(refused.stderr).toMatch(/churn since \d{4}-\d\d-\d\dT\S+ unseen without CloudTrail/);
    // Only the span since the sync is unseen, not the whole window (it said "180 of the 180 days").
    expect(refused.stderr).toMatch(
      /cannot judge: \d+ (minutes|hours?) of the 180 days of the window unseen, after \S+ \(ledger file /,
    );
  });

  it("a ledger it cannot read exits 3 with the fix; a setting that names none exits 2", async () => {
    const plan = await claims(1);
    const refused = async (args: string[], message: RegExp | string) => {
      const r = await run(["check", plan, ...args]);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    };
    await refused(
      ["--cloudtrail", ...aws(), "--ledger", "dynamodb:no-such-table"],
      "DynamoDB table no-such-table (us-east-1) does not exist: create it with `connect-numbers ledger init --ledger dynamodb:no-such-table`",
    );
    const missing = path.join(t.dir, "missing.json");
    // A file not written yet reads as the empty ledger the provider creates on its first claim or release (one story
    // with the provider): it vouches for nothing, so with no other source the window is unseen.
    await refused(
      ["--quota", "2", "--account", ACCOUNT, "--region", "us-east-1", "--ledger", `file:${missing}`],
      `cannot judge: 180 of the 180 days of the window unseen (ledger file ${missing} (account ${ACCOUNT} in ${emu.region}: no history recorded)`,
    );
    const corrupt = t.write("corrupt.json", "{ not json");
    await refused(
      ["--quota", "2", "--account", ACCOUNT, "--region", "us-east-1", "--ledger", `file:${corrupt}`],
      `ledger file:${corrupt} cannot be read: ledger file ${corrupt} is not JSON`,
    );
    // The environment names it when --ledger does not.
    const viaEnv = await cli(["check", plan, "--cloudtrail", ...aws()], {
      env: { ...env(), CONNECT_NUMBERS_LEDGER: "dynamodb:other-table" },
    });
    expect(viaEnv).toMatchObject({
      code: 3,
      stderr: expect.stringContaining("DynamoDB table other-table (us-east-1) does not exist"),
    });

    const usage = async (args: string[], message: string) => {
      const r = await run(["check", plan, "--quota", "2", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    };
    await usage(["--ledger", "s3://bucket"], '--ledger: ledger = "s3://bucket" is not a ledger location');
    await usage(["--ledger", "dynamodb:x"], '"x" is not a DynamoDB table name');
    await usage(["--account", "1234"], 'Expected a 12-digit AWS account id, got "1234"');
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { cli, tempDir } from "./cli-helpers";

/**
 * `ledger init --history-complete-since` and what the gates make of the coverage it gives, through the real binary
 * and the emulator: an assertion nobody can know (in the future) or that the ledger's own events prove false is
 * refused, naming them; a wrong one is taken back with `ledger retract` (kept, with who and when); and no coverage,
 * however it came about, reaches CloudTrail as a time range it refuses ("StartTime must be before EndTime").
 */
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const ACCOUNT = "123456789012";
const iso = (t: number) => new Date(t).toISOString();

describe("ledger assertions and the coverage they give", () => {
  let emu: RunningEmulator;
  let t: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 2 });
    t = tempDir("cn-ledger-assert-");
  });
  afterEach(async () => {
    await emu.stop();
    t.cleanup();
  });

  const env = () => ({
    CONNECT_NUMBERS_LEDGER: "",
    XDG_STATE_HOME: t.dir,
    GITHUB_ACTIONS: "",
    AWS_REGION: "",
    AWS_DEFAULT_REGION: "",
  });
  const run = (args: string[]) => cli(args, { env: env() });
  const aws = () => ["--endpoint", emu.endpoint, "--region", emu.region, "--account", ACCOUNT];
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
  const check = (ledger: string[]) => run(["check", plan(), "--cloudtrail", ...aws(), ...ledger, "--format", "json"]);

  it("refuses an instant in the future, and one after churn the ledger holds (naming the events); nothing is recorded", async () => {
    const now = (await emu.control.clock()).ms;
    const ledger = ["--ledger", "dynamodb:team-ledger"];
    await emu.control.seed({
      events: [
        { at: now - 40 * DAY_MS, action: "claim", phoneNumber: "+18005550100" },
        { at: now - 20 * DAY_MS, action: "release", phoneNumber: "+18005550100" },
      ],
    });
    expect((await run(["ledger", "init", ...ledger, ...aws()])).code).toBe(0);
    expect((await run(["ledger", "sync", ...ledger, ...aws(), "--by", "nightly"])).code).toBe(0);

    const future = iso(Date.now() + 2 * DAY_MS);
    const ahead = await run([
      "ledger",
      "init",
      ...ledger,
      ...aws(),
      "--history-complete-since",
      future,
      "--by",
      "alice",
    ]);
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toContain(`--history-complete-since ${future} is in the future (now `);
    expect(ahead.stderr).toContain("Nothing was recorded.");

    const late = await run([
      "ledger",
      "init",
      ...ledger,
      ...aws(),
      "--history-complete-since",
      iso(now - 10 * DAY_MS),
      "--by",
      "alice",
    ]);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(
      new RegExp(
        `but this ledger holds 2 before it: claim of \\+18005550100 at ${iso(now - 40 * DAY_MS).slice(0, 10)}.*release of .* at ${iso(now - 20 * DAY_MS).slice(0, 10)}.*Give an instant no later than ${iso(now - 40 * DAY_MS).slice(0, 10)}`,
      ),
    );
    const status = JSON.parse(
      (await run(["ledger", "status", ...ledger, ...aws(), "--quota", "2", "--format", "json"])).stdout,
    );
    expect(status.assertions).toEqual([]);

    // The gate judges as before: no "StartTime must be before EndTime", whatever was attempted.
    const judged = await check([...ledger, "--unseen-history", "warn"]);
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("takes back a wrong assertion (kept with who and when, shown by status); coverage falls back to what the syncs saw", async () => {
    const now = (await emu.control.clock()).ms;
    const ledger = ["--ledger", "dynamodb:team-ledger"];
    expect((await run(["ledger", "init", ...ledger, ...aws()])).code).toBe(0);
    expect((await run(["ledger", "sync", ...ledger, ...aws(), "--by", "nightly"])).code).toBe(0);
    // Within the span the sync saw (CloudTrail's 90 days), so together they cover the window.
    const since = iso(now - 89 * DAY_MS);
    expect(
      (await run(["ledger", "init", ...ledger, ...aws(), "--history-complete-since", since, "--by", "alice"])).code,
    ).toBe(0);
    const trusted = await check(ledger);
    expect({ code: trusted.code, stderr: trusted.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(trusted.stdout).history).toMatchObject({ completeSince: "all", unseenDays: 0 });

    const missing = await run([
      "ledger",
      "retract",
      ...ledger,
      ...aws(),
      "--history-complete-since",
      iso(now - 88 * DAY_MS),
      "--by",
      "bob",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `holds no standing assertion for ${iso(now - 88 * DAY_MS)} (account ${ACCOUNT}, region us-east-1): the standing ones are for ${since}`,
    );

    const retract = await run([
      "ledger",
      "retract",
      ...ledger,
      ...aws(),
      "--history-complete-since",
      since,
      "--by",
      "bob",
    ]);
    expect(retract.code).toBe(0);
    expect(retract.stdout).toContain(`Retracted for ${ACCOUNT} us-east-1: the assertion by alice at `);
    expect(retract.stdout).toContain(`that there was no claim or release before ${since} (retracted by bob).`);
    const status = await run(["ledger", "status", ...ledger, ...aws(), "--quota", "2"]);
    expect(status.stdout).toMatch(
      new RegExp(`assertion: no churn before ${since}, by alice at \\S+; retracted by bob at \\S+`),
    );
    expect(status.stdout).toMatch(/coverage: 91 of the 180 days of the window unseen/);
    const json = JSON.parse(
      (await run(["ledger", "status", ...ledger, ...aws(), "--quota", "2", "--format", "json"])).stdout,
    );
    expect(json.assertions).toEqual([
      { since, by: "alice", at: expect.any(String), retracted: { by: "bob", at: expect.any(String) } },
    ]);

    // The gate no longer counts the days only the assertion vouched for.
    const refused = await check(ledger);
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 3, stdout: "" });
    expect(refused.stderr).toMatch(/cannot judge: 91 of the 180 days of the window unseen/);
    // The right instant, asserted again, stands.
    expect(
      (
        await run([
          "ledger",
          "init",
          ...ledger,
          ...aws(),
          "--history-complete-since",
          iso(now - 89.5 * DAY_MS),
          "--by",
          "alice",
        ])
      ).code,
    ).toBe(0);
    expect((await check(ledger)).code).toBe(0);
  });

  it("a future assertion an earlier version recorded exits 3 naming it and the fix, never CloudTrail's raw error; retracted, the gate judges", async () => {
    const now = (await emu.control.clock()).ms;
    const file = path.join(t.dir, "team.json");
    const ledger = ["--ledger", `file:${file}`];
    expect(
      (
        await run([
          "ledger",
          "init",
          ...ledger,
          ...aws(),
          "--history-complete-since",
          iso(now - 200 * DAY_MS),
          "--by",
          "alice",
        ])
      ).code,
    ).toBe(0);
    // What `ledger init` accepted before: the same assertion for an instant a year ahead.
    const ahead = now + 365 * DAY_MS;
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    const meta = doc.items[`${ACCOUNT}/us-east-1\nmeta`];
    meta.d.assertions[0].since = ahead;
    meta.d.spans = [{ from: null, to: ahead }];
    delete meta.d.evidence;
    fs.writeFileSync(file, JSON.stringify(doc));

    const refused = await check(ledger);
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 3, stdout: "" });
    expect(refused.stderr).not.toContain("StartTime");
    expect(refused.stderr).toContain(
      `the assertion by alice at ${iso(meta.d.assertions[0].at)} that the account had no churn before ${iso(ahead)} was made for an instant still to come`,
    );
    expect(refused.stderr).toContain(`connect-numbers ledger retract --history-complete-since ${iso(ahead)}`);

    expect(
      (await run(["ledger", "retract", ...ledger, ...aws(), "--history-complete-since", iso(ahead), "--by", "bob"]))
        .code,
    ).toBe(0);
    const judged = await check([...ledger, "--unseen-history", "warn"]);
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("coverage a sync recorded while the service's clock ran ahead is read without asking CloudTrail for a time range that ends before it starts", async () => {
    const now = (await emu.control.clock()).ms;
    const ledger = ["--ledger", "dynamodb:team-ledger"];
    expect(
      (
        await run([
          "ledger",
          "init",
          ...ledger,
          ...aws(),
          "--history-complete-since",
          iso(now - 80 * DAY_MS),
          "--by",
          "alice",
        ])
      ).code,
    ).toBe(0);
    await emu.control.clock({ set: now + 2 * DAY_MS });
    expect((await run(["ledger", "sync", ...ledger, ...aws(), "--by", "nightly"])).code).toBe(0);
    await emu.control.clock({ set: now });
    const judged = await check(ledger);
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(judged.stdout).history).toMatchObject({ completeSince: "all", unseenDays: 0 });
  });
});

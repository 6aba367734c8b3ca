import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";

/** `connect-numbers ledger …` as users run it: the built CLI, output through a pipe, the emulator's DynamoDB. */
const BIN = path.join(REPO_ROOT, "bin/connect-numbers");

describe("connect-numbers ledger", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 5, claimDelayMs: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-ledger-cli-"));
  });
  afterEach(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runProcess(BIN, ["ledger", ...args], {
      env: { ...process.env, CONNECT_NUMBERS_LEDGER: "", XDG_STATE_HOME: dir, GITHUB_ACTIONS: "", ...env },
    });
  const aws = () => ["--endpoint", emu.endpoint, "--region", "us-east-1", "--account", "123456789012"];

  it("creates the table, syncs CloudTrail into it, and reports coverage and usage; a later assertion closes the unseen days", async () => {
    const now = (await emu.control.clock()).ms;
    await emu.control.seed({
      events: [
        { at: now - 120 * DAY_MS, action: "claim" },
        { at: now - 30 * DAY_MS, action: "release", phoneNumberId: "a1b2c3d4-0000-4000-8000-000000000001" },
      ],
    });
    const ledger = ["--ledger", "dynamodb:team-ledger"];

    const missing = await run(["status", ...ledger, ...aws()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "DynamoDB table team-ledger (us-east-1) does not exist: create it with `connect-numbers ledger init --ledger dynamodb:team-ledger`",
    );

    const init = await run(["init", ...ledger, ...aws()]);
    expect(init).toMatchObject({ code: 0, stdout: "DynamoDB table team-ledger (us-east-1): created.\n" });
    expect((await run(["init", ...ledger, ...aws()])).stdout).toBe(
      "DynamoDB table team-ledger (us-east-1): already there.\n",
    );

    const sync = await run(["sync", ...ledger, ...aws(), "--by", "nightly"]);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain("1 events added, 0 matched to reservations, 0 already known, 0 reservations freed");
    expect(sync.stdout).toMatch(/coverage: 91 of the 180 days of the window unseen/);
    expect((await run(["sync", ...ledger, ...aws(), "--format", "json"])).stdout).toMatch(/"known": 1/);

    const status = await run(["status", ...ledger, ...aws()]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      "ledger: DynamoDB table team-ledger (us-east-1), account 123456789012, region us-east-1",
    );
    expect(status.stdout).toMatch(/coverage: 91 of the 180 days of the window unseen, before .*; complete until /);
    expect(status.stdout).toContain("usage: 1 of 10 claims and releases in the 180 days");
    expect(status.stdout).toMatch(/last sync: .* by .*: 0 added, 0 matched to reservations, 1 known/);

    // The account's owner knows it had no churn before 60 days ago: the ledger covers everything from then.
    const since = new Date(now - 60 * DAY_MS).toISOString();
    const assert = await run([
      "init",
      ...ledger,
      ...aws(),
      "--history-complete-since",
      since,
      "--by",
      "alice@example.com",
    ]);
    expect(assert.stdout).toContain(
      `Recorded for 123456789012 us-east-1: no claim or release before ${since} (asserted by alice@example.com).`,
    );
    const json = JSON.parse((await run(["status", ...ledger, ...aws(), "--format", "json"])).stdout);
    expect(json).toMatchObject({
      completeSince: "beginning",
      used: 1,
      limit: 10,
      assertions: [{ since, by: "alice@example.com" }],
    });
    expect(json.coverage).toMatch(/^history complete for the whole 180-day window/);

    // The window as a picture: an HTML report on stdout, an SVG (or HTML) file with --chart.
    const html = await run([
      "status",
      ...ledger,
      ...aws(),
      "--format",
      "html",
      "--chart",
      path.join(dir, "window.svg"),
    ]);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain("<svg");
    expect(html.stdout).toContain("Churn: 1 of 10 in 180 days; first slot frees");
    const svg = fs.readFileSync(path.join(dir, "window.svg"), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<title>Churn: 1 of 10 in 180 days; first slot frees");
  });

  it("uses the per-user file by default, and explains bad settings with exit 2", async () => {
    const init = await run(["init"]);
    expect(init.stdout).toBe(`file ${path.join(dir, "connect-numbers", "ledger.json")}: created.\n`);
    const status = await run(["status", ...aws(), "--quota", "5", "--format", "json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      ledger: `file ${path.join(dir, "connect-numbers", "ledger.json")}`,
      used: 0,
      limit: 10,
      lastSync: null,
    });
    // A ledger never synced vouches for nothing: what is seen is CloudTrail's span, as check and history see it.
    expect(JSON.parse(status.stdout).coverage).toMatch(
      /^91 of the 180 days of the window unseen, before .*cloudtrail from /,
    );
    const viaEnv = await run(["status", ...aws(), "--quota", "5"], {
      CONNECT_NUMBERS_LEDGER: `file:${path.join(dir, "other.json")}`,
    });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain(
      `ledger file ${path.join(dir, "other.json")} does not exist: create it with \`connect-numbers ledger init --ledger file:`,
    );
    const bad = await run(["status", "--ledger", "s3://x", ...aws()]);
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ledger = "s3://x" is not a ledger location'),
    });
    const badTime = await run(["init", "--history-complete-since", "yesterday"]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('Expected an RFC 3339 instant such as 2026-03-01T00:00:00Z, got "yesterday"');
    // A ledger in one process's memory has nothing to create: said so, not "already there".
    const memory = await run(["init", "--ledger", "memory:"]);
    expect(memory).toMatchObject({
      code: 2,
      stdout: "",
      stderr: expect.stringContaining(
        "memory: is a ledger in one process's memory, gone when it exits: there is nothing to create or record. " +
          "Give --ledger file:<path> or dynamodb:<table>.",
      ),
    });
  });

  it("examples/ledger-sync: the workflow's sync step runs as written and writes the coverage to the step summary", async () => {
    const workflow = yaml.load(
      fs.readFileSync(path.join(REPO_ROOT, "examples/ledger-sync/ledger-sync.yml"), "utf8"),
    ) as {
      jobs: { sync: { env: Record<string, string>; steps: Array<{ name?: string; run?: string }> } };
    };
    const step = workflow.jobs.sync.steps.find((s) => s.name === "Sync the ledger")!;
    const shims = fs.mkdtempSync(path.join(dir, "bin-"));
    fs.writeFileSync(
      path.join(shims, "npx"),
      `#!/bin/sh\n[ "$1" = connect-numbers ] && shift\nexec ${JSON.stringify(BIN)} "$@"\n`,
      { mode: 0o755 },
    );
    const summary = path.join(dir, "summary.md");
    await run(["init", "--ledger", workflow.jobs.sync.env.LEDGER, ...aws()]);
    await emu.control.seed({
      events: [
        {
          at: (await emu.control.clock()).ms - DAY_MS,
          action: "release",
          phoneNumberId: "a1b2c3d4-0000-4000-8000-000000000002",
        },
      ],
    });
    // As GitHub's runner starts a `run:` step: without start-up files, which bash would otherwise read when its stdin
    // is a socket (as Node's child pipes are), and which need not survive -u.
    const result = await runProcess("bash", ["--noprofile", "--norc", "-euo", "pipefail", "-c", step.run!], {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${shims}:${process.env.PATH}`,
        AWS_ENDPOINT_URL: emu.endpoint,
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "secret",
        AWS_REGION: "us-east-1",
        LEDGER: workflow.jobs.sync.env.LEDGER,
        ACCOUNT: "123456789012",
        GITHUB_STEP_SUMMARY: summary,
        CONNECT_NUMBERS_LEDGER: "",
      },
    });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("1 events added");
    const written = fs.readFileSync(summary, "utf8");
    expect(written).toContain("### connect-numbers ledger (us-east-1)");
    expect(written).toMatch(/coverage: 91 of the 180 days of the window unseen/);
    expect(written).toContain("usage: 1 of 10 claims and releases");
  });
});

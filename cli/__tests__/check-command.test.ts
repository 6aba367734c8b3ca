import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultRule } from "../../core";
import { startEmulator } from "../../emulator";
import { openLedger } from "../../ledger";
import { runProcess } from "../../scripts/pulumi-workspace";

const BIN = path.resolve(__dirname, "../../bin/connect-numbers");
const FIXTURES = path.resolve(__dirname, "../../test/fixtures");
const CHANGES = path.join(FIXTURES, "pulumi-preview-changes-replacement-steps.json"); // 2 claims + 2 releases
const NOW = "2026-06-01T00:00:00Z";
// A history file vouches for the whole window: with none, the check refuses (see test/e2e/cli-fail-closed.test.ts).
const EMPTY_HISTORY = historyFile([]);

function run(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runProcess(BIN, args, {
    env: { ...process.env, GITHUB_STEP_SUMMARY: "", ...options.env },
    input: options.stdin,
  });
}

function historyFile(
  lines: Array<{ time: string; action: string; phoneNumber?: string; phoneNumberId?: string }>,
): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cn-history-")), "history.jsonl");
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n"));
  return file;
}

describe("connect-numbers check", () => {
  it("exits 0 within budget and 1 over it, and prints the documented JSON", async () => {
    const ok = await run([
      "check",
      CHANGES,
      "--quota",
      "2",
      "--instance-quota",
      "10",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
      "--format",
      "json",
    ]);
    expect(ok.code).toBe(0);
    const body = JSON.parse(ok.stdout);
    expect(body).toMatchObject({
      ok: true,
      quota: 2,
      budget: 4,
      windowDays: 180,
      used: 0,
      claims: 2,
      releases: 2,
      projected: 4,
      overBy: 0,
      freesAt: "2026-06-01T00:00:00.000Z",
    });
    expect(body.resources).toEqual(
      expect.arrayContaining([
        { address: expect.stringMatching(/::support$/), op: "replace", claims: 1, releases: 1 },
        { address: expect.stringMatching(/::overflow$/), op: "delete", claims: 0, releases: 1 },
      ]),
    );
    const history = historyFile([{ time: "2026-05-01T00:00:00Z", action: "release", phoneNumberId: "pn-old" }]);
    const over = await run([
      "check",
      CHANGES,
      "--quota",
      "2",
      "--instance-quota",
      "10",
      "--now",
      NOW,
      "--history",
      history,
      "--format",
      "json",
    ]);
    expect(over.code).toBe(1);
    expect(JSON.parse(over.stdout)).toMatchObject({
      ok: false,
      used: 1,
      projected: 5,
      overBy: 1,
      freesAt: "2026-10-28T00:00:00.000Z",
    });
  });

  it("does not count history later than --now, and reads the same plan from standard input", async () => {
    const history = historyFile([{ time: "2026-07-01T00:00:00Z", action: "release", phoneNumberId: "pn-later" }]);
    const result = await run(
      ["check", "-", "--quota", "2", "--instance-quota", "10", "--now", NOW, "--history", history, "--format", "json"],
      { stdin: fs.readFileSync(CHANGES, "utf8") },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).used).toBe(0);
  });

  it("renders one PR comment with a stable marker, and never says 'fail' when passing", async () => {
    const pass = await run([
      "check",
      CHANGES,
      "--quota",
      "5",
      "--instance-quota",
      "10",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
      "--format",
      "markdown",
    ]);
    expect(pass.stdout.split("\n")[0]).toBe("<!-- connect-numbers:check -->");
    expect(pass.stdout).toContain("✅ Phone-number churn within budget");
    expect(pass.stdout.toLowerCase()).not.toContain("fail");
    for (const format of ["text", "json", "github", "sarif"]) {
      expect(
        (
          await run([
            "check",
            CHANGES,
            "--quota",
            "5",
            "--instance-quota",
            "10",
            "--now",
            NOW,
            "--history",
            EMPTY_HISTORY,
            "--format",
            format,
          ])
        ).stdout.toLowerCase(),
      ).not.toContain("fail");
    }
    const over = await run([
      "check",
      CHANGES,
      "--quota",
      "1",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
      "--format",
      "markdown",
    ]);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain("### ⛔ Phone-number plan blocked: churn over budget");
    expect(Buffer.byteLength(over.stdout)).toBeLessThanOrEqual(64_000);
  });

  it("reads at a glance in markdown: fits now, releases to come, history once, names not URNs, the window as a chart", async () => {
    const md = (
      await run(["check", CHANGES, "--quota", "5", "--now", NOW, "--history", EMPTY_HISTORY, "--format", "markdown"])
    ).stdout;
    expect(md).toMatch(/\| 0 \| now \|$/m);
    expect(md).not.toContain("| 2026-06-01T00:00:00.000Z |");
    expect(md).toMatch(/^\| \+1\d+ .*\| to be released \|$/m);
    expect(md).not.toMatch(/\| released \|/);
    expect(md.match(/History:/g)).toHaveLength(1);
    expect(md).toMatch(/\| <code title="urn:pulumi:[^"]*::support">support<\/code> \|/);
    expect(md).toContain("<details><summary>Resource URNs");
    expect(md).toContain("```mermaid\n---");
    expect(md).toContain("xychart-beta");
    // A digest without replacement steps: the reader's reminder is small print, not a note about this plan.
    const create = (
      await run([
        "check",
        path.join(FIXTURES, "pulumi-preview-create.json"),
        "--quota",
        "5",
        "--now",
        NOW,
        "--history",
        EMPTY_HISTORY,
        "--format",
        "markdown",
      ])
    ).stdout;
    expect(create).toMatch(/^<sub>This digest shows no replacement steps: either the plan replaces nothing/m);
    expect(create).not.toMatch(/^> .*show-replacement-steps/m);
  });

  it("calls a Terraform count index shift a replacement that re-claims, not a rename, in every word and operation", async () => {
    const number = (phoneNumber: string, id: string) => ({
      arn: `arn:aws:connect:us-east-1:123456789012:phone-number/${id}`,
      id,
      phone_number: phoneNumber,
      country_code: "US",
      type: "TOLL_FREE",
      target_arn: "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555",
    });
    const change = (address: string, actions: string[], before: object, after: object | null) => ({
      address,
      mode: "managed",
      type: "aws_connect_phone_number",
      name: "n",
      change: { actions, before, after, after_unknown: after ? { arn: true, id: true, phone_number: true } : {} },
    });
    // n[0] is dropped: n[1] takes index 0 (replaced, searching as before) and index 1 goes.
    const plan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cn-shift-")), "plan.json");
    const search = { country_code: "US", type: "TOLL_FREE", target_arn: number("", "").target_arn };
    fs.writeFileSync(
      plan,
      JSON.stringify({
        format_version: "1.2",
        planned_values: {},
        resource_changes: [
          change("aws_connect_phone_number.n[0]", ["delete", "create"], number("+18005550100", "pn-0"), search),
          change("aws_connect_phone_number.n[1]", ["delete"], number("+18005550101", "pn-1"), null),
        ],
      }),
    );
    const judge = ["--quota", "20", "--now", NOW, "--history", EMPTY_HISTORY];
    const text = await run(["check", plan, ...judge]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "BLOCKED: Phone-number plan blocked: a replacement would release a number and claim it (or one it meets) again, losing it",
    );
    expect(text.stdout).not.toContain("a rename would lose a number");
    // Accepted, the schedule carries each operation under what it is: n[0]'s own replacement, n[1]'s delete.
    const waves = await run(["plan-waves", plan, ...judge, "--allow-release", "+18005550101", "--format", "json"]);
    const ops = JSON.parse(waves.stdout).waves.flatMap((w: { operations: object[] }) => w.operations);
    expect(
      ops
        .map((o: { action: string; resource: string; reason: string }) => `${o.action} ${o.reason} ${o.resource}`)
        .sort(),
    ).toEqual([
      "claim replace aws_connect_phone_number.n[0]",
      "release delete aws_connect_phone_number.n[1]",
      "release replace aws_connect_phone_number.n[0]",
    ]);
  });

  it("over budget with reservations no deployment settled: the sync it gives names the ledger and region it read", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cn-reserved-")), "ledger.json");
    const ledger = (await openLedger(`file:${file}`, {}, { createIfMissing: true }))!;
    try {
      await ledger.init();
      // A deployment killed mid-apply left 3 reservations, a minute old.
      await ledger.reserveMany(
        {
          scope: { accountId: "123456789012", region: "eu-west-2" },
          action: "claim",
          rule: defaultRule({ quota: 100 }),
          now: Date.parse(NOW) - 60_000,
          ownerUrn: "urn:pulumi:dev::shop::connect-numbers:index:PhoneNumber::killed",
        },
        3,
        false,
      );
    } finally {
      await ledger.close();
    }
    const over = await run([
      "check",
      CHANGES,
      "--quota",
      "2",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
      "--ledger",
      `file:${file}`,
      "--account",
      "123456789012",
      "--region",
      "eu-west-2",
    ]);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain(
      `3 of the 3 counted are reservations of deployments that have not finished (or died): if none is running, \`connect-numbers ledger sync --ledger file:${file} --region eu-west-2\` frees those`,
    );
    expect(over.stdout).not.toContain("<the ledger>");
  });

  it("SARIF names its version and home, and no path of the machine it ran on", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "cn-sarif-"));
    const out = await runProcess(
      BIN,
      ["check", CHANGES, "--quota", "1", "--now", NOW, "--history", EMPTY_HISTORY, "--format", "sarif"],
      { cwd, env: { ...process.env, GITHUB_WORKSPACE: cwd } },
    );
    const run0 = JSON.parse(out.stdout).runs[0];
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"));
    expect(run0.tool.driver).toMatchObject({
      name: "connect-numbers",
      version: pkg.version,
      informationUri: expect.stringMatching(/^https:\/\//),
    });
    expect(JSON.stringify(run0.originalUriBaseIds)).not.toContain(cwd);
    expect(run0.originalUriBaseIds["%SRCROOT%"].uri).toBeUndefined();
  });

  it("prints at most 10 GitHub annotations and writes the step summary", async () => {
    const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cn-gh-")), "summary.md");
    const result = await run(
      ["check", CHANGES, "--quota", "1", "--now", NOW, "--history", EMPTY_HISTORY, "--format", "github"],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(result.code).toBe(1);
    const annotations = result.stdout.split("\n").filter((l) => l.startsWith("::"));
    // Quota 1 also takes the instance over its own quota (two claims into it): the title names both reasons.
    expect(annotations[0]).toMatch(
      /^::error title=Phone-number plan blocked%3A churn over budget; more active numbers than the quota::/,
    );
    expect(annotations.length).toBeLessThanOrEqual(10);
    expect(fs.readFileSync(summary, "utf8")).toContain("<!-- connect-numbers:check -->");
  });

  it("emits SARIF 2.1.0 with a result per churning resource when over budget", async () => {
    const sarif = JSON.parse(
      (await run(["check", CHANGES, "--quota", "1", "--now", NOW, "--history", EMPTY_HISTORY, "--format", "sarif"]))
        .stdout,
    );
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results as Array<{ ruleId: string; level: string }>;
    expect(results.filter((r) => r.ruleId === "connect-phone-number-churn")).toHaveLength(3);
    expect(results.filter((r) => r.ruleId === "connect-phone-number-release").map((r) => r.level)).toEqual([
      "note",
      "note",
    ]);
  });

  it("exits 2 for usage errors and 3 for input it cannot read", async () => {
    const noQuota = await run(["check", CHANGES, "--history", EMPTY_HISTORY]);
    expect(noQuota.code).toBe(2);
    expect(noQuota.stderr).toContain("give --quota N, or --cloudtrail");
    expect((await run(["check", CHANGES, "--quota", "2", "--format", "yaml"])).code).toBe(2);
    expect((await run(["check", CHANGES, "--quota", "2", "--now", "yesterday"])).code).toBe(2);
    const missing = await run(["check", "/nonexistent/plan.json", "--quota", "2", "--history", EMPTY_HISTORY]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("cannot read /nonexistent/plan.json");
    const truncated = await run(["check", "-", "--quota", "2"], {
      stdin: fs.readFileSync(CHANGES, "utf8").slice(0, 500),
    });
    expect(truncated.code).toBe(3);
    expect(truncated.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads history and quota from CloudTrail and Service Quotas (the emulator) with --cloudtrail", async () => {
    const emu = await startEmulator({ quota: 2 });
    try {
      await emu.control.seed({
        events: [{ at: Date.now() - 86_400_000, action: "release", phoneNumber: "+12065550100" }],
      });
      const account = ["--cloudtrail", "--endpoint", emu.endpoint, "--region", "us-east-1"];
      const refused = await run(["check", CHANGES, ...account]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain("cannot judge: 91 of the 180 days of the window unseen, before ");
      const result = await run(["check", CHANGES, ...account, "--unseen-history", "warn", "--format", "json"]);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({
        quota: 2,
        used: 1,
        projected: 5,
        history: { sources: ["cloudtrail"], quotaSource: "Service Quotas L-8F812903", coveredDays: 89, unseenDays: 91 },
      });
      const withFile = await run(["check", CHANGES, ...account, "--history", EMPTY_HISTORY, "--format", "json"]);
      expect(JSON.parse(withFile.stdout).history).toMatchObject({ unseenDays: 0, completeSince: "all" });
      const history = await run(["history", ...account, "--unseen-history", "warn"]);
      expect(history.stdout).toContain("1 of 4 churn events used in the 180 days");
      expect(history.stdout).toContain("91 of the 180 days of the window unseen");
    } finally {
      await emu.stop();
    }
  });
});

describe("connect-numbers plan-waves", () => {
  it("without --cloudtrail still never schedules more claims into an instance than its quota, and check blocks them", async () => {
    // With what each instance holds unread, check used to pass and plan-waves to schedule both claims (a
    // replacement's and a create's) into one instance at once, where the provider refuses one. The instance's quota
    // (--instance-quota) is its own, apart from the churn quota; the plan's own number on it counts.
    const instance = "instance/acd99e2a-3603-4cf3-a8e8-025740b65e83";
    const check = await run([
      "check",
      CHANGES,
      "--quota",
      "1",
      "--instance-quota",
      "2",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
      "--format",
      "json",
    ]);
    expect(check.code).toBe(1);
    const verdict = JSON.parse(check.stdout);
    expect(verdict.blockedBy).toContain("over-active-quota");
    expect(verdict.message).toContain(
      `${instance} holds at least 1 (this plan's own numbers; what else it holds was not read: give --cloudtrail) of its quota of 2`,
    );
    // It says so whatever the verdict: the room it cannot see is the pack's and the provider's to refuse.
    const unseenRoom =
      /Without --cloudtrail check cannot see how many numbers this instance holds beyond this plan's own: instance\/acd99e2a-3603-4cf3-a8e8-025740b65e83 \(2 claims\)\. The pack and the provider refuse a claim past an instance's room .*Run check with --cloudtrail to see it\./;
    expect(verdict.input.notes).toContainEqual(expect.stringMatching(unseenRoom));
    const roomy = [
      "check",
      CHANGES,
      "--quota",
      "2",
      "--instance-quota",
      "10",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
    ];
    for (const format of ["text", "markdown", "github"]) {
      const r = await run([...roomy, "--format", format]);
      expect(r.code).toBe(0);
      expect(r.stdout.replace(/\s*\n\s*/g, " ")).toMatch(unseenRoom);
    }
    const waves = await run([
      "plan-waves",
      CHANGES,
      "--quota",
      "1",
      "--instance-quota",
      "2",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
    ]);
    expect(waves.code).toBe(1);
    expect(waves.stdout).toMatch(/^1 wave for part of the plan; 2 operations cannot come\./);
    expect(waves.stdout).toContain(`Not scheduled: 1 claim into ${instance} cannot come`);
  });

  it("prints dated waves with the pulumi up --target commands that apply them", async () => {
    // Quota 2 (an instance can take the plan's two claims) with 2 units already used: 4 of the plan's 4 do not fit now.
    const used = historyFile([
      { time: "2026-05-01T00:00:00Z", action: "release" },
      { time: "2026-05-02T00:00:00Z", action: "release" },
    ]);
    const result = await run([
      "plan-waves",
      CHANGES,
      "--quota",
      "2",
      "--instance-quota",
      "10",
      "--now",
      NOW,
      "--history",
      used,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^2 waves; the plan does not fit at once\./);
    expect(result.stdout).toContain("wave 1: at or after 2026-06-01T00:00:00.000Z");
    expect(result.stdout).toContain("wave 2: at or after 2026-10-29T00:00:00.000Z");
    expect(result.stdout).toMatch(
      /pulumi up --target urn\\:pulumi\\:dev:\\:numbers:\\:pulumi-nodejs\\:dynamic\/connect\\:PhoneNumber:\\:\w+/,
    );
    const tf = await run([
      "plan-waves",
      path.join(FIXTURES, "terraform-plan.json"),
      "--quota",
      "1",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
    ]);
    expect(tf.stdout).toContain("terraform apply -target\\=aws_connect_phone_number.");
  });
});

describe("connect-numbers check on a protected pending delete it cannot see the program's declaration of", () => {
  it("counts the refusal, and says what it rests on and how to read the declaration", async () => {
    const r = await run([
      "check",
      path.join(FIXTURES, "pulumi-preview-pending-delete.json"),
      "--quota",
      "20",
      "--now",
      NOW,
      "--history",
      EMPTY_HISTORY,
      "--format",
      "json",
    ]);
    const body = JSON.parse(r.stdout);
    expect(body.blockedBy).toEqual(["release-refused"]);
    expect(body.input.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /::support holds \+\d+ pending delete with deletionProtection, and this plan shows no step of the resource.*run check in the Pulumi project \(or with --stack\)/,
        ),
      ]),
    );
  });
});

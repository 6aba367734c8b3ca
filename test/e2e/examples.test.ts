import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { RunningEmulator, startEmulator } from "../../emulator";
import { exampleWorkspace } from "../../scripts/example-workspace";
import { PulumiWorkspace, REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";

describe("examples/", () => {
  let emu: RunningEmulator;
  let ws: PulumiWorkspace | undefined;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 5, claimDelayMs: 20 });
  });
  afterEach(async () => {
    ws?.cleanup();
    ws = undefined;
    await emu.stop();
  });

  const workspace = async (example: string, config: Record<string, string>) =>
    (ws = await exampleWorkspace(example, emu, { config, noChurnBefore: true }));

  it("contact-centre: the careless change is rejected at preview, the fixed one goes through", async () => {
    const w = await workspace("contact-centre", { stage: "initial" });
    expect((await w.up()).code).toBe(0);
    expect(await emu.control.events()).toHaveLength(5);
    // A fresh emulator had no churn before it started: CloudTrail's 90 days are all there is, so unseen days only warn.
    const pack = {
      dir: path.join(REPO_ROOT, "policies"),
      config: { "connect-phone-number-churn": { endpoint: emu.endpoint, region: emu.region, unseenHistory: "warn" } },
    };
    await w.setConfig({ stage: "careless" });
    const careless = await w.preview({ policyPacks: [pack] });
    expect(careless.code).not.toBe(0);
    expect(careless.stdout).toContain(
      "This plan makes 2 claims and 4 releases; the rolling 180-day window already holds 5 of 10 (200% of quota 5), so it would reach 11: 1 over.",
    );
    expect(careless.stdout).toContain(
      "[mandatory]  connect-phone-number-rename  (pulumi-nodejs:dynamic/connect:PhoneNumber: sales-team)",
    );
    expect(careless.stdout).toContain('aliases: [{ name: "sales" }]');
    await w.setConfig({ stage: "fixed" });
    expect((await w.preview({ policyPacks: [pack] })).code).toBe(0);
    expect((await w.up()).code).toBe(0);
    expect((await emu.control.events()).map((e) => e.action)).toEqual([
      "claim",
      "claim",
      "claim",
      "claim",
      "claim",
      "release",
    ]);
  });

  it("adopt-existing: takes over numbers the account holds with zero churn", async () => {
    const seeded = (
      await emu.control.seed({ numbers: [{ phoneNumber: "+12065550111" }, { phoneNumber: "+12065550112" }] })
    ).numbers;
    const w = await workspace("adopt-existing", { mainLineId: seeded[0].phoneNumberId, legacyNumber: "+12065550112" });
    const up = await w.up();
    expect(up.code).toBe(0);
    expect(await emu.control.events()).toEqual([]);
    const out = JSON.parse((await w.pulumiOk(["stack", "output", "--json"])).stdout);
    expect(out).toEqual({
      adopted: { mainLine: "+12065550111", legacy: "+12065550112" },
      origins: { mainLine: "adopt", legacy: "adopt" },
    });
  });

  it("github-actions: the workflow's check step comments and passes, comments and reports over budget, and fails on a plan it cannot judge", async () => {
    const workflow = yaml.load(
      fs.readFileSync(path.join(REPO_ROOT, "examples/github-actions/connect-numbers.yml"), "utf8"),
    ) as {
      jobs: { churn: { steps: Array<{ id?: string; run?: string }> } };
    };
    const script = workflow.jobs.churn.steps
      .find((s) => s.id === "check")!
      .run!.replaceAll("npx connect-numbers", path.join(REPO_ROOT, "bin/connect-numbers"));
    const runner = fs.mkdtempSync(path.join(os.tmpdir(), "cn-runner-"));
    try {
      fs.copyFileSync(
        path.join(REPO_ROOT, "test/fixtures/pulumi-preview-changes-replacement-steps.json"),
        path.join(runner, "preview.json"),
      );
      // The repository's record of churn older than CloudTrail's 90 days: none, for this account.
      fs.writeFileSync(path.join(runner, "churn-history.jsonl"), "");
      // Asynchronous: the emulator answering the script lives in this process.
      const run = async () => {
        const output = path.join(runner, "output");
        fs.writeFileSync(output, "");
        const env = {
          ...process.env,
          RUNNER_TEMP: runner,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: path.join(runner, "summary.md"),
          GITHUB_WORKSPACE: runner,
          CHURN_HISTORY: "churn-history.jsonl",
          AWS_REGION: "us-east-1",
          AWS_ENDPOINT_URL: emu.endpoint,
          AWS_ACCESS_KEY_ID: "a",
          AWS_SECRET_ACCESS_KEY: "b",
        };
        const { code, stdout, stderr } = await runProcess("bash", ["-c", script], { cwd: runner, env });
        const sarif = JSON.parse(fs.readFileSync(path.join(runner, "connect-numbers.sarif"), "utf8") || "null");
        return {
          code,
          stdout,
          stderr,
          sarif,
          output: fs.readFileSync(output, "utf8"),
          comment: fs.readFileSync(path.join(runner, "comment.md"), "utf8"),
        };
      };
      const within = await run();
      expect(within.code).toBe(0);
      expect(within.output).toContain("exit-code=0");
      expect(within.comment.split("\n")[0]).toBe("<!-- connect-numbers:check -->");
      expect(within.stdout).toContain("::notice title=Phone-number churn within budget::");
      expect(within.comment).toContain("#### Numbers this plan releases (2)");
      expect(within.sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
        "connect-phone-number-release",
        "connect-phone-number-release",
      ]);

      await emu.control.seed({
        events: Array.from({ length: 7 }, (_, i) => ({
          at: Date.now() - (i + 1) * 86_400_000,
          action: "release" as const,
        })),
      });
      const over = await run();
      expect(over.code).toBe(0); // the step passes; the next step fails the job on exit-code=1
      expect(over.output).toContain("exit-code=1");
      expect(over.comment).toContain("⛔ Phone-number plan blocked: churn over budget");
      expect(over.stdout).toContain("::error title=Phone-number plan blocked%3A churn over budget::");
      expect(
        over.sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "connect-phone-number-churn"),
      ).toHaveLength(3);

      // A preview made without --show-replacement-steps cannot show pending deletes: the step fails (exit 3).
      fs.copyFileSync(
        path.join(REPO_ROOT, "test/fixtures/pulumi-preview-changes.json"),
        path.join(runner, "preview.json"),
      );
      const unjudged = await run();
      expect(unjudged.code).toBe(3);
      expect(unjudged.stderr).toContain("was made without --show-replacement-steps");
    } finally {
      fs.rmSync(runner, { recursive: true, force: true });
    }
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { findPulumi } from "../../scripts/pulumi-bin";
import { runProcess } from "../../scripts/pulumi-workspace";
import { NOW, cli, fixture, tempDir } from "./cli-helpers";

/**
 * check and plan-waves judge a plan with the settings of the stack the plan is of (named in its URNs), not of
 * whichever stack is selected: a plan of s2 (ratioPercent 100) checked while s3 (200%) is selected is still held
 * to s2's budget, as `pulumi up --stack s2` will be. A --stack that disagrees with the plan is refused. s3 says
 * 150% (budget 3, the three claims fit) so that its settings, when they wrongly judge, differ from the defaults.
 */
const t = tempDir("cn-plan-stack-");
const env = {
  PULUMI_BACKEND_URL: `file://${path.join(t.dir, "state")}`,
  PULUMI_CONFIG_PASSPHRASE: "",
  PULUMI_SKIP_UPDATE_CHECK: "true",
};
const window = ["--quota", "2", "--instance-quota", "10", "--now", NOW, "--unseen-history", "warn"];
/** The fixture's three claims, made a plan of stack s2: within 200% of quota 2 (4), over 100% (2). */
const planOfS2 = fixture("pulumi-preview-create.json").replaceAll("urn:pulumi:dev::", "urn:pulumi:s2::");
const eventsOfS2 = fixture("pulumi-events-changes.jsonl").replaceAll("urn:pulumi:dev::", "urn:pulumi:s2::");

async function pulumi(args: string[]): Promise<string> {
  const r = await runProcess(findPulumi().binary, [...args, "--non-interactive"], {
    cwd: t.dir,
    env: { ...process.env, ...env },
  });
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const run = (args: string[], stdin: string) => cli(args, { cwd: t.dir, env, stdin });

beforeAll(async () => {
  t.write("Pulumi.yaml", "name: numbers\nruntime: yaml\n");
  fs.mkdirSync(path.join(t.dir, "state"));
  await pulumi(["stack", "init", "s2"]);
  await pulumi(["config", "set", "connect-numbers:ratioPercent", "100", "--stack", "s2"]);
  await pulumi(["stack", "init", "s3"]);
  await pulumi(["config", "set", "connect-numbers:ratioPercent", "150", "--stack", "s3"]);
}, 120_000);
afterAll(() => t.cleanup());

describe("a plan is judged with its own stack's settings", () => {
  it("check: s2's plan, s3 selected, is held to s2's budget", async () => {
    const r = await run(["check", ...window, "--format", "json"], planOfS2);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, limit: 2, ratioPercent: 100 });
  });

  it("check: Pulumi engine events name their stack the same way", async () => {
    const r = await run(["check", ...window, "--format", "json"], eventsOfS2);
    expect(JSON.parse(r.stdout)).toMatchObject({ limit: 2, ratioPercent: 100 });
  });

  it("plan-waves: s2's plan, s3 selected, is scheduled within s2's budget", async () => {
    const r = await run(["plan-waves", ...window, "--format", "json"], planOfS2);
    const schedule = JSON.parse(r.stdout);
    expect(schedule.fitsNow).toBe(false);
    expect(schedule.waves.map((w: { operations: unknown[] }) => w.operations.length)).toEqual([2, 1]);
  });

  it("--stack naming the plan's own stack is accepted", async () => {
    const r = await run(["check", ...window, "--stack", "s2", "--format", "json"], planOfS2);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ limit: 2, ratioPercent: 100 });
  });

  it.each(["check", "plan-waves"])(
    "%s: a --stack that disagrees with the plan is refused (exit 3), naming both",
    async (command) => {
      const r = await run([command, ...window, "--stack", "s3"], planOfS2);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("--stack s3 is not the stack this plan is of: its URNs name stack s2");
      expect(r.stderr).toContain("give --stack s2");
    },
  );

  it("a plan of a stack this project cannot read is a usage error (exit 2) naming the stack, never another stack's settings", async () => {
    const r = await run(["check", ...window], planOfS2.replaceAll("urn:pulumi:s2::", "urn:pulumi:s9::"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the plan's stack s9 (named by its URNs)");
    expect(r.stderr).toContain("run the check in the directory of the project whose stack s9 made the plan");
  });

  it("outside a Pulumi project the flags stand alone, as before", async () => {
    const elsewhere = tempDir("cn-plan-stack-elsewhere-");
    try {
      const r = await cli(["check", ...window, "--format", "json"], { cwd: elsewhere.dir, env, stdin: planOfS2 });
      expect(JSON.parse(r.stdout)).toMatchObject({ limit: 4, ratioPercent: 200 });
    } finally {
      elsewhere.cleanup();
    }
  });

  it("a Terraform plan names no stack: the selected stack's settings judge it, as before", async () => {
    const r = await run(["check", ...window, "--format", "json"], fixture("terraform-plan.json"));
    expect(JSON.parse(r.stdout)).toMatchObject({ limit: 3, ratioPercent: 150 });
  });
});

describe("a digest without replacement steps, checked in its stack's project", () => {
  const REMINDER = "This digest shows no replacement steps";

  it("says nothing of --show-replacement-steps when the stack's state holds no number pending delete", async () => {
    const r = await run(["check", ...window, "--format", "json"], planOfS2);
    expect(JSON.parse(r.stdout).input.notes.join(" ")).not.toContain(REMINDER);
    // Outside the project the state cannot be read: the reminder stays.
    const elsewhere = tempDir("cn-plan-stack-reminder-");
    try {
      const away = await cli(["check", ...window, "--format", "json"], { cwd: elsewhere.dir, env, stdin: planOfS2 });
      expect(JSON.parse(away.stdout).input.notes.join(" ")).toContain(REMINDER);
    } finally {
      elsewhere.cleanup();
    }
  });

  it("refuses it (exit 3) when the stack's state holds a number pending delete the digest does not show", async () => {
    await pulumi(["stack", "init", "s4"]);
    const state = JSON.parse(await pulumi(["stack", "export", "--stack", "s4"]));
    const pending = "urn:pulumi:s4::numbers::pulumi-nodejs:dynamic/connect:PhoneNumber::support";
    state.deployment.resources = [
      { urn: "urn:pulumi:s4::numbers::pulumi:pulumi:Stack::numbers-s4", custom: false, type: "pulumi:pulumi:Stack" },
      { urn: pending, custom: true, delete: true, id: "pn-old", type: "pulumi-nodejs:dynamic/connect:PhoneNumber" },
    ];
    const file = t.write("s4-state.json", JSON.stringify(state));
    await pulumi(["stack", "import", "--stack", "s4", "--file", file, "--force"]);
    const r = await run(["check", ...window], planOfS2.replaceAll("urn:pulumi:s2::", "urn:pulumi:s4::"));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `shows no pending delete, while stack s4's state holds ${pending} pending delete, but was made without --show-replacement-steps`,
    );
  });
});

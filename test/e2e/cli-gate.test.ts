import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";
import { BIN, FIXTURES, NOW, cli, fixture, historyLines, tempDir } from "./cli-helpers";

const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const FORMATS = ["text", "json", "markdown", "github", "sarif"];
const warn = ["--now", NOW, "--unseen-history", "warn"];
const file = (name: string) => path.join(FIXTURES, name);
const json = async (args: string[]) => {
  const r = await cli([...args, "--format", "json"]);
  return { code: r.code, body: JSON.parse(r.stdout) };
};

describe("renames and re-claims block (exit 1) in every format", () => {
  const RENAME = file("pulumi-preview-rename.json");

  it("the issue's rename of a searched number: both resources, the number, both fixes", async () => {
    const { code, body } = await json(["check", RENAME, "--quota", "20", ...warn]);
    expect(code).toBe(1);
    expect(body.blockedBy).toEqual(["rename"]);
    expect(body.renames).toHaveLength(1);
    const [f] = body.renames;
    expect(f).toMatchObject({
      kind: "reclaim",
      released: expect.stringMatching(/::support$/),
      claim: expect.stringMatching(/::support-main$/),
      blocking: true,
      acceptedBy: null,
    });
    expect(f.phoneNumber).toMatch(/^\+1800\d{7}$/);
    expect(f.fix.pulumi).toBe('aliases: [{ name: "support" }]');
    for (const format of FORMATS) {
      const r = await cli(["check", RENAME, "--quota", "20", ...warn, "--format", format]);
      expect(r.code).toBe(1);
      for (const needle of ["::support-main", "::support", f.phoneNumber, "aliases: [{ name: "])
        expect(`${format}: ${r.stdout.includes(needle)}`).toBe(`${format}: true`);
    }
  });

  // A rename connect-numbers' provider refuses passes only by the stack's connect-numbers:allowReleases (the one list
  // it reads): --allow-release alone, outside the project, blocks and says the command. Another tool's rename (here
  // Terraform's, which no provider of ours guards) --allow-release accepts.
  it("an explicit --allow-release accepts a rename no provider of ours refuses, and every format shows the acceptance", async () => {
    const TF_RENAME = file("terraform-plan-rename.json");
    const entry = "aws_connect_phone_number.support";
    for (const format of FORMATS) {
      const r = await cli(["check", TF_RENAME, "--quota", "20", ...warn, "--allow-release", entry, "--format", format]);
      expect(`${format} ${r.code}`).toBe(`${format} 0`);
      expect(`${format}: ${r.stdout.includes(`--allow-release ${entry}`)}`).toBe(`${format}: true`);
    }
    const { body } = await json(["check", TF_RENAME, "--quota", "20", ...warn, "--allow-release", entry]);
    expect(body.renames[0]).toMatchObject({ acceptedBy: entry, blocking: false });
    const sarif = JSON.parse(
      (await cli(["check", TF_RENAME, "--quota", "20", ...warn, "--allow-release", entry, "--format", "sarif"])).stdout,
    );
    const rename = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "connect-phone-number-rename");
    expect(rename.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: `released on purpose: --allow-release ${entry}` },
    ]);
  });

  it("--allow-release alone does not pass a rename connect-numbers' provider refuses: it blocks and says the stack's command", async () => {
    const { code, body } = await json(["check", RENAME, "--quota", "20", ...warn, "--allow-release", "support"]);
    expect(code).toBe(1);
    expect(body.renames[0]).toMatchObject({ acceptedBy: null, blocking: true });
    expect(body.renames[0].stackOnly).toContain(
      "--allow-release support names it, but the provider reads only the stack's connect-numbers:allowReleases",
    );
    expect(body.renames[0].stackOnly).toContain(
      "`pulumi config set --path 'connect-numbers:allowReleases[<next free index>]' 'support' --type string`",
    );
    expect(body.renames[0].stackOnly).toContain("cannot read that list");
  });

  it("the same change with an alias keeps the number: nothing claimed, released or found", async () => {
    const { code, body } = await json(["check", file("pulumi-preview-rename-alias.json"), "--quota", "20", ...warn]);
    expect(code).toBe(0);
    expect(body).toMatchObject({ claims: 0, releases: 0, renames: [], released: [] });
  });

  it("a Terraform rename without a moved block", async () => {
    const { code, body } = await json(["check", file("terraform-plan-rename.json"), "--quota", "20", ...warn]);
    expect(code).toBe(1);
    expect(body.renames[0].fix.terraform).toBe(
      "moved {\n  from = aws_connect_phone_number.support\n  to   = aws_connect_phone_number.support_main\n}",
    );
    for (const format of FORMATS) {
      const r = await cli(["check", file("terraform-plan-rename.json"), "--quota", "20", ...warn, "--format", format]);
      expect(
        `${format} ${r.code} ${r.stdout.includes("moved { from = aws_connect_phone_number.support to = aws_connect_phone_number.support_main }")}`,
      ).toBe(`${format} 1 true`);
    }
  });

  it("plan-waves refuses to schedule a rename, and says why", async () => {
    const r = await cli(["plan-waves", RENAME, "--quota", "20", ...warn]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^No schedule for this plan: it renames a resource without an alias, which would lose the number: .*::support releases/,
    );
    expect(r.stdout).not.toContain("pulumi up");
  });
});

describe("every released number is shown", () => {
  const PLAN = file("pulumi-preview-changes-replacement-steps.json");

  it("in text, markdown and github output, with its resource, even within budget; JSON has them too", async () => {
    const { code, body } = await json(["check", PLAN, "--quota", "20", ...warn]);
    expect(code).toBe(0);
    expect(body.released).toHaveLength(2);
    for (const format of ["text", "markdown", "github"]) {
      const r = await cli(["check", PLAN, "--quota", "20", ...warn, "--format", format]);
      expect(r.code).toBe(0);
      for (const x of body.released) {
        expect(r.stdout).toContain(x.phoneNumber);
        expect(r.stdout).toContain(x.resource);
      }
    }
  });

  it("--fail-on release blocks any release that --allow-release does not name", async () => {
    const { code, body } = await json(["check", PLAN, "--quota", "20", ...warn, "--fail-on", "release"]);
    expect(code).toBe(1);
    expect(body.blockedBy).toEqual(["release"]);
    const allowed = body.released.flatMap((x: { phoneNumber: string }) => ["--allow-release", x.phoneNumber]);
    const accepted = await json([
      "check",
      PLAN,
      "--quota",
      "20",
      ...warn,
      "--fail-on",
      "release",
      ...allowed,
      "--allow-release",
      "+19995550000",
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.body.released.every((x: { acceptedBy: string | null }) => x.acceptedBy !== null)).toBe(true);
    expect(accepted.body.unmatchedAllowRelease).toEqual(["+19995550000"]);
  });

  it("a new resource that adopts (phoneNumberId) the number a removed resource holds takes it over: no release, and the hand-over is said", async () => {
    const plan = JSON.parse(fixture("pulumi-preview-changes-replacement-steps.json"));
    const removed = plan.steps.find((s: { op: string }) => s.op === "delete");
    const adopting = plan.steps.find((s: { op: string }) => s.op === "create");
    adopting.newState.inputs.phoneNumberId = removed.oldState.outputs.phoneNumberId;
    const r = await cli(["check", "-", "--quota", "20", ...warn, "--fail-on", "release", "--format", "json"], {
      stdin: JSON.stringify(plan),
    });
    const body = JSON.parse(r.stdout);
    // Only the replacement of `support` is left: its claim and its release.
    expect(body).toMatchObject({ claims: 1, releases: 1 });
    expect(body.released.map((x: { resource: string }) => x.resource)).toEqual([expect.stringMatching(/::support$/)]);
    expect(body.input.notes).toContainEqual(
      expect.stringMatching(
        /::helpline adopts \+18005553103 .* from .*::overflow, which the plan removes: a hand-over, not a release/,
      ),
    );
    const text = await cli(["check", "-", "--quota", "20", ...warn], { stdin: JSON.stringify(plan) });
    expect(text.stdout).toMatch(/note: .*::helpline adopts \+18005553103/);
  });

  it("sees numbers of the Terraform AWS Cloud Control provider (awscc_connect_phone_number) as it sees aws_connect_phone_number", async () => {
    const instance = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555";
    const arn = "arn:aws:connect:us-east-1:123456789012:phone-number/pn-awscc";
    const change = (name: string, actions: string[], before: object | null, after: object | null) => ({
      address: `awscc_connect_phone_number.${name}`,
      mode: "managed",
      type: "awscc_connect_phone_number",
      name,
      provider_name: "registry.terraform.io/hashicorp/awscc",
      change: {
        actions,
        before,
        after,
        after_unknown: after ? { address: true, id: true, phone_number_arn: true } : {},
      },
    });
    const plan = {
      format_version: "1.2",
      terraform_version: "1.9.8",
      planned_values: { root_module: {} },
      resource_changes: [
        change(
          "support",
          ["delete"],
          {
            address: "+18005550100",
            country_code: "US",
            id: arn,
            phone_number_arn: arn,
            prefix: null,
            target_arn: instance,
            type: "TOLL_FREE",
          },
          null,
        ),
        change("support_main", ["create"], null, {
          country_code: "US",
          prefix: "+1800",
          target_arn: instance,
          type: "TOLL_FREE",
        }),
      ],
      applyable: true,
      complete: true,
      errored: false,
    };
    const r = await cli(["check", "-", "--quota", "20", ...warn, "--format", "json"], { stdin: JSON.stringify(plan) });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ claims: 1, releases: 1, blockedBy: ["rename"] });
    expect(body.released).toEqual([
      expect.objectContaining({
        resource: "awscc_connect_phone_number.support",
        phoneNumber: "+18005550100",
        phoneNumberId: "pn-awscc",
        reason: "delete",
      }),
    ]);
    expect(body.renames).toEqual([
      expect.objectContaining({
        kind: "reclaim",
        released: "awscc_connect_phone_number.support",
        claim: "awscc_connect_phone_number.support_main",
      }),
    ]);
  });

  it("counts a pending delete, a deleteBeforeReplace replacement and a retained number exactly as AWS will see them (real captures)", async () => {
    const pending = (await json(["check", file("pulumi-preview-pending-delete.json"), "--quota", "20", ...warn])).body;
    expect(pending).toMatchObject({ claims: 0, releases: 1 });
    expect(pending.released).toEqual([
      expect.objectContaining({ reason: "pending-delete", resource: expect.stringMatching(/::support$/) }),
    ]);
    const dbr = (await json(["check", file("pulumi-preview-delete-before-replace.json"), "--quota", "20", ...warn]))
      .body;
    expect(dbr).toMatchObject({ claims: 1, releases: 1 });
    const retained = (await json(["check", file("pulumi-preview-retain.json"), "--quota", "20", ...warn])).body;
    expect(retained).toMatchObject({ claims: 0, releases: 0, released: [] });
  });
});

describe("an account already over budget before the plan", () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir("cn-over-")));
  afterEach(() => t.cleanup());

  it("is said plainly in every format, even for a plan that adds nothing", async () => {
    const history = t.write(
      "history.jsonl",
      historyLines(
        Array.from({ length: 12 }, (_, i) => ({
          time: `2026-05-${String(i + 1).padStart(2, "0")}T00:00:00Z`,
          action: "claim",
          phoneNumberId: `pn-${i}`,
        })),
      ),
    );
    const args = [
      "check",
      file("pulumi-preview-rename-alias.json"),
      "--quota",
      "5",
      "--now",
      NOW,
      "--history",
      history,
    ];
    const md = await cli([...args, "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).not.toContain("✅");
    expect(md.stdout).toContain("### ⚠️ Account already over its phone-number churn budget (12 of 10)");
    expect(md.stdout).toContain("**2 over already**");
    expect((await cli([...args, "--format", "text"])).stdout).toMatch(/^WARNING: Account already over/);
    expect((await cli([...args, "--format", "github"])).stdout).toMatch(/^::warning title=Account already over/m);
    expect((await json(args)).body).toMatchObject({ ok: true, overBefore: 2, used: 12 });
    const sarif = JSON.parse((await cli([...args, "--format", "sarif"])).stdout);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual([
      "connect-phone-number-over-budget-before",
    ]);
  });
});

describe("output is complete whatever stdout is and whatever its size", () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => (t = tempDir("cn-big-")));
  afterAll(() => t.cleanup());

  it("pipes more than 1 MB of JSON and of markdown (every release listed) through a child process", async () => {
    const n = 9_000;
    const urn = (i: number) => `urn:pulumi:dev::big::${TYPE}::number-${i}`;
    const steps = Array.from({ length: n }, (_, i) => ({
      op: "delete",
      urn: urn(i),
      oldState: {
        urn: urn(i),
        type: TYPE,
        id: `pn-${i}`,
        outputs: { phoneNumber: `+1206${String(5_000_000 + i).padStart(7, "0")}`, phoneNumberId: `pn-${i}` },
      },
    }));
    const plan = t.write("big.json", JSON.stringify({ steps, changeSummary: { delete: n } }));
    const out = await cli(["check", plan, "--quota", "10000", ...warn, "--format", "json"]);
    expect(out.code).toBe(0);
    expect(Buffer.byteLength(out.stdout)).toBeGreaterThan(1 << 20);
    expect(JSON.parse(out.stdout).released).toHaveLength(n);
    const md = await cli(["check", plan, "--quota", "10000", ...warn, "--format", "markdown"]);
    expect(Buffer.byteLength(md.stdout)).toBeGreaterThan(1 << 20);
    expect(md.stdout.match(/^\| \+1206\d{7} \(pn-\d+\) \|/gm)).toHaveLength(n);
    expect(md.stdout.trimEnd().endsWith("</sub>")).toBe(true);
  });

  it("keeps its own exit code, and says nothing on stderr, when the reader stops early (`| head`)", async () => {
    const n = 9_000;
    const urn = (i: number) => `urn:pulumi:dev::big::${TYPE}::number-${i}`;
    const steps = Array.from({ length: n }, (_, i) => ({
      op: "delete",
      urn: urn(i),
      oldState: {
        urn: urn(i),
        type: TYPE,
        id: `pn-${i}`,
        outputs: { phoneNumber: `+1206${String(5_000_000 + i).padStart(7, "0")}` },
      },
    }));
    const plan = t.write("head.json", JSON.stringify({ steps, changeSummary: { delete: n } }));
    const pipeline = (args: string) =>
      runProcess("bash", ["-c", `${BIN} ${args} 2>err.txt | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
        cwd: t.dir,
      });
    // 9,000 releases against a quota of 10: over budget, exit 1, whoever reads only the first line.
    expect((await pipeline(`check ${plan} --quota 10 --unseen-history warn --format json`)).stdout.trim()).toBe("1");
    expect(fs.readFileSync(path.join(t.dir, "err.txt"), "utf8")).not.toMatch(/EPIPE|Error/);
    expect((await pipeline("check --help")).stdout.trim()).toBe("0");
    expect(fs.readFileSync(path.join(t.dir, "err.txt"), "utf8")).toBe("");
  });
});

describe("SARIF that GitHub code scanning accepts", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/schemas/sarif-schema-2.1.0.json"), "utf8"));
  // The OASIS schema is draft-04; ajv 8 reads it as draft-07 once the draft-04 `id` is its `$id` (the keywords it
  // uses mean the same in both).
  const { $schema, id, ...body } = schema;
  void $schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile({ ...body, $id: id });
  const programDir = path.join(REPO_ROOT, "test/e2e/programs/cli-numbers");

  it.each([
    ["a rename", [file("pulumi-preview-rename.json"), "--quota", "20"]],
    [
      "over budget at 150% over 30 days, a release under --fail-on",
      [
        file("pulumi-preview-changes-replacement-steps.json"),
        "--quota",
        "1",
        "--ratio-percent",
        "150",
        "--window-days",
        "30",
        "--fail-on",
        "release",
      ],
    ],
    ["a Terraform plan", [file("terraform-plan.json"), "--quota", "1"]],
    ["a plan from standard input", ["-", "--quota", "1"]],
  ])("%s: valid 2.1.0, every result located, fingerprinted and tied to a rule with help", async (_, args) => {
    const r = await cli(["check", ...args, ...warn, "--project-dir", programDir, "--format", "sarif"], {
      env: { GITHUB_WORKSPACE: REPO_ROOT },
      stdin: fixture("pulumi-preview-changes-replacement-steps.json"),
    });
    const sarif = JSON.parse(r.stdout);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const run = sarif.runs[0];
    const rules = new Map(run.tool.driver.rules.map((rule: { id: string; help: { text: string } }) => [rule.id, rule]));
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(rules.get(result.ruleId)).toMatchObject({ help: { text: expect.any(String) } });
      expect(result.locations[0].physicalLocation).toMatchObject({
        artifactLocation: { uri: expect.any(String) },
        region: { startLine: expect.any(Number) },
      });
      expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(r.stdout).not.toMatch(args.includes("--ratio-percent") ? /200%/ : /150%/);
    if (args.includes("--ratio-percent"))
      expect(
        run.results.find((x: { ruleId: string }) => x.ruleId === "connect-phone-number-churn").message.text,
      ).toContain("150% of quota 1");
  });

  it("locates a Pulumi resource at the program line that declares it, and fingerprints stably", async () => {
    const run = async () =>
      JSON.parse(
        (
          await cli(
            [
              "check",
              file("pulumi-preview-rename.json"),
              "--quota",
              "20",
              ...warn,
              "--project-dir",
              programDir,
              "--format",
              "sarif",
            ],
            { env: { GITHUB_WORKSPACE: REPO_ROOT } },
          )
        ).stdout,
      ).runs[0];
    const first = await run();
    const rename = first.results.find((x: { ruleId: string }) => x.ruleId === "connect-phone-number-rename");
    const { artifactLocation, region } = rename.locations[0].physicalLocation;
    expect(artifactLocation).toEqual({ uri: "test/e2e/programs/cli-numbers/index.ts", uriBaseId: "%SRCROOT%" });
    expect(fs.readFileSync(path.join(programDir, "index.ts"), "utf8").split("\n")[region.startLine - 1]).toContain(
      "new connect.PhoneNumber",
    );
    expect((await run()).results.map((x: { partialFingerprints: object }) => x.partialFingerprints)).toEqual(
      first.results.map((x: { partialFingerprints: object }) => x.partialFingerprints),
    );
  });
});

describe("plan-waves prints commands a shell runs as they are", () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir("cn-waves-");
    // A fake pulumi and terraform that print their arguments as JSON.
    for (const tool of ["pulumi", "terraform"]) {
      const bin = t.write(`bin/${tool}`, `#!/usr/bin/env node\nconsole.log(JSON.stringify(process.argv.slice(2)));\n`);
      fs.chmodSync(bin, 0o755);
    }
  });
  afterAll(() => t.cleanup());

  const NASTY = ["it's", "$(touch pwned) `touch pwned` $HOME", "two words\nand a line", 'a"b\\c;d|e&f'];

  async function commandsOf(plan: string): Promise<string[][]> {
    const r = await cli(["plan-waves", plan, "--quota", "1", ...warn], { cwd: t.dir });
    expect(r.code).toBe(0);
    // A command starts two spaces in and runs until the next blank line (a quoted value may hold a newline).
    const commands = r.stdout.split(/\n(?=\n|wave )/).flatMap((block) => {
      const at = block.indexOf("\n  ");
      return at < 0 ? [] : [block.slice(at + 3).trimEnd()];
    });
    const argvs: string[][] = [];
    for (const command of commands) {
      const run = await runProcess("sh", ["-c", command], {
        cwd: t.dir,
        env: { ...process.env, PATH: `${path.join(t.dir, "bin")}:${process.env.PATH}` },
      });
      expect(run.code).toBe(0);
      argvs.push(JSON.parse(run.stdout));
    }
    expect(fs.existsSync(path.join(t.dir, "pwned"))).toBe(false);
    return argvs;
  }

  it("Pulumi URNs with quotes, dollars, spaces and newlines", async () => {
    const urns = NASTY.map((name) => `urn:pulumi:dev::p::${TYPE}::${name}`);
    const steps = urns.map((urn) => ({
      op: "create",
      urn,
      newState: { urn, type: TYPE, inputs: { countryCode: "US", type: "DID" } },
    }));
    const plan = t.write("pulumi.json", JSON.stringify({ steps, changeSummary: { create: steps.length } }));
    const argvs = await commandsOf(plan);
    expect(argvs.flatMap((argv) => argv.filter((_, i) => argv[i - 1] === "--target"))).toEqual(urns);
    for (const argv of argvs) expect(argv.slice(0, 2)).toEqual(["up", "--target"]);
  });

  it("Terraform addresses with quotes and dollars", async () => {
    const addresses = NASTY.map((key) => `aws_connect_phone_number.n[${JSON.stringify(key)}]`);
    const resource_changes = addresses.map((address) => ({
      address,
      mode: "managed",
      type: "aws_connect_phone_number",
      change: { actions: ["create"], before: null, after: { country_code: "US", type: "DID" } },
    }));
    const plan = t.write(
      "terraform.json",
      JSON.stringify({ format_version: "1.2", resource_changes, errored: false, complete: true }),
    );
    const argvs = await commandsOf(plan);
    expect(argvs.flatMap((argv) => argv.slice(1))).toEqual(addresses.map((a) => `-target=${a}`));
  });
});

describe("the active-number quota, per instance, read from the account with --cloudtrail", () => {
  it("blocks a claim on a full instance and lets one through on another", async () => {
    const emu = await startEmulator({ quota: 2 });
    const t = tempDir("cn-active-");
    try {
      const info = await emu.control.info();
      const [full, other] = [info.instances[0], info.trafficDistributionGroups[0]];
      await emu.control.seed({ numbers: [{ targetArn: full }, { targetArn: full }] });
      const plan = (target: string) => {
        const urn = `urn:pulumi:dev::p::${TYPE}::extra`;
        return t.write(
          `plan-${target.length}.json`,
          JSON.stringify({
            steps: [
              {
                op: "create",
                urn,
                newState: { urn, type: TYPE, inputs: { countryCode: "US", type: "DID", targetArn: target } },
              },
            ],
            changeSummary: { create: 1 },
          }),
        );
      };
      const history = t.write("history.jsonl", "");
      const account = ["--cloudtrail", "--endpoint", emu.endpoint, "--region", emu.region, "--history", history];
      const blocked = await json(["check", plan(full), ...account]);
      expect(blocked.code).toBe(1);
      expect(blocked.body.blockedBy).toEqual(["over-active-quota"]);
      expect(blocked.body.message).toContain(
        `3 numbers active on instance/${full.split("/").pop()}, more than the quota of 2 per instance`,
      );
      expect((await json(["check", plan(other), ...account])).code).toBe(0);
    } finally {
      t.cleanup();
      await emu.stop();
    }
  });
});

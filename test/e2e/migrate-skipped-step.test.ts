import { ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { cli, tempDir } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import { installStandInAws } from "./stand-in-aws/install";

const AWS_TYPE = "aws:connect/phoneNumber:PhoneNumber";
const PACK = path.join(REPO_ROOT, "policies");
const PACK_POLICIES = ["connect-phone-number-rename", "connect-phone-number-report", "connect-phone-number-churn"];
const OLD = ["line-0", "line-1"].map((name) => ({ name, countryCode: "US", type: "DID", prefix: "+1212" }));

interface Verdict {
  releases: number;
  blockedBy: string[];
  message: string;
  released: Array<{
    resource: string;
    refused: { reason: string; message: string } | null;
    declaredElsewhere: { holderStack: string; message: string } | null;
  }>;
}

/**
 * A migration whose first step was skipped: the numbers are adopted by connect-numbers (tagged for its stack, in the
 * ledger's ownership index) while the old resources still hold them, and a later plan removes the old resources
 * without letting them go first. Their provider's delete calls ReleasePhoneNumber on numbers a stack declares.
 */
describe("migrate, first step skipped: another package's delete of a number connect-numbers holds is blocked", () => {
  let s: NumbersStack;
  let t: ReturnType<typeof tempDir>;
  let held: Array<{ id: string; arn: string; number: string }>;
  afterAll(async () => {
    await s?.cleanup();
    t?.cleanup();
  });

  const program = () => s.ws.programDir;
  /** --cloudtrail against this emulator, its history file vouching for the days before it started. */
  const account = () => [
    "--cloudtrail",
    ...Object.entries({
      endpoint: s.emu.endpoint,
      region: s.emu.region,
      history: path.join(s.ws.root, "churn-history.jsonl"),
      format: "json",
    }).flatMap(([k, v]) => [`--${k}`, v]),
  ];
  const run = async (command: "check" | "plan-waves", file: string, extra: string[] = account()) => {
    const r = await cli([command, file, ...extra], { cwd: program(), env: s.ws.env });
    if (!r.stdout.startsWith("{")) throw new Error(`${command} printed no JSON (exit ${r.code}): ${r.stderr}`);
    return { code: r.code, body: JSON.parse(r.stdout) };
  };
  /** `terraform show -json` of a plan that destroys these aws_connect_phone_number instances. */
  const terraformDestroy = (numbers: Array<{ id: string; arn: string; number: string }>) =>
    t.write(
      `tf-${numbers.map((n) => n.id).join("-")}.json`,
      JSON.stringify({
        format_version: "1.2",
        terraform_version: "1.9.8",
        planned_values: { root_module: {} },
        resource_changes: numbers.map((n, i) => ({
          address: `aws_connect_phone_number.line[${i}]`,
          mode: "managed",
          type: "aws_connect_phone_number",
          name: "line",
          index: i,
          provider_name: "registry.terraform.io/hashicorp/aws",
          change: {
            actions: ["delete"],
            before: {
              arn: n.arn,
              id: n.id,
              country_code: "US",
              phone_number: n.number,
              prefix: "+1212",
              target_arn: s.instanceArn,
              type: "DID",
            },
            after: null,
            after_unknown: {},
          },
        })),
        applyable: true,
        complete: true,
        errored: false,
      }),
    );

  it("sets up: two pulumi-aws numbers, then adopted by connect-numbers while the old resources still declare them", async () => {
    s = await numbersStack({ quota: 40 }, "test/e2e/programs/aws-numbers");
    t = tempDir("cn-skipped-");
    await installStandInAws(s.ws, s.emu);
    await s.ws.setConfig({ awsNumbers: JSON.stringify(OLD), loadMigrated: false });
    await s.ws.pulumiOk(["up", "--yes", "--non-interactive", "--skip-preview", "--parallel", "1"]);
    const migrated = path.join(program(), "migrated-numbers.ts");
    expect((await cli(["migrate", "--cwd", program(), "--out", migrated], { env: s.ws.env })).code).toBe(0);
    // The skipped step: adopting without retainOnDelete on the old resources, which stay declared for now.
    await s.ws.setConfig({ loadMigrated: true });
    await s.ws.pulumiOk(["up", "--yes", "--non-interactive"]);
    const list =
      (await s.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1000 }))).ListPhoneNumbersSummaryList ?? [];
    held = list.map((n) => ({ id: n.PhoneNumberId!, arn: n.PhoneNumberArn!, number: n.PhoneNumber! }));
    expect(held).toHaveLength(2);
  });

  it("Terraform: a plan destroying them is blocked by check and plan-waves, naming the address, number, stack and fix", async () => {
    const file = terraformDestroy(held);
    const gate = await run("check", file);
    expect(gate.code).toBe(1);
    const body = gate.body as Verdict;
    // Its own finding, not a provider's refusal: no provider of ours refuses another package's delete.
    expect(body.blockedBy).toEqual(["declared-elsewhere"]);
    expect(body.released.map((r) => [r.refused, r.declaredElsewhere?.holderStack])).toEqual([
      [null, "shop/dev"],
      [null, "shop/dev"],
    ]);
    const first = body.released.find((r) => r.resource === "aws_connect_phone_number.line[0]")!;
    expect(first.declaredElsewhere!.message).toContain(
      `aws_connect_phone_number.line[0] deletes ${held[0].number} (${held[0].id}), which connect-numbers stack shop/dev (`,
    );
    expect(first.declaredElsewhere!.message).toContain(
      "replace its resource block with removed { from = aws_connect_phone_number.line lifecycle { destroy = false } }",
    );
    expect(first.declaredElsewhere!.message).toContain("`terraform state rm 'aws_connect_phone_number.line[0]'`");
    expect(body.message).toContain(
      "2 of these releases are blocked, whatever --allow-release says: aws_connect_phone_number.line[0] deletes ",
    );
    expect(body.message).not.toContain("The provider would refuse");

    const waves = await run("plan-waves", file);
    expect(waves.code).toBe(1);
    expect(waves.body.feasible).toBe(false);
    expect(waves.body.reason).toContain("numbers connect-numbers stacks hold, which no wave may release");

    // Without --cloudtrail nothing is read: check says what it did not see.
    const blind = await cli(["check", file, "--quota", "40", "--unseen-history", "warn", "--format", "json"], {
      cwd: t.dir,
    });
    expect(blind.stdout).toContain(
      "Without --cloudtrail check cannot see whether a connect-numbers stack now holds the number",
    );
  });

  it("Terraform: a destroy of a number no connect-numbers stack holds is an ordinary release", async () => {
    const seeded = await s.emu.control.seed({
      numbers: [{ targetArn: s.instanceArn, countryCode: "US", type: "DID" }],
    });
    const n = seeded.numbers[0];
    const arn = `${s.instanceArn.replace(/:instance\/.*$/, "")}:phone-number/${n.phoneNumberId}`;
    const gate = await run("check", terraformDestroy([{ id: n.phoneNumberId, arn, number: n.phoneNumber }]));
    expect(gate.code).toBe(0);
    expect((gate.body as Verdict).released.map((r) => [r.refused, r.declaredElsewhere])).toEqual([[null, null]]);
  });

  it("Pulumi: removing the old pulumi-aws resources is blocked by check and plan-waves; removing their holders too is an ordinary release", async () => {
    await s.ws.setConfig({ awsNumbers: "[]" });
    const { result } = await s.ws.previewJson({ extraArgs: ["--show-replacement-steps"] });
    const file = t.write("pulumi-plan.json", result.stdout);
    const gate = await run("check", file);
    expect(gate.code).toBe(1);
    const releases = (gate.body as Verdict).released;
    expect(releases.map((r) => [r.refused, r.declaredElsewhere?.holderStack])).toEqual([
      [null, "shop/dev"],
      [null, "shop/dev"],
    ]);
    const urn = `urn:pulumi:dev::shop::${AWS_TYPE}::line-0`;
    const line0 = releases.find((r) => r.resource === urn)!;
    expect(line0.declaredElsewhere!.message).toContain("which connect-numbers stack shop/dev (");
    expect(line0.declaredElsewhere!.message).toContain(`\`pulumi state delete '${urn}'\``);
    expect((await run("plan-waves", file)).code).toBe(1);

    // The pack: CrossGuard shows no delete, but the stack's state (read because line-0 and line-1 adopt the numbers
    // they hold) shows the removed resources and their retainOnDelete.
    const config = { endpoint: s.emu.endpoint, region: s.emu.region, historyFiles: [], unseenHistory: "warn" };
    const pack = await s.ws.preview({
      policyPacks: [{ dir: PACK, config: Object.fromEntries(PACK_POLICIES.map((p) => [p, config])) }],
    });
    expect(pack.code).not.toBe(0);
    const blocked = pack.stdout
      .split(/\n\s+- \[/)
      .filter((v) => v.startsWith("mandatory]  connect-phone-number-rename "));
    expect(blocked).toHaveLength(2);
    expect(pack.stdout).toContain(`${urn} deletes `);
    expect(pack.stdout).toContain("which connect-numbers stack shop/dev (");

    // The holders removed in the same plan: the number is released, as any removal releases it; not this rule's.
    await s.ws.setConfig({ loadMigrated: false });
    const both = await s.ws.previewJson({ extraArgs: ["--show-replacement-steps"] });
    const all = await run("check", t.write("pulumi-both.json", both.result.stdout));
    expect((all.body as Verdict).released.filter((r) => r.refused || r.declaredElsewhere)).toEqual([]);
  });
});

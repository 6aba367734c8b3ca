import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ListPhoneNumbersV2Command, ListTagsForResourceCommand } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as path from "node:path";
import { openLedger } from "../../ledger";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { cli } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import { installStandInAws } from "./stand-in-aws/install";

const AWS_TYPE = "aws:connect/phoneNumber:PhoneNumber";
const OUR_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const PACK = path.join(REPO_ROOT, "policies");
const RENAME = "connect-phone-number-rename";
const REPORT = "connect-phone-number-report";

/** 25 numbers as a pulumi-aws stack holds them: searched DIDs in two area codes and toll-free, some described and tagged. */
const OLD = Array.from({ length: 25 }, (_, i) => ({
  name: `line-${i}`,
  countryCode: "US",
  type: i < 20 ? "DID" : "TOLL_FREE",
  ...(i < 20 ? { prefix: i % 2 === 0 ? "+1212" : "+1415" } : {}),
  ...(i % 5 === 0 ? { description: `Line ${i}` } : {}),
  ...(i % 3 === 0 ? { tags: { team: i % 2 === 0 ? "cx" : "sales" } } : {}),
}));

interface Step {
  title: string;
  commands: string[];
}

describe("migrate: a pulumi-aws stack of 25 numbers to connect-numbers through the real CLI, at zero churn", () => {
  let s: NumbersStack;
  let before: Array<{ id: string; number: string; tags: Record<string, string> }>;
  let steps: Step[];
  afterAll(() => s?.cleanup());

  const program = () => s.ws.programDir;
  const migratedFile = () => path.join(program(), "migrated-numbers.ts");
  const migrate = (...args: string[]) => cli(["migrate", "--cwd", program(), ...args], { env: s.ws.env });
  const packConfig = () =>
    Object.fromEntries(
      [RENAME, REPORT, "connect-phone-number-churn"].map((p) => [
        p,
        { endpoint: s.emu.endpoint, region: s.emu.region, historyFiles: [], ledger: "off", unseenHistory: "warn" },
      ]),
    );
  const packPreview = () => s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig() }] });
  /** `pulumi preview --json --show-replacement-steps | connect-numbers check`, in the project (its stack config). */
  const check = async () => {
    const { result } = await s.ws.previewJson({ extraArgs: ["--show-replacement-steps"] });
    const r = await cli(["check", "-", "--cloudtrail", "--format", "json", "--unseen-history", "warn"], {
      cwd: program(),
      env: s.ws.env,
      stdin: result.stdout,
    });
    if (!r.stdout.startsWith("{")) throw new Error(`check printed no verdict (exit ${r.code}): ${r.stderr}`);
    return {
      code: r.code,
      body: JSON.parse(r.stdout) as {
        claims: number;
        releases: number;
        blockedBy: string[];
        renames: Array<{ kind: string; fix: { pulumi: string } }>;
        message: string;
      },
      stderr: r.stderr,
    };
  };
  const declareOld = (options: { retainOnDelete?: boolean } = {}) =>
    s.ws.setConfig({ awsNumbers: JSON.stringify(OLD.map((n) => ({ ...n, ...options }))), loadMigrated: false });
  const declareMigrated = () => s.ws.setConfig({ awsNumbers: "[]", loadMigrated: true });
  const held = async () => {
    const list =
      (await s.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1000 }))).ListPhoneNumbersSummaryList ?? [];
    return Promise.all(
      list.map(async (n) => ({
        id: n.PhoneNumberId!,
        number: n.PhoneNumber!,
        tags: (await s.connect.send(new ListTagsForResourceCommand({ resourceArn: n.PhoneNumberArn! }))).tags ?? {},
      })),
    );
  };
  const churnAtAws = async () => (await s.emu.control.events()).map((e) => e.action);

  it("sets up: 25 numbers claimed by the stand-in pulumi-aws plugin", async () => {
    s = await numbersStack({ quota: 40 }, "test/e2e/programs/aws-numbers");
    await installStandInAws(s.ws, s.emu);
    // As a list, the form `connect-numbers check` reads from the stack config as well as the provider.
    const history = path.join(s.ws.root, "churn-history.jsonl");
    await s.ws.pulumiOk(["config", "rm", "connect-numbers:historyFiles"]);
    await s.ws.pulumiOk(["config", "set", "--path", "connect-numbers:historyFiles[0]", history]);
    await declareOld();
    // One at a time: concurrent searches are offered the same number and all but one claim fails, in pulumi-aws as
    // in Terraform (terraform-provider-aws#45572), and the stand-in searches as they do.
    await s.ws.pulumiOk(["up", "--yes", "--non-interactive", "--skip-preview", "--parallel", "1"]);
    before = await held();
    expect(before).toHaveLength(25);
    expect((await s.ws.stackExport()).deployment.resources!.filter((r) => r.type === AWS_TYPE)).toHaveLength(25);
    expect(await churnAtAws()).toEqual(Array(25).fill("claim"));
  });

  it("migrate reads the stack through the pulumi CLI, writes the adopting program and lists the steps in order", async () => {
    const r = await migrate("--out", migratedFile(), "--format", "json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      tool: string;
      numbers: Array<{ phoneNumberId: string }>;
      steps: Step[];
      program: string;
    };
    expect(out.tool).toBe("pulumi");
    expect(out.numbers.map((n) => n.phoneNumberId).sort()).toEqual(before.map((n) => n.id).sort());
    steps = out.steps;
    expect(steps.map((st) => st.title)).toEqual([
      "Set retainOnDelete: true on the 25 old resources, and apply that alone",
      "Adopt the 25 numbers with connect-numbers",
      "Verify",
    ]);
    expect(fs.readFileSync(migratedFile(), "utf8")).toBe(out.program);
    expect(out.program.match(/new connect\.PhoneNumber\(/g)).toHaveLength(25);
    const text = await migrate();
    expect(text.stdout).toContain(
      "25 Connect numbers in stack shop/dev to adopt with connect-numbers at zero churn. Do these steps in this order:",
    );
  });

  it("the wrong order, removing the old resources without retainOnDelete, is blocked by the pack and by check, naming the fix", async () => {
    await declareMigrated();
    const pack = await packPreview();
    expect(pack.code).not.toBe(0);
    const lost = pack.stdout.split(/\n\s+- \[/).filter((v) => v.startsWith(`mandatory]  ${RENAME} `));
    expect(lost).toHaveLength(25);
    expect(pack.stdout).toMatch(
      /A lost adoption: urn:pulumi:dev::shop::pulumi-nodejs:dynamic\/connect:PhoneNumber::line-7 adopts \+1\d+, which urn:pulumi:dev::shop::aws:connect\/phoneNumber:PhoneNumber::line-7 holds/,
    );
    expect(pack.stdout).toContain(
      "Migrate in two steps: set the resource option retainOnDelete: true on line-7 and run `pulumi up` first; then remove it and adopt",
    );

    const gate = await check();
    expect(gate.code).toBe(1);
    expect(gate.body).toMatchObject({ claims: 0, releases: 25, blockedBy: expect.arrayContaining(["rename"]) });
    expect(gate.body.renames.filter((f) => f.kind === "adopt-release")).toHaveLength(25);
    expect(gate.body.message).toContain(
      "set the resource option retainOnDelete: true on line-7 and run `pulumi up` first",
    );
    expect(await churnAtAws()).toEqual(Array(25).fill("claim"));
  });

  it("step 1: retainOnDelete on the old resources passes check with no churn and is applied", async () => {
    expect(steps[0].commands).toEqual([
      "pulumi preview --json --show-replacement-steps | npx connect-numbers check --cloudtrail",
      "pulumi up",
    ]);
    await declareOld({ retainOnDelete: true });
    const gate = await check();
    expect(gate).toMatchObject({ code: 0, body: { claims: 0, releases: 0, blockedBy: [] } });
    await s.ws.pulumiOk(["up", "--yes", "--non-interactive"]);
    const state = (await s.ws.stackExport()).deployment.resources as Array<{ type: string; retainOnDelete?: boolean }>;
    expect(state.filter((r) => r.type === AWS_TYPE && r.retainOnDelete === true)).toHaveLength(25);
    expect((await migrate("--format", "json")).stdout).toContain(
      "Let the old resources go without a release: already done",
    );
  });

  it("step 2: removing them and adopting passes the pack and check as 25 hand-overs, and is applied with 0 claims and 0 releases", async () => {
    expect(steps[1].commands).toEqual([
      "pulumi preview --policy-pack node_modules/connect-numbers/policies",
      "pulumi preview --json --show-replacement-steps | npx connect-numbers check --cloudtrail",
      "pulumi up",
    ]);
    await declareMigrated();
    const pack = await packPreview();
    expect(pack.stdout).not.toContain("[mandatory]");
    expect(pack.code).toBe(0);
    expect(pack.stdout).toMatch(/line-7 \(retainOnDelete\)/);
    const gate = await check();
    expect(gate).toMatchObject({ code: 0, body: { claims: 0, releases: 0, blockedBy: [] } });
    await s.ws.pulumiOk(["up", "--yes", "--non-interactive"]);
  });

  it("verify: every number still held, now by connect-numbers; no claim or release in CloudTrail, the emulator or the ledger", async () => {
    const after = await held();
    expect(after.map((n) => [n.id, n.number]).sort()).toEqual(before.map((n) => [n.id, n.number]).sort());
    for (const n of after) expect(n.tags["connect-numbers:stack"]).toBe("shop/dev");
    for (const old of OLD.filter((o) => o.tags)) {
      const urn = `urn:pulumi:dev::shop::${OUR_TYPE}::${old.name}`;
      expect(after.find((n) => n.tags["connect-numbers:urn"] === urn)?.tags.team).toBe(old.tags!.team);
    }
    const resources = (await s.ws.stackExport()).deployment.resources!;
    expect(resources.filter((r) => r.type === AWS_TYPE)).toEqual([]);
    const ours = resources.filter((r) => r.type === OUR_TYPE);
    expect(ours).toHaveLength(25);
    expect(ours.every((r) => r.outputs?.origin === "adopt")).toBe(true);
    const outputs = JSON.parse((await s.ws.pulumiOk(["stack", "output", "--json"])).stdout) as {
      migrated: Record<string, string>;
    };
    expect(Object.values(outputs.migrated).sort()).toEqual(before.map((n) => n.number).sort());

    expect(await churnAtAws()).toEqual(Array(25).fill("claim"));
    const trail = new CloudTrailClient({
      endpoint: s.emu.endpoint,
      region: s.emu.region,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const names = ((await trail.send(new LookupEventsCommand({ MaxResults: 50 }))).Events ?? []).map(
      (e) => e.EventName,
    );
    trail.destroy();
    expect(names.filter((n) => n === "ClaimPhoneNumber")).toHaveLength(25);
    expect(names.filter((n) => n === "ReleasePhoneNumber")).toHaveLength(0);

    const ledger = (await openLedger(`file:${path.join(s.ws.root, "state-home/connect-numbers/ledger.json")}`, {
      endpoint: s.emu.endpoint,
      region: s.emu.region,
    }))!;
    try {
      const info = await s.emu.control.info();
      const scope = { accountId: info.accountId, region: s.emu.region };
      // The ledger saw the migration (each adoption's ownership) and counted no churn for it.
      expect((await ledger.ownershipByStack(scope, "shop/dev")).map((o) => o.phoneNumberId).sort()).toEqual(
        before.map((n) => n.id).sort(),
      );
      const events = await ledger.windowEvents(scope, (await s.emu.control.clock()).ms, 180);
      expect(events.filter((e) => e.action === "claim" || e.action === "release")).toEqual([]);
    } finally {
      await ledger.close();
    }
    expect((await migrate()).stdout).toContain(
      "No pulumi-aws, aws-native, aws_connect_phone_number or awscc Connect number in stack shop/dev: nothing to migrate.",
    );
  });
});

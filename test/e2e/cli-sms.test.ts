import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as fs from "node:fs";
import * as path from "node:path";
import { PULUMI_AWS_SMS_NUMBER_TYPE, SMS_NUMBER_TYPE } from "../../core/sms";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { FIXTURES, NOW, cli, fixture, historyLines, tempDir } from "./cli-helpers";

/**
 * `connect-numbers check` and SMS origination numbers, through the real binary with its output piped: plans captured
 * from the real Pulumi CLI against the emulator (scripts/capture-sms-gate-fixtures.ts), Terraform plans written in
 * the documented format, and pulumi-aws / aws-native plans derived from real captures (no such plugin here).
 */
const FORMATS = ["text", "json", "markdown", "github", "sarif"] as const;
const warn = ["--now", NOW, "--unseen-history", "warn"];
const file = (name: string) => path.join(FIXTURES, name);
const CHANGES = file("pulumi-preview-sms-changes.json");
const PROTECTED = file("pulumi-preview-sms-protected.json");

type Step = {
  op: string;
  urn: string;
  oldState?: { type: string; id?: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> };
  newState?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
};
type Digest = { steps: Step[]; changeSummary: Record<string, number> };

/** The number a named resource holds in a captured plan's old state. */
function held(
  fixtureName: string,
  name: string,
): { phoneNumber: string; phoneNumberId: string; arn: string; urn: string } {
  const step = (JSON.parse(fixture(fixtureName)) as Digest).steps.find(
    (s) => s.urn.endsWith(`::${name}`) && s.oldState?.outputs?.phoneNumber,
  )!;
  const o = step.oldState!.outputs!;
  return {
    phoneNumber: o.phoneNumber as string,
    phoneNumberId: o.phoneNumberId as string,
    arn: o.arn as string,
    urn: step.urn,
  };
}

/** What a reader of the format reads: JSON and SARIF strings unescaped, one per line. */
function readable(format: string, stdout: string): string {
  if (format !== "json" && format !== "sarif") return stdout;
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(JSON.parse(stdout));
  return strings.join("\n");
}

async function check(args: string[], stdin?: string) {
  const r = await cli(["check", ...args, ...warn], { stdin });
  return r;
}

async function json(args: string[], stdin?: string) {
  const r = await cli(["check", ...args, ...warn, "--format", "json"], { stdin });
  return { code: r.code, stderr: r.stderr, body: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe("check lists every SMS number a plan releases, apart from Connect's, in every format", () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir("cn-sms-")));
  afterEach(() => t.cleanup());

  it("a release, a replacement and a pool number with forceDisassociate are listed; a retained number and a new one are not releases; none counts against Connect's budget", async () => {
    // The window is full (2 of 2 at quota 1): any Connect churn would block. SMS releases do not.
    const history = t.write(
      "full.jsonl",
      historyLines([
        { time: "2026-05-01T00:00:00Z", action: "claim" },
        { time: "2026-05-02T00:00:00Z", action: "release" },
      ]),
    );
    const args = [CHANGES, "--quota", "1", "--history", history];
    const { code, body } = await json(args);
    expect(code).toBe(0);
    expect(body).toMatchObject({ ok: true, claims: 0, releases: 0, used: 2, projected: 2, released: [] });
    const expected = ["alerts", "marketing", "leaving"].map((n) => held("pulumi-preview-sms-changes.json", n));
    expect(body.sms.countedInBudget).toBe(false);
    expect(
      body.sms.released
        .map((x: { resource: string; phoneNumber: string; reason: string }) => [x.resource, x.phoneNumber, x.reason])
        .sort(),
    ).toEqual(expected.map((e) => [e.urn, e.phoneNumber, e.urn.endsWith("::marketing") ? "replace" : "delete"]).sort());
    expect(
      body.sms.released.every((x: { refused: unknown; blocking: boolean }) => x.refused === null && !x.blocking),
    ).toBe(true);
    expect(
      body.sms.requested
        .map((q: { resource: string; replaces: boolean }) => [q.resource.split("::").pop(), q.replaces])
        .sort(),
    ).toEqual([
      ["marketing", true],
      ["notify", false],
    ]);
    const kept = held("pulumi-preview-sms-changes.json", "kept");
    for (const format of FORMATS) {
      const r = await check([...args, "--format", format]);
      expect(r.code).toBe(0);
      for (const e of expected) {
        expect(r.stdout).toContain(e.phoneNumber);
        expect(r.stdout).toContain(e.urn);
      }
      expect(r.stdout).not.toContain(kept.phoneNumber);
      if (format !== "sarif")
        expect(r.stdout).toMatch(
          /not counted against Connect's churn budget, since AWS documents no churn quota for SMS numbers/,
        );
      expect(r.stdout).not.toMatch(/\bfail/i);
    }
    const text = (await check(args)).stdout;
    expect(text).toMatch(/^OK: Phone-number churn within budget/);
    expect(text).toContain(
      "SMS origination numbers this plan releases (3), not counted against Connect's churn budget",
    );
  });

  it("--fail-on release blocks SMS releases too; --allow-release accepts them by number, id, ARN, resource name or URN, and says so", async () => {
    const args = [CHANGES, "--quota", "20", "--fail-on", "release"];
    const gated = await json(args);
    expect(gated.code).toBe(1);
    expect(gated.body.blockedBy).toEqual(["release"]);
    expect(gated.body.sms.released.every((x: { blocking: boolean }) => x.blocking)).toBe(true);
    expect(gated.body.message).toContain("--fail-on release: the plan releases 3 numbers no --allow-release names.");
    const [alerts, marketing, leaving] = ["alerts", "marketing", "leaving"].map((n) =>
      held("pulumi-preview-sms-changes.json", n),
    );
    const allow = [
      "--allow-release",
      alerts.phoneNumber,
      "--allow-release",
      marketing.arn,
      "--allow-release",
      "leaving",
    ];
    const partly = await json([...args, "--allow-release", alerts.phoneNumberId, "--allow-release", marketing.urn]);
    expect(partly.code).toBe(1);
    expect(
      partly.body.sms.released
        .filter((x: { blocking: boolean }) => x.blocking)
        .map((x: { resource: string }) => x.resource),
    ).toEqual([leaving.urn]);
    const accepted = await json([...args, ...allow, "--allow-release", "+19995550000"]);
    expect(accepted.code).toBe(0);
    expect(
      Object.fromEntries(
        accepted.body.sms.released.map((x: { resource: string; acceptedBy: string }) => [
          x.resource.split("::").pop(),
          x.acceptedBy,
        ]),
      ),
    ).toEqual({ alerts: alerts.phoneNumber, marketing: marketing.arn, leaving: "leaving" });
    expect(accepted.body.unmatchedAllowRelease).toEqual(["+19995550000"]);
    for (const format of ["text", "markdown", "github"]) {
      const r = await check([...args, ...allow, "--format", format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`accepted by --allow-release ${marketing.arn}`);
    }
    const sarif = JSON.parse((await check([...args, ...allow, "--format", "sarif"])).stdout);
    const smsResults = sarif.runs[0].results.filter(
      (x: { ruleId: string }) => x.ruleId === "sms-origination-number-release",
    );
    expect(smsResults).toHaveLength(3);
    expect(smsResults.every((x: { suppressions?: unknown[] }) => x.suppressions?.length === 1)).toBe(true);
  });
});

describe("a delete AWS would refuse (deletion protection, a pool) blocks at preview (exit 1), naming the number, the resource and the two-step fix", () => {
  const support = held("pulumi-preview-sms-protected.json", "support-sms");
  const pooled = held("pulumi-preview-sms-protected.json", "pooled");

  it.each([
    ["the preview digest", PROTECTED],
    ["the engine-event log (--event-log)", file("pulumi-events-sms-protected.jsonl")],
    ["the streaming JSON preview", file("pulumi-streaming-sms-protected.jsonl")],
  ])("%s: in every format", async (_, plan) => {
    const { code, body } = await json([plan, "--quota", "20"]);
    expect(code).toBe(1);
    expect(body.blockedBy).toEqual(["sms-release-refused"]);
    expect(
      body.sms.released
        .map((x: { resource: string; refused: { reason: string } }) => [x.resource, x.refused.reason])
        .sort(),
    ).toEqual(
      [
        [pooled.urn, "pool"],
        [support.urn, "deletion-protection"],
      ].sort(),
    );
    for (const format of FORMATS) {
      const r = await check([plan, "--quota", "20", "--format", format]);
      expect(r.code).toBe(1);
      const out = readable(format, r.stdout);
      expect(out).toContain(
        `OriginationNumber "support-sms" (${support.phoneNumber}, ${support.phoneNumberId}) has deletion protection on`,
      );
      expect(out).toContain(
        "1) set deletionProtectionEnabled: false, changing nothing else, and run `pulumi up`; 2) then remove the resource",
      );
      expect(out).toContain(`OriginationNumber "pooled" (${pooled.phoneNumber}, ${pooled.phoneNumberId}) is in pool`);
      expect(out).toContain("set forceDisassociate: true");
      expect(out).toContain(support.urn);
    }
    const text = (await check([plan, "--quota", "20"])).stdout;
    expect(text).toMatch(
      /^BLOCKED: Phone-number plan blocked: deletes an SMS number AWS refuses to release, so the apply would stop halfway/,
    );
    expect(text).toContain(`${support.urn}  BLOCKING: AWS refuses (deletion protection)`);
    const github = (await check([plan, "--quota", "20", "--format", "github"])).stdout;
    expect(github).toMatch(
      new RegExp(
        `^::error (file=[^,]+,line=\\d+,)?title=AWS would refuse to release SMS number \\${support.phoneNumber} \\(${support.phoneNumberId}\\)%3A the apply would stop halfway::`,
        "m",
      ),
    );
    expect((await check([plan, "--quota", "20", "--format", "markdown"])).stdout).toMatch(
      /\| ⛔ blocking: AWS refuses \(deletion protection\) \|/,
    );
  });

  it("--allow-release cannot waive it (AWS refuses whatever the gate says), and says so", async () => {
    const { code, body } = await json([
      PROTECTED,
      "--quota",
      "20",
      "--allow-release",
      support.phoneNumber,
      "--allow-release",
      "pooled",
    ]);
    expect(code).toBe(1);
    expect(body.blockedBy).toEqual(["sms-release-refused"]);
    const text = (await check([PROTECTED, "--quota", "20", "--allow-release", support.phoneNumber])).stdout;
    expect(text).toContain(
      `BLOCKING: AWS refuses (deletion protection; --allow-release ${support.phoneNumber} cannot waive it)`,
    );
  });

  it("the old instance a refused replacement left pending delete is refused again (real capture of the halfway apply)", async () => {
    const { code, body } = await json([file("pulumi-preview-sms-pending-delete.json"), "--quota", "20"]);
    expect(code).toBe(1);
    expect(body.sms.released).toEqual([
      expect.objectContaining({
        resource: expect.stringMatching(/::support-sms$/),
        reason: "pending-delete",
        refused: expect.objectContaining({ reason: "deletion-protection" }),
      }),
    ]);
  });

  it("examples/omnichannel dropping its SMS number: the Connect number stays, the SMS number is blocked (real capture)", async () => {
    const { code, body } = await json([file("pulumi-preview-omnichannel-drop-sms.json"), "--quota", "5"]);
    expect(code).toBe(1);
    expect(body).toMatchObject({ claims: 0, releases: 0, released: [], blockedBy: ["sms-release-refused"] });
    expect(body.sms.released).toEqual([
      expect.objectContaining({ resource: expect.stringMatching(/::support-sms$/), reason: "delete" }),
    ]);
  });

  it("SARIF: valid 2.1.0, the refusal an error under its own rule with help", async () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/schemas/sarif-schema-2.1.0.json"), "utf8"));
    const { $schema, id, ...rest } = schema;
    void $schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile({ ...rest, $id: id });
    const sarif = JSON.parse((await check([PROTECTED, "--quota", "20", "--format", "sarif"], undefined)).stdout);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const run = sarif.runs[0];
    const refused = run.results.filter(
      (x: { ruleId: string }) => x.ruleId === "sms-origination-number-release-refused",
    );
    expect(refused.map((x: { level: string }) => x.level)).toEqual(["error", "error"]);
    expect(
      run.tool.driver.rules.find((x: { id: string }) => x.id === "sms-origination-number-release-refused").help.text,
    ).toContain("To release it on purpose: 1)");
  });
});

describe("Terraform aws_pinpointsmsvoicev2_phone_number (a plan in the documented format)", () => {
  it("blocks the protected delete with Terraform's fix; lists a delete, a replacement and a deposed object; a forget and an import release nothing", async () => {
    const plan = file("terraform-plan-sms.json");
    const { code, body } = await json([plan, "--quota", "20"]);
    expect(code).toBe(1);
    expect(
      body.sms.released
        .map(
          (x: { resource: string; reason: string; refused: { reason: string } | null }) =>
            `${x.resource} ${x.reason} ${x.refused?.reason ?? "-"}`,
        )
        .sort(),
    ).toEqual(
      [
        "aws_pinpointsmsvoicev2_phone_number.alerts delete -",
        "aws_pinpointsmsvoicev2_phone_number.main delete -",
        "aws_pinpointsmsvoicev2_phone_number.marketing replace -",
        "aws_pinpointsmsvoicev2_phone_number.support delete deletion-protection",
      ].sort(),
    );
    expect(body.sms.requested.map((q: { resource: string }) => q.resource).sort()).toEqual([
      "aws_pinpointsmsvoicev2_phone_number.marketing",
      "aws_pinpointsmsvoicev2_phone_number.notify",
    ]);
    const text = (await check([plan, "--quota", "20"])).stdout;
    expect(text).toContain(
      'aws_pinpointsmsvoicev2_phone_number "support" (+18885550101, phone-0123456789abcdef0123456789abc001) has deletion protection on',
    );
    expect(text).toContain("1) set deletion_protection_enabled = false and `terraform apply`; 2) then remove it");
    expect(text).not.toContain("+12065550104");
  });
});

describe("pulumi-aws aws.pinpoint.Smsvoicev2PhoneNumber (the real capture, rewritten to pulumi-aws's type and schema)", () => {
  /** pulumi-aws keeps the TF schema's names in camelCase, the id apart, and has no pool argument. */
  function asPulumiAws(text: string): string {
    const d = JSON.parse(text) as Digest;
    const rewrite = (state: Step["oldState"]) => {
      if (!state || state.type !== SMS_NUMBER_TYPE) return;
      const o = state.outputs ?? {};
      state.type = PULUMI_AWS_SMS_NUMBER_TYPE;
      const props = {
        arn: o.arn,
        deletionProtectionEnabled: o.deletionProtectionEnabled,
        id: state.id,
        isoCountryCode: o.isoCountryCode,
        messageType: o.messageType,
        monthlyLeasingPrice: o.monthlyLeasingPrice,
        numberCapabilities: o.numberCapabilities,
        numberType: o.numberType,
        optOutListName: o.optOutListName,
        phoneNumber: o.phoneNumber,
        selfManagedOptOutsEnabled: o.selfManagedOptOutsEnabled,
        tags: {},
        tagsAll: {},
        twoWayChannelEnabled: o.twoWayChannelEnabled,
      };
      state.outputs = props;
      state.inputs = {
        deletionProtectionEnabled: o.deletionProtectionEnabled,
        isoCountryCode: o.isoCountryCode,
        messageType: o.messageType,
        numberCapabilities: o.numberCapabilities,
        numberType: o.numberType,
      };
    };
    for (const s of d.steps) {
      rewrite(s.oldState);
      rewrite(s.newState as Step["oldState"]);
      s.urn = s.urn.replace(SMS_NUMBER_TYPE, PULUMI_AWS_SMS_NUMBER_TYPE);
    }
    return JSON.stringify(d, null, 2);
  }

  it("blocks the protected number's delete; the pool number, which pulumi-aws cannot put in a pool, is listed as released", async () => {
    const { code, body } = await json(
      ["-", "--quota", "20"],
      asPulumiAws(fixture("pulumi-preview-sms-protected.json")),
    );
    expect(code).toBe(1);
    const support = held("pulumi-preview-sms-protected.json", "support-sms");
    const pooled = held("pulumi-preview-sms-protected.json", "pooled");
    expect(
      body.sms.released
        .map((x: { resource: string; type: string; phoneNumber: string; refused: { reason: string } | null }) => [
          x.resource.split("::").pop(),
          x.type,
          x.phoneNumber,
          x.refused?.reason ?? null,
        ])
        .sort(),
    ).toEqual([
      ["pooled", PULUMI_AWS_SMS_NUMBER_TYPE, pooled.phoneNumber, null],
      ["support-sms", PULUMI_AWS_SMS_NUMBER_TYPE, support.phoneNumber, "deletion-protection"],
    ]);
    const text = (await check(["-", "--quota", "20"], asPulumiAws(fixture("pulumi-preview-sms-protected.json"))))
      .stdout;
    expect(text).toContain(
      `aws.pinpoint.Smsvoicev2PhoneNumber "support-sms" (${support.phoneNumber}, ${support.phoneNumberId}) has deletion protection on`,
    );
  });
});

describe("fails closed (exit 3) on an SMS delete it cannot judge, like a Connect one", () => {
  const damaged = (edit: (d: Digest) => void) => {
    const d = JSON.parse(fixture("pulumi-preview-sms-protected.json")) as Digest;
    edit(d);
    return JSON.stringify(d, null, 2);
  };
  const supportStep = (d: Digest) => d.steps.find((s) => s.urn.endsWith("::support-sms"))!;

  async function refused(stdin: string, message: RegExp) {
    const r = await cli(["check", "-", "--quota", "20", ...warn], { stdin });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  }

  it("a delete whose old state names no number", async () => {
    await refused(
      damaged((d) => {
        const s = supportStep(d);
        for (const k of ["phoneNumber", "phoneNumberId", "arn"]) delete s.oldState!.outputs![k];
        delete s.oldState!.id;
      }),
      /::support-sms is deleted but the plan does not say which SMS number it holds/,
    );
  });

  it("a delete whose deletion protection is a secret: it cannot be told whether AWS would refuse", async () => {
    await refused(
      damaged((d) => (supportStep(d).oldState!.outputs!.deletionProtectionEnabled = "[secret]")),
      /::support-sms is deleted but its old state hides deletionProtectionEnabled/,
    );
  });

  it("a replacement of an SMS number without --show-replacement-steps (its pending deletes hidden)", async () => {
    const d = JSON.parse(fixture("pulumi-preview-sms-changes.json")) as Digest;
    d.steps = d.steps.filter((s) => !["create-replacement", "delete-replaced"].includes(s.op));
    await refused(
      JSON.stringify(d),
      /replaces urn:pulumi:dev::sms-numbers::pulumi-nodejs:dynamic\/sms:OriginationNumber::marketing but was made without --show-replacement-steps/,
    );
  });

  it("a Terraform plan that defers a change to an SMS number", async () => {
    const plan = JSON.parse(fixture("terraform-plan-sms.json"));
    plan.deferred_changes = [{ reason: "provider_config_unknown", resource_change: plan.resource_changes[4] }];
    await refused(
      JSON.stringify(plan),
      /deferred changes to phone numbers it cannot plan yet \(aws_pinpointsmsvoicev2_phone_number\.notify/,
    );
  });
});

describe("Connect numbers imported from End User Messaging SMS (ImportPhoneNumber) count against Connect's budget", () => {
  const SOURCE = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef";

  /** The real capture's Connect numbers, rewritten to aws-native numbers; `importer` imports an SMS number. */
  function asAwsNative(text: string, importer = "support", importedType?: string): string {
    const d = JSON.parse(text) as Digest;
    for (const s of d.steps) {
      for (const state of [s.oldState, s.newState as Step["oldState"]]) {
        if (!state || state.type !== "pulumi-nodejs:dynamic/connect:PhoneNumber") continue;
        state.type = "aws-native:connect:PhoneNumber";
        const o = state.outputs ?? state.inputs ?? {};
        const props: Record<string, unknown> = {
          targetArn: o.targetArn,
          countryCode: o.countryCode,
          type: o.type,
          address: o.phoneNumber,
          phoneNumberArn: o.phoneNumberArn ?? o.arn,
        };
        if (s.urn.endsWith(`::${importer}`)) {
          props.sourcePhoneNumberArn = SOURCE;
          if (importedType) props.type = importedType;
        }
        state.inputs = props;
        state.outputs = props;
      }
      s.urn = s.urn.replace("pulumi-nodejs:dynamic/connect:PhoneNumber", "aws-native:connect:PhoneNumber");
    }
    return JSON.stringify(d, null, 2);
  }

  it("an import is a claim (and not a search that could re-claim a released number); its release is a release, and every format says it came from SMS", async () => {
    const created = await json(["-", "--quota", "20"], asAwsNative(fixture("pulumi-preview-create.json")));
    expect(created.code).toBe(0);
    expect(created.body.claims).toBe(3);
    expect(created.body.imports).toEqual([{ resource: expect.stringMatching(/::support$/), from: SOURCE }]);
    expect(created.body.message).toContain(
      "1 Connect number imported from End User Messaging SMS (ImportPhoneNumber): each import counts as a claim against Connect's budget",
    );

    const destroyed = await json(["-", "--quota", "20"], asAwsNative(fixture("pulumi-destroy-preview.json")));
    expect(destroyed.code).toBe(0);
    expect(destroyed.body.releases).toBe(3);
    expect(
      destroyed.body.released.find((x: { resource: string }) => x.resource.endsWith("::support")).importedFrom,
    ).toBe(SOURCE);
    for (const format of ["text", "markdown", "github"]) {
      expect(
        (await check(["-", "--quota", "20", "--format", format], asAwsNative(fixture("pulumi-destroy-preview.json"))))
          .stdout,
      ).toContain(`imported from ${SOURCE}`);
    }
  });

  it("a new import of the same country and type as a number the plan releases is no re-claim: it takes the SMS number it names", async () => {
    // overflow (US TOLL_FREE) is deleted; helpline imports an SMS number, as US TOLL_FREE.
    const plan = asAwsNative(fixture("pulumi-preview-changes-replacement-steps.json"), "helpline", "TOLL_FREE");
    const { code, body } = await json(["-", "--quota", "20"], plan);
    expect(code).toBe(0);
    expect(body.renames).toEqual([]);
    expect(body).toMatchObject({ claims: 2, releases: 2 });
    // The same plan as a search (no sourcePhoneNumberArn) is the re-claim the gate blocks. (Each releasing resource
    // pairs with the plan's claims on its own, core/renames.ts: support's replaced number meets helpline's search too.)
    const searched = JSON.parse(plan) as Digest;
    for (const s of searched.steps)
      for (const st of [s.oldState, s.newState]) if (st?.inputs) delete st.inputs.sourcePhoneNumberArn;
    for (const s of searched.steps)
      for (const st of [s.oldState, s.newState]) if (st?.outputs) delete st.outputs.sourcePhoneNumberArn;
    expect((await json(["-", "--quota", "20"], JSON.stringify(searched))).body.renames).toEqual([
      expect.objectContaining({ kind: "replacement", released: expect.stringMatching(/::support$/) }),
      expect.objectContaining({ kind: "reclaim", claim: expect.stringMatching(/::helpline$/) }),
    ]);
  });
});

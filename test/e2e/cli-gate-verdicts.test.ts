import { NOW, cli, fixture } from "./cli-helpers";

/**
 * `check` says what the provider will do (issue 20, items 3, 5 and 6): a number changes hands at no churn only
 * between resources of connect-numbers; every other type's delete releases it. Plans are real captures
 * (test/fixtures) changed here only where the shape cannot be captured: pulumi-aws and aws-native have no plugin
 * on this machine, and Terraform plans are hand-written in its documented JSON format.
 */

const FORMATS = ["text", "json", "markdown", "github", "sarif"];
const judge = ["--quota", "20", "--now", NOW, "--unseen-history", "warn"];
const OURS = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/acd99e2a-3603-4cf3-a8e8-025740b65e83";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const check = async (plan: object, ...args: string[]) => {
  const r = await cli(["check", "-", ...judge, ...args, "--format", "json"], { stdin: JSON.stringify(plan) });
  return { code: r.code, body: JSON.parse(r.stdout) as Json };
};
const everyFormat = async (plan: object, args: string[], needles: string[]) => {
  for (const format of FORMATS) {
    const r = await cli(["check", "-", ...judge, ...args, "--format", format], { stdin: JSON.stringify(plan) });
    expect(`${format} ${r.code}`).toBe(`${format} 1`);
    for (const needle of needles) expect(`${format}: ${r.stdout.includes(needle)}`).toBe(`${format}: true`);
  }
};

/** The captured preview: support replaced (+18005550100 → +18005550101), helpline created (a search), overflow (+18005553103) deleted. */
const captured = () => JSON.parse(fixture("pulumi-preview-changes-replacement-steps.json")) as { steps: Json[] };
const stepOf = (plan: { steps: Json[] }, op: string, name: string) =>
  plan.steps.find((s) => s.op === op && s.urn.endsWith(`::${name}`))!;
/** The plan cut to these resources, its changeSummary counted again as Pulumi counts it (a replacement once). */
const only = (plan: { steps: Json[] }, names: string[]) =>
  withSummary({
    ...plan,
    steps: plan.steps.filter(
      (s) => s.urn.includes("pulumi:pulumi:Stack") || names.some((n) => s.urn.endsWith(`::${n}`)),
    ),
  });
function withSummary(plan: { steps: Json[] }): { steps: Json[] } {
  const changeSummary: Record<string, number> = {};
  for (const s of plan.steps)
    if (["create", "delete", "replace", "same", "update"].includes(s.op))
      changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
  return { ...plan, changeSummary } as { steps: Json[] };
}

/** The removed overflow as another package's resource, with the outputs that package records. */
function asForeign(step: Json, type: string): Json {
  const o = step.oldState.outputs;
  const arn = o.arn as string;
  const outputs =
    type === "aws-native:connect:PhoneNumber"
      ? {
          address: o.phoneNumber,
          phoneNumberArn: arn,
          countryCode: o.countryCode,
          type: o.type,
          targetArn: o.targetArn,
        }
      : { arn, phoneNumber: o.phoneNumber, countryCode: o.countryCode, type: o.type, targetArn: o.targetArn };
  const urn = step.urn.replace(OURS, type);
  return {
    ...step,
    urn,
    type,
    oldState: {
      ...step.oldState,
      urn,
      type,
      id: type === "aws-native:connect:PhoneNumber" ? arn : step.oldState.id,
      inputs: { countryCode: o.countryCode, type: o.type, targetArn: o.targetArn },
      outputs,
    },
  };
}

describe("item 3: adopting a number whose removed resource is another package's is a release, not a hand-over", () => {
  for (const type of ["aws:connect/phoneNumber:PhoneNumber", "aws-native:connect:PhoneNumber"]) {
    it(`${type}: blocked with the migration as the fix (id, ARN, or adopt + phoneNumber), the release counted and blocking under --fail-on release`, async () => {
      for (const adoption of [
        { phoneNumberId: "5a779fd3-a059-4891-aab1-bf5e93c633d9" },
        { phoneNumberId: "arn:aws:connect:us-east-1:123456789012:phone-number/5a779fd3-a059-4891-aab1-bf5e93c633d9" },
        { adopt: true, phoneNumber: "+18005553103" },
      ]) {
        const plan = only(captured(), ["overflow", "helpline"]);
        plan.steps = plan.steps.map((s) => (s.op === "delete" ? asForeign(s, type) : s));
        const create = stepOf(plan, "create", "helpline");
        create.newState.inputs = {
          ownerResource: "helpline",
          ownerStack: "numbers/dev",
          targetArn: INSTANCE,
          ...adoption,
        };
        const { code, body } = await check(plan);
        expect(code).toBe(1);
        expect(body).toMatchObject({ claims: 0, releases: 1, blockedBy: ["rename"] });
        expect(body.released).toEqual([
          expect.objectContaining({
            resource: expect.stringContaining(`${type}::overflow`),
            phoneNumber: "+18005553103",
          }),
        ]);
        expect(body.renames).toEqual([
          expect.objectContaining({
            kind: "adopt-release",
            phoneNumber: "+18005553103",
            claim: expect.stringMatching(/::helpline$/),
            blocking: true,
          }),
        ]);
        expect(body.renames[0].fix.pulumi).toContain("retainOnDelete: true on overflow");
        expect(body.input.notes.some((n: string) => n.includes("hand-over"))).toBe(false);
        const gated = await check(plan, "--fail-on", "release");
        expect(gated.body.blockedBy).toEqual(["rename", "release"]);
      }
      const plan = only(captured(), ["overflow", "helpline"]);
      plan.steps = plan.steps.map((s) => (s.op === "delete" ? asForeign(s, type) : s));
      stepOf(plan, "create", "helpline").newState.inputs = {
        ownerResource: "helpline",
        ownerStack: "numbers/dev",
        targetArn: INSTANCE,
        adopt: true,
        phoneNumber: "+18005553103",
      };
      await everyFormat(plan, [], ["+18005553103", "retainOnDelete: true on overflow"]);
    });
  }

  it("between two resources of connect-numbers it stays a hand-over: no release, said in a note", async () => {
    const plan = only(captured(), ["overflow", "helpline"]);
    stepOf(plan, "create", "helpline").newState.inputs = {
      ownerResource: "helpline",
      ownerStack: "numbers/dev",
      targetArn: INSTANCE,
      adopt: true,
      phoneNumber: "+18005553103",
    };
    const { code, body } = await check(plan, "--fail-on", "release");
    expect(code).toBe(0);
    expect(body).toMatchObject({ claims: 0, releases: 0, renames: [], released: [] });
  });
});

describe("item 5: the gate says what the provider does", () => {
  it("a rename without alias of a specific number of connect-numbers is a hand-over (0 churn, listed, not blocked); from another package it stays a blocking release", async () => {
    const plan = only(captured(), ["overflow", "helpline"]);
    stepOf(plan, "create", "helpline").newState.inputs = {
      ownerResource: "helpline",
      ownerStack: "numbers/dev",
      targetArn: INSTANCE,
      phoneNumber: "+18005553103",
    };
    const { code, body } = await check(plan, "--fail-on", "release");
    expect(code).toBe(0);
    expect(body).toMatchObject({ claims: 0, releases: 0, renames: [], released: [] });
    expect(body.input.notes).toContainEqual(
      expect.stringMatching(
        /::helpline declares \+18005553103 \(5a779fd3-.*\) from .*::overflow, which the plan removes: a hand-over, not a release/,
      ),
    );

    plan.steps = plan.steps.map((s) => (s.op === "delete" ? asForeign(s, "aws:connect/phoneNumber:PhoneNumber") : s));
    const foreign = await check(plan);
    expect(foreign.code).toBe(1);
    expect(foreign.body).toMatchObject({ claims: 1, releases: 1, blockedBy: ["rename"] });
    expect(foreign.body.renames).toEqual([expect.objectContaining({ kind: "rename", phoneNumber: "+18005553103" })]);
  });

  it("a removal of a number with deletionProtection is blocked: the provider refuses, with the fix, in every format; --allow-release cannot waive it", async () => {
    const plan = only(captured(), ["overflow"]);
    const removed = stepOf(plan, "delete", "overflow");
    removed.oldState.inputs.deletionProtection = true;
    removed.oldState.outputs.deletionProtection = true;
    const { code, body } = await check(plan, "--allow-release", "+18005553103");
    expect(code).toBe(1);
    expect(body.blockedBy).toEqual(["release-refused"]);
    expect(body.released).toEqual([
      expect.objectContaining({
        phoneNumber: "+18005553103",
        refused: expect.objectContaining({ reason: "deletion-protection" }),
        acceptedBy: "+18005553103",
        blocking: true,
      }),
    ]);
    expect(body.message).toContain("set deletionProtection: false, run `pulumi up`, then remove it");
    await everyFormat(plan, [], ["+18005553103", "deletionProtection"]);
  });

  it("`pulumi up --replace` of a specific or a searched number of connect-numbers hands it to the new instance: no claim, no release", async () => {
    // What `--replace <urn>` shows: the replacement steps with the inputs unchanged.
    const plan = only(captured(), ["support"]);
    for (const s of plan.steps.filter((x) => x.urn.endsWith("::support") && x.newState))
      s.newState.inputs = { ...s.newState.inputs, phoneNumber: "+18005550100" };
    const specific = await check(plan, "--fail-on", "release");
    expect(specific.code).toBe(0);
    expect(specific.body).toMatchObject({ claims: 0, releases: 0, released: [], renames: [] });
    expect(specific.body.input.notes).toContainEqual(
      expect.stringMatching(/::support is replaced but keeps \+18005550100 .*a hand-over, not a claim and a release/),
    );

    const searched = only(captured(), ["overflow"]);
    const removed = stepOf(searched, "delete", "overflow");
    const newState = { ...removed.oldState, inputs: removed.oldState.inputs, outputs: removed.oldState.inputs };
    searched.steps = [
      ...searched.steps.filter((s) => s !== removed),
      { ...removed, op: "create-replacement", newState },
      { ...removed, op: "replace", newState },
      { ...removed, op: "delete-replaced" },
    ];
    const kept = await check(withSummary(searched), "--fail-on", "release");
    expect(kept.code).toBe(0);
    expect(kept.body).toMatchObject({ claims: 0, releases: 0, released: [] });
  });
});

describe("item 6: Terraform plans the gate let through", () => {
  const change = (
    address: string,
    actions: string[],
    before: object | null,
    after: object | null,
    unknown: object = {},
  ) => ({
    address,
    mode: "managed",
    type: "aws_connect_phone_number",
    name: address.split(".")[1].replace(/\[.*$/, ""),
    ...(address.includes("[") ? { index: Number(/\[(\d+)\]/.exec(address)![1]) } : {}),
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, before, after, after_unknown: unknown },
  });
  const held = (phoneNumber: string, prefix: string, id: string) => ({
    arn: `arn:aws:connect:us-east-1:123456789012:phone-number/${id}`,
    country_code: "US",
    id,
    phone_number: phoneNumber,
    prefix,
    target_arn: INSTANCE,
    type: "DID",
  });
  const plan = (changes: object[]) => ({
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: {} },
    resource_changes: changes,
    applyable: true,
    complete: true,
    errored: false,
  });
  const computed = { arn: true, id: true, phone_number: true };

  it("a count index shift: each replacement claims what the next one releases; blocked, naming the chain", async () => {
    const shift = plan([
      change(
        "aws_connect_phone_number.n[0]",
        ["delete", "create"],
        held("+12065550100", "+1206", "pn-0"),
        { country_code: "US", prefix: "+1212", target_arn: INSTANCE, type: "DID" },
        computed,
      ),
      change(
        "aws_connect_phone_number.n[1]",
        ["delete", "create"],
        held("+12125550100", "+1212", "pn-1"),
        { country_code: "US", prefix: "+1312", target_arn: INSTANCE, type: "DID" },
        computed,
      ),
      change("aws_connect_phone_number.n[2]", ["delete"], held("+13125550100", "+1312", "pn-2"), null),
    ]);
    const { code, body } = await check(shift);
    expect(code).toBe(1);
    expect(body.blockedBy).toEqual(["rename"]);
    const chain = ["aws_connect_phone_number.n[0]", "aws_connect_phone_number.n[1]", "aws_connect_phone_number.n[2]"];
    expect(body.renames.map((f: Json) => [f.released, f.claim, f.phoneNumber, f.chain])).toEqual([
      ["aws_connect_phone_number.n[1]", "aws_connect_phone_number.n[0]", "+12125550100", chain],
      ["aws_connect_phone_number.n[2]", "aws_connect_phone_number.n[1]", "+13125550100", chain],
    ]);
    await everyFormat(
      shift,
      [],
      ["aws_connect_phone_number.n[0] ← aws_connect_phone_number.n[1] ← aws_connect_phone_number.n[2]", "for_each"],
    );
  });

  it("replace_triggered_by on a specific number: released and claimed again in one apply; blocked", async () => {
    const triggered = plan([
      {
        ...change(
          "aws_connect_phone_number.main",
          ["delete", "create"],
          held("+12065550100", "+1206", "pn-0"),
          { country_code: "US", phone_number: "+12065550100", target_arn: INSTANCE, type: "DID" },
          { arn: true, id: true },
        ),
        action_reason: "replace_by_triggers",
      },
    ]);
    const { code, body } = await check(triggered);
    expect(code).toBe(1);
    expect(body.renames).toEqual([
      expect.objectContaining({
        kind: "same-number",
        released: "aws_connect_phone_number.main",
        claim: "aws_connect_phone_number.main",
        phoneNumber: "+12065550100",
        blocking: true,
      }),
    ]);
    await everyFormat(triggered, [], ["+12065550100", "replace_triggered_by"]);
  });
});

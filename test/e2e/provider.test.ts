import {
  DescribePhoneNumberCommand,
  TagResourceCommand,
  UpdatePhoneNumberMetadataCommand,
} from "@aws-sdk/client-connect";
import { ownerKey } from "../../core";
import { cli } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const PHONE_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

describe("provider: PhoneNumber through the real Pulumi CLI against the emulator", () => {
  let s: NumbersStack;
  beforeAll(async () => {
    s = await numbersStack();
  });
  afterAll(() => s?.cleanup());

  const base = [
    {
      name: "support",
      target: "instance",
      phoneNumber: "+18005550100",
      description: "Support line",
      tags: { team: "cx" },
    },
    { name: "sales", target: "instance", countryCode: "US", type: "DID", prefix: "+1206" },
    { name: "overflow", target: "tdg", countryCode: "US", type: "TOLL_FREE" },
  ];
  const describe_ = async (id: string) =>
    (await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary!;
  const actions = async () => (await s.emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`);

  it("claims a specific number, a searched one and one on a traffic distribution group, with ownership tags", async () => {
    await s.declare(base);
    await s.upOk();
    const out = await s.outputs();
    expect(out.numbers.support).toBe("+18005550100");
    expect(out.numbers.sales).toMatch(/^\+1206/);
    expect(out.numbers.overflow).toMatch(/^\+18/);
    const support = await describe_(out.ids.support);
    expect(support).toMatchObject({
      PhoneNumberDescription: "Support line",
      TargetArn: s.instanceArn,
      PhoneNumberStatus: { Status: "CLAIMED" },
    });
    const urn = `urn:pulumi:dev::numbers::${PHONE_TYPE}::support`;
    expect(support.Tags).toEqual({
      team: "cx",
      "connect-numbers:stack": "numbers/dev",
      "connect-numbers:owner": ownerKey(urn),
      "connect-numbers:urn": urn,
      "connect-numbers:lease": expect.stringMatching(/^[a-f0-9-]{36}$/),
    });
    expect((await describe_(out.ids.overflow)).TargetArn).toBe(s.tdgArn);
    expect(await actions()).toHaveLength(3);

    const state = await s.ws.stackExport();
    expect(state.deployment.resources!.filter((r) => r.type === PHONE_TYPE)).toHaveLength(3);
  });

  it("previews no change for the same program", async () => {
    const { result, digest } = await s.ws.previewJson();
    expect(result.code).toBe(0);
    expect(digest.steps.filter((st) => st.op !== "same")).toEqual([]);
  });

  it("updates description, tags and target in place, without a claim or a release", async () => {
    await s.declare([
      { ...base[0], target: "tdg", description: "Support (moved)", tags: { team: "cx", tier: "1" } },
      { ...base[1], prefix: "+12065" }, // narrower prefix the number still matches: no replacement
      base[2],
    ]);
    const { digest } = await s.ws.previewJson();
    expect(
      digest.steps.filter((st) => st.newState?.type === PHONE_TYPE).map((st) => `${st.op} ${st.urn.split("::").pop()}`),
    ).toEqual(["update support"]);
    await s.upOk();
    const out = await s.outputs();
    expect(await describe_(out.ids.support)).toMatchObject({
      TargetArn: s.tdgArn,
      PhoneNumberDescription: "Support (moved)",
      Tags: expect.objectContaining({ tier: "1" }),
    });
    expect(await actions()).toHaveLength(3);
  });

  it("replaces a changed number: claims the new one first, then releases the old", async () => {
    const before = await s.outputs();
    await s.declare([
      {
        ...base[0],
        target: "tdg",
        phoneNumber: "+18005550101",
        description: "Support (moved)",
        tags: { team: "cx", tier: "1" },
      },
      { ...base[1], prefix: "+12065" },
      base[2],
    ]);
    const { digest } = await s.ws.previewJson();
    expect(digest.steps.filter((st) => st.op === "replace").map((st) => st.urn.split("::").pop())).toEqual(["support"]);
    await s.upOk();
    expect((await actions()).slice(3)).toEqual(["claim +18005550101", "release +18005550100"]);
    const after = await s.outputs();
    expect(after.numbers.support).toBe("+18005550101");
    expect(after.ids.sales).toBe(before.ids.sales);
  });

  it("shows drift after a refresh and puts it back on the next up", async () => {
    const { ids } = await s.outputs();
    const sales = await describe_(ids.sales);
    await s.connect.send(new TagResourceCommand({ resourceArn: sales.PhoneNumberArn, tags: { rogue: "console" } }));
    await s.connect.send(
      new UpdatePhoneNumberMetadataCommand({
        PhoneNumberId: ids.support,
        PhoneNumberDescription: "changed in the console",
      }),
    );
    await s.ws.pulumiOk(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    const { digest } = await s.ws.previewJson();
    expect(
      digest.steps
        .filter((st) => st.op === "update")
        .map((st) => st.urn.split("::").pop())
        .sort(),
    ).toEqual(["sales", "support"]);
    await s.upOk();
    expect((await describe_(ids.sales)).Tags).not.toHaveProperty("rogue");
    expect((await describe_(ids.support)).PhoneNumberDescription).toBe("Support (moved)");
  });

  it("refuses bad inputs at preview with the property, the value and the fix, and changes nothing", async () => {
    const stateBefore = JSON.stringify((await s.ws.stackExport()).deployment.resources);
    await s.declare([
      { name: "bad", target: "instance", phoneNumber: "+1 (800) 555-0100", tags: { "aws:owner": "x" } },
    ]);
    const result = await s.ws.preview();
    expect(result.code).not.toBe(0);
    const text = result.stdout + result.stderr;
    expect(text).toContain(
      'PhoneNumber "bad": phoneNumber = "+1 (800) 555-0100": is not an E.164 phone number. Remove spaces and punctuation: "+18005550100".',
    );
    expect(text).toContain('tags["aws:owner"]');
    expect(JSON.stringify((await s.ws.stackExport()).deployment.resources)).toBe(stateBefore);

    // check, fed the failed preview, blocks it (exit 1) in the provider's words: every refusal, not the first line.
    const plan = await s.ws.pulumi(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
    const check = await cli(["check", "-", ...s.gateArgs()], { stdin: plan.stdout });
    expect({ code: check.code, stdout: check.stdout }).toEqual({ code: 1, stdout: "" });
    expect(check.stderr).toContain("blocked: this preview was refused: ");
    expect(check.stderr).toContain(
      'PhoneNumber "bad": phoneNumber = "+1 (800) 555-0100": is not an E.164 phone number. Remove spaces and punctuation: "+18005550100".',
    );
    expect(check.stderr).toContain(
      'PhoneNumber "bad": tags["aws:owner"] = "aws:owner": keys starting with "aws:" are reserved by AWS. Choose another key.',
    );
  });

  it("blocks destroy while deletionProtection is on, then releases everything once it is off", async () => {
    const current = [
      {
        ...base[0],
        target: "tdg",
        phoneNumber: "+18005550101",
        description: "Support (moved)",
        tags: { team: "cx", tier: "1" },
        deletionProtection: true,
      },
      { ...base[1], prefix: "+12065" },
      base[2],
    ];
    await s.declare(current);
    await s.upOk();
    const blocked = await s.ws.destroy();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('PhoneNumber "support" (+18005550101) has deletionProtection');
    // Pulumi deletes the unprotected numbers of a destroy; the protected one stays, claimed and in the stack.
    const released = async () =>
      (await s.emu.control.events()).filter((e) => e.action === "release").map((e) => e.phoneNumber);
    expect(await released()).not.toContain("+18005550101");
    expect((await describe_((await s.outputs()).ids.support)).PhoneNumberStatus!.Status).toBe("CLAIMED");
    await s.declare(current.map((n) => ({ ...n, deletionProtection: false })));
    await s.upOk();
    const down = await s.ws.destroy();
    expect(down.code).toBe(0);
    expect(await released()).toContain("+18005550101");
    expect((await s.ws.stackExport()).deployment.resources?.filter((r) => r.type === PHONE_TYPE) ?? []).toEqual([]);
  });
});

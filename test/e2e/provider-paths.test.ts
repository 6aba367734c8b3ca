import { DescribePhoneNumberCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as path from "node:path";
import { ownerKey } from "../../core";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const PHONE_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const urnOf = (name: string) => `urn:pulumi:dev::numbers::${PHONE_TYPE}::${name}`;

/** The paths that used to lose or leak numbers (issue 14), each through the real Pulumi CLI against the emulator. */
describe("provider: every path keeps the numbers the program declares, at the churn it should cost", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  const phoneResources = async () =>
    ((await s.ws.stackExport()).deployment.resources ?? []).filter((r) => r.type === PHONE_TYPE);
  const describe_ = async (id: string) =>
    (await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary!;
  const churn = async () => (await s.emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`);
  const changes = async () =>
    (await s.ws.previewJson()).digest.steps
      .filter((st) => st.op !== "same")
      .map((st) => `${st.op} ${st.urn.split("::").pop()}`);

  it("adopts by ARN with zero churn, and a second up is a no-op", async () => {
    s = await numbersStack();
    const [held] = (await s.emu.control.seed({ numbers: [{ phoneNumber: "+12065550111" }] })).numbers;
    const arn = `arn:aws:connect:us-east-1:${s.emu.accountId}:phone-number/${held.phoneNumberId}`;
    await s.declare([{ name: "legacy", phoneNumberId: arn, description: "adopted by ARN" }]);
    await s.upOk();
    expect(await changes()).toEqual([]);
    const again = await s.upOk();
    expect(again.stdout).toMatch(/1 unchanged|unchanged/);
    expect(await churn()).toEqual([]);
    const [resource] = await phoneResources();
    expect(resource.id).toBe(held.phoneNumberId);
    expect((await describe_(held.phoneNumberId)).Tags).toMatchObject({
      "connect-numbers:owner": ownerKey(urnOf("legacy")),
    });
  });

  it("`pulumi up --replace` hands the number to the new instance: zero churn, the same number", async () => {
    s = await numbersStack();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    await s.upOk();
    const [before] = await phoneResources();
    const leaseBefore = (await describe_(before.id!)).Tags!["connect-numbers:lease"];
    const replaced = await s.ws.pulumi([
      "up",
      "--yes",
      "--non-interactive",
      "--skip-preview",
      "--replace",
      urnOf("support"),
    ]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/1 replaced/);
    const after = await phoneResources();
    expect(after.map((r) => r.id)).toEqual([before.id]);
    const tags = (await describe_(before.id!)).Tags!;
    expect(tags["connect-numbers:lease"]).not.toBe(leaseBefore);
    expect(tags["connect-numbers:lease"]).toBe(after[0].outputs!.lease);
    expect(await churn()).toEqual(["claim +18005550100"]);
  });

  it("renaming a resource that holds a specific number, without an alias, keeps the number: zero churn", async () => {
    s = await numbersStack();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100", deletionProtection: true }]);
    await s.upOk();
    const [before] = await phoneResources();
    await s.declare([
      { name: "support-line", target: "instance", phoneNumber: "+18005550100", deletionProtection: true },
    ]);
    await s.upOk();
    const after = await phoneResources();
    expect(after.map((r) => [r.urn, r.id])).toEqual([[urnOf("support-line"), before.id]]);
    expect((await describe_(before.id!)).Tags).toMatchObject({
      "connect-numbers:owner": ownerKey(urnOf("support-line")),
      "connect-numbers:urn": urnOf("support-line"),
    });
    expect(await churn()).toEqual(["claim +18005550100"]);
    expect(await changes()).toEqual([]);
  });

  it("owns numbers by the URN Pulumi gives them, several under one parent too, and keeps one through a parent move with an alias", async () => {
    s = await numbersStack();
    const sales = { name: "sales", parent: "cc", target: "instance" as const, phoneNumber: "+18005550101" };
    // Two numbers under one component: their owner URNs must not make each wait for the other (it hung once).
    await s.declare([{ name: "support", parent: "cc", target: "instance", phoneNumber: "+18005550100" }, sales]);
    await s.upOk();
    const byName = (name: string) => async () => (await phoneResources()).find((r) => r.urn.endsWith(`::${name}`))!;
    const [child, sibling] = [await byName("support")(), await byName("sales")()];
    expect(child.urn).toBe(`urn:pulumi:dev::numbers::test:index:Group$${PHONE_TYPE}::support`);
    expect(child.outputs!.ownerUrn).toBe(child.urn);
    expect(sibling.outputs!.ownerUrn).toBe(`urn:pulumi:dev::numbers::test:index:Group$${PHONE_TYPE}::sales`);
    expect((await describe_(child.id!)).Tags!["connect-numbers:owner"]).toBe(ownerKey(child.urn));

    await s.declare([
      { name: "support", target: "instance", phoneNumber: "+18005550100", aliases: [{ parent: "cc" }] },
      sales,
    ]);
    expect(await changes()).toEqual(["update support"]);
    await s.upOk();
    const moved = await byName("support")();
    expect(moved.id).toBe(child.id);
    expect([moved.urn, moved.outputs!.ownerUrn]).toEqual([urnOf("support"), urnOf("support")]);
    expect((await describe_(child.id!)).Tags!["connect-numbers:owner"]).toBe(ownerKey(urnOf("support")));
    expect((await churn()).sort()).toEqual(["claim +18005550100", "claim +18005550101"]);
  });

  it("moves a number A→B→A→B, really moving it every time", async () => {
    s = await numbersStack();
    const at = (target: "instance" | "tdg") => [{ name: "overflow", target, countryCode: "US", type: "TOLL_FREE" }];
    await s.declare(at("instance"));
    await s.upOk();
    const [{ id }] = await phoneResources();
    for (const target of ["tdg", "instance", "tdg"] as const) {
      await s.declare(at(target));
      await s.upOk();
      expect((await describe_(id!)).TargetArn).toBe(target === "tdg" ? s.tdgArn : s.instanceArn);
    }
    expect((await phoneResources())[0].outputs).toMatchObject({ moveCount: 3, targetArn: s.tdgArn });
    expect(await changes()).toEqual([]);
    expect(await churn()).toHaveLength(1);
  });

  it("a FAILED claim fails `up` with AWS's reason, stays in the stack, and the next `up` claims the number again", async () => {
    s = await numbersStack();
    await s.emu.control.fault({
      kind: "claim-failed",
      message: "The target has reached its limit of total claimed numbers.",
    });
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    const failed = await s.up();
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toContain(
      "AWS reports the claim of +18005550100 FAILED: The target has reached its limit of total claimed numbers.",
    );
    const [held] = await phoneResources();
    expect(held.outputs).toMatchObject({ status: "FAILED", phoneNumber: "+18005550100" });
    expect(await changes()).toEqual(["replace support"]);

    await s.upOk();
    const [retried] = await phoneResources();
    expect(retried.outputs).toMatchObject({ status: "CLAIMED", phoneNumber: "+18005550100" });
    expect((await describe_(retried.id!)).PhoneNumberStatus!.Status).toBe("CLAIMED");
    expect(await churn()).toEqual(["claim +18005550100", "claim +18005550100"]);
    const held2 = (await s.emu.control.state()).partitions.flatMap((p) => p.numbers.map((n) => n.id));
    expect(held2).toEqual([retried.id]);
    expect(await changes()).toEqual([]);
  });

  it("a claim FAILED for the target's limit with connect-numbers:quota above the account's says so, with the fix", async () => {
    // The account's quota is 20; the stack says 40. AWS then fails a claim for the target's limit.
    s = await numbersStack();
    s.ws.writeConfig({ "connect-numbers:quota": "40" });
    await s.emu.control.fault({
      kind: "claim-failed",
      message: "The target has reached its limit of total claimed numbers.",
    });
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    const failed = await s.up();
    expect(failed.code).not.toBe(0);
    // It said only AWS's reason and the FAILED claims so far, no word of the setting.
    expect((failed.stdout + failed.stderr).replace(/\s+/g, " ")).toContain(
      "no further claim goes into it in this deployment. connect-numbers:quota is 40, above the account's phone-number quota of 20 " +
        "that AWS enforces (Service Quotas L-8F812903): the churn budget counted from 40 is larger than AWS's (a target's room is counted from 20). " +
        "Lower connect-numbers:quota to the account's quota",
    );
  });

  it("refuses at preview to replace a number under deletionProtection, and releases it once the program turns protection off", async () => {
    s = await numbersStack();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100", deletionProtection: true }]);
    await s.upOk();
    // Another number while protection stays on: the replacement would release the protected one. Said at preview,
    // before any claim, rather than after claiming the new number and failing the release (a replaced instance
    // can no longer be updated, so no later change could ever let that release through).
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550101", deletionProtection: true }]);
    const refused = await s.ws.preview();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(
      /PhoneNumber "support".*\+18005550100.*deletionProtection.*set deletionProtection: false/s,
    );
    expect((await s.up()).code).not.toBe(0);
    expect(await churn()).toEqual(["claim +18005550100"]);

    // Turning protection off in the same change is the user saying they mean it: claim the new, release the old.
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550101", deletionProtection: false }]);
    await s.upOk();
    expect((await phoneResources()).map((r) => r.outputs!.phoneNumber)).toEqual(["+18005550101"]);
    expect(await churn()).toEqual(["claim +18005550100", "claim +18005550101", "release +18005550100"]);
    expect(await changes()).toEqual([]);
  });

  it("moves a number to another stack: the refusal names the tags to clear, and following it adopts the number with zero churn", async () => {
    s = await numbersStack();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100", retainOnDelete: true }]);
    await s.upOk();
    const [{ id, outputs }] = await phoneResources();
    await s.declare([]);
    await s.upOk();
    await s.ws.pulumiOk(["stack", "init", "dev2", "--non-interactive"]);
    await s.ws.pulumiOk(["config", "cp", "--stack", "dev", "--dest", "dev2"]);
    await s.ws.pulumiOk(["stack", "select", "dev2"]);
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100", adopt: true }]);
    // The number still carries stack dev's tags (retainOnDelete never calls the provider): adoption refuses, and
    // says exactly what to run once dev no longer manages it.
    const refused = await s.up();
    expect(refused.code).not.toBe(0);
    const text = refused.stdout + refused.stderr;
    expect(text).toContain("is held by stack numbers/dev");
    const untag = /aws connect untag-resource --resource-arn (\S+) --tag-keys ((?:connect-numbers:[^\s`]+ ?)+)/.exec(
      text,
    );
    expect(untag?.[1]).toBe(outputs!.arn);
    await s.connect.send(new UntagResourceCommand({ resourceArn: untag![1], tagKeys: untag![2].trim().split(" ") }));
    await s.upOk();
    expect((await phoneResources()).map((r) => r.id)).toEqual([id]);
    expect((await describe_(id!)).Tags).toMatchObject({ "connect-numbers:stack": "numbers/dev2" });
    expect(await churn()).toEqual(["claim +18005550100"]);
  });

  it("reads 0.1 state (name-based owner, legacy tags) and rewrites the ownership on the next up, with no churn", async () => {
    s = await numbersStack();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    await s.upOk();
    // Turn the stack into what 0.1 wrote: claimKey/ownerStack/ownerResource instead of ownerUrn, no lease, old tags.
    const exported = (await s.ws.pulumiOk(["stack", "export"])).stdout;
    const doc = JSON.parse(exported) as {
      deployment: {
        resources: Array<{
          type: string;
          id?: string;
          inputs: Record<string, unknown>;
          outputs: Record<string, unknown>;
        }>;
      };
    };
    const resource = doc.deployment.resources.find((r) => r.type === PHONE_TYPE)!;
    for (const props of [resource.inputs, resource.outputs]) {
      delete props.ownerUrn;
      delete props.lease;
      Object.assign(props, {
        claimKey: "6f1c2c1e-0000-5000-8000-000000000001",
        ownerStack: "numbers/dev",
        ownerResource: "support",
      });
    }
    const arn = resource.outputs.arn as string;
    await s.connect.send(
      new UntagResourceCommand({
        resourceArn: arn,
        tagKeys: ["connect-numbers:owner", "connect-numbers:urn", "connect-numbers:lease"],
      }),
    );
    await s.connect.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: {
          "connect-numbers:resource": "support",
          "connect-numbers:claim-key": "6f1c2c1e-0000-5000-8000-000000000001",
        },
      }),
    );
    const file = path.join(s.ws.root, "legacy-state.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    await s.ws.pulumiOk(["stack", "import", "--file", file]);

    expect(await changes()).toEqual(["update support"]);
    await s.upOk();
    const tags = (await describe_(resource.id!)).Tags!;
    expect(tags).toMatchObject({
      "connect-numbers:stack": "numbers/dev",
      "connect-numbers:owner": ownerKey(urnOf("support")),
    });
    expect(tags).not.toHaveProperty("connect-numbers:resource");
    expect(tags).not.toHaveProperty("connect-numbers:claim-key");
    expect((await phoneResources())[0].outputs).toMatchObject({
      ownerUrn: urnOf("support"),
      lease: tags["connect-numbers:lease"],
    });
    expect(await changes()).toEqual([]);
    expect(await churn()).toEqual(["claim +18005550100"]);
  });
});

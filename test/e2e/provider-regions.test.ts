import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const PHONE_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

interface StateDoc {
  deployment: {
    resources: Array<{
      urn: string;
      type: string;
      id?: string;
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    }>;
  };
}

/** Regions, one guard per deployment, and the serialized provider, through the real Pulumi CLI. */
describe("provider: regions, one guard per deployment, a machine-independent provider", () => {
  const stacks: NumbersStack[] = [];
  const open = async (options?: Parameters<typeof numbersStack>[0]) => {
    const s = await numbersStack(options);
    stacks.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stacks.splice(0)) await s.cleanup();
  });

  const phoneResources = async (s: NumbersStack) =>
    ((await s.ws.stackExport()).deployment.resources ?? []).filter((r) => r.type === PHONE_TYPE);
  const held = async (s: NumbersStack) =>
    (await s.emu.control.state()).partitions
      .flatMap((p) => p.numbers.map((n) => `${p.region} ${n.phoneNumber}`))
      .sort();
  const importState = async (s: NumbersStack, doc: StateDoc) => {
    const file = path.join(s.ws.root, "edited-state.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    await s.ws.pulumiOk(["stack", "import", "--file", file]);
  };
  const exportState = async (s: NumbersStack) =>
    JSON.parse((await s.ws.pulumiOk(["stack", "export"])).stdout) as StateDoc;

  it("claims, refreshes and destroys numbers of two regions, each in its own region", async () => {
    const s = await open();
    const westInstanceId = s.west.instanceArn.split("/").pop();
    await s.declare([
      { name: "east", target: "instance", phoneNumber: "+18005550100" },
      { name: "west", target: "tdg-west", countryCode: "US", type: "DID" },
      { name: "west-by-id", instanceId: westInstanceId, region: "us-west-2", phoneNumber: "+18005550101" },
    ]);
    await s.upOk();
    expect((await s.emu.control.events()).map((e) => `${e.region} ${e.action}`).sort()).toEqual([
      "us-east-1 claim",
      "us-west-2 claim",
      "us-west-2 claim",
    ]);
    expect((await phoneResources(s)).map((r) => r.outputs?.region).sort()).toEqual([
      "us-east-1",
      "us-west-2",
      "us-west-2",
    ]);

    await s.ws.pulumiOk(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    expect(await phoneResources(s)).toHaveLength(3);
    expect((await s.ws.previewJson()).digest.steps.filter((st) => st.op !== "same")).toEqual([]);

    expect((await s.ws.destroy()).code).toBe(0);
    const releases = (await s.emu.control.events())
      .filter((e) => e.action === "release")
      .map((e) => `${e.region} ${e.phoneNumber}`);
    expect(releases).toHaveLength(3);
    expect(releases).toEqual(
      expect.arrayContaining([
        "us-east-1 +18005550100",
        "us-west-2 +18005550101",
        expect.stringMatching(/^us-west-2 \+1\d{10}$/),
      ]),
    );
    expect(await held(s)).toEqual([]);
  });

  it("refuses at preview to take a specific number to another region, saying where it lives, with no claim", async () => {
    const s = await open();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    await s.upOk();
    await s.declare([{ name: "support", target: "instance-west", phoneNumber: "+18005550100" }]);
    const refused = await s.ws.preview();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain(
      'PhoneNumber "support": +18005550100 lives in us-east-1 and a number cannot move to another region (targetArn is in us-west-2). Keep targetArn in us-east-1, or choose another phoneNumber for us-west-2.',
    );
    expect((await s.up()).code).not.toBe(0);
    expect((await s.emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`)).toEqual(["claim +18005550100"]);
    expect(await held(s)).toEqual(["us-east-1 +18005550100"]);
  });

  it("never takes a NotFound from a region it only guessed for gone: refresh keeps the number, destroy refuses to call it released", async () => {
    const s = await open();
    const westInstanceId = s.west.instanceArn.split("/").pop();
    await s.declare([
      { name: "west-by-id", instanceId: westInstanceId, region: "us-west-2", phoneNumber: "+18005550101" },
    ]);
    await s.upOk();
    // A partial record that does not say where the number lives (stack config says us-east-1).
    const doc = await exportState(s);
    const r = doc.deployment.resources.find((x) => x.type === PHONE_TYPE)!;
    for (const key of ["arn", "region", "targetArn", "accountId"]) delete r.outputs[key];
    await importState(s, doc);

    await s.ws.pulumiOk(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    expect((await phoneResources(s)).map((x) => x.id)).toEqual([r.id]);
    const destroy = await s.ws.destroy();
    expect(destroy.code).not.toBe(0);
    expect(destroy.stdout + destroy.stderr).toContain(
      `phone number ${r.id} is not in us-east-1, the region the stack assumes for it`,
    );
    expect(await phoneResources(s)).toHaveLength(1);
    expect(await held(s)).toEqual(["us-west-2 +18005550101"]);
  });

  it("runs one guard per account and region, whatever the provider strings in state: a budget of 2 releases lets 2 through", async () => {
    const s = await open();
    // Budget 6 (quota 6 at 100%; the instance takes all 4 numbers): the 4 claims leave room for 2 releases. (A destroy
    // configures the provider from the state, so the quota is set before the up that records it.)
    await s.ws.setConfig({ "connect-numbers:quota": 6, "connect-numbers:ratioPercent": 100 });
    await s.declare(
      ["+18005550100", "+18005550101", "+18005550102", "+18005550103"].map((phoneNumber, i) => ({
        name: `n${i}`,
        target: "instance",
        phoneNumber,
      })),
    );
    await s.upOk();
    // Two resources written by another checkout or version: another serialized provider, configured apart.
    const doc = await exportState(s);
    doc.deployment.resources
      .filter((x) => x.type === PHONE_TYPE)
      .slice(0, 2)
      .forEach((x) => (x.outputs.__provider = `${String(x.outputs.__provider)}\n// another checkout\n`));
    await importState(s, doc);
    const destroy = await s.ws.destroy();
    expect(destroy.code).not.toBe(0);
    expect(destroy.stdout + destroy.stderr).toMatch(/refusing to release \+1800555010\d: .*already holds 6 of 6/);
    expect((await s.emu.control.events()).filter((e) => e.action === "release")).toHaveLength(2);
    expect(await phoneResources(s)).toHaveLength(2);
  });

  it("refuses by default when the history sources do not cover the window, and says how much they miss; warns when told to", async () => {
    const s = await open();
    await s.ws.pulumiOk(["config", "rm", "connect-numbers:historyFiles"]);
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    const refused = await s.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(
      /refusing to claim \+18005550100 in account 123456789012 in us-east-1: 91 of the 180 days of the window unseen/,
    );
    expect(await s.emu.control.events()).toEqual([]);
    await s.ws.setConfig({ "connect-numbers:unseenHistory": "warn" });
    const warned = await s.upOk();
    expect(warned.stdout + warned.stderr).toContain("going ahead because connect-numbers:unseenHistory is warn");
    expect(await s.emu.control.events()).toHaveLength(1);
  });

  it("serializes the same provider from two checkouts, with no path of this machine in it", async () => {
    const a = await open();
    const b = await open();
    // The second stack loads connect-numbers from a copy of the checkout elsewhere on disk.
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "cn-checkout-"));
    try {
      fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(checkout, "dist"), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(checkout, "package.json"));
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(checkout, "node_modules"));
      const link = path.join(b.ws.root, "node_modules", "connect-numbers");
      fs.unlinkSync(link);
      fs.symlinkSync(checkout, link);
      const serialized: string[] = [];
      for (const s of [a, b]) {
        await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
        const { digest } = await s.ws.previewJson();
        serialized.push(
          String(digest.steps.find((st) => st.newState?.type === PHONE_TYPE)!.newState!.inputs!.__provider),
        );
      }
      expect(serialized[1]).toBe(serialized[0]);
      for (const p of [
        REPO_ROOT,
        fs.realpathSync(REPO_ROOT),
        checkout,
        os.tmpdir(),
        os.homedir(),
        a.ws.root,
        b.ws.root,
      ])
        expect(serialized[0]).not.toContain(p);
      expect(serialized[0]).toContain('require("connect-numbers/provider/runtime")');
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });
});

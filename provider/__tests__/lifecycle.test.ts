import { ConnectClient } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { PHONE_NUMBER_TYPE, ownerFromUrn, ownerUrn, ownershipTags } from "../../core";
import { Deployment, checkWith, createWith, parseProviderConfig, removeWith, updateWith } from "../runtime";
import { PhoneNumberInputs } from "../shape";

/** The provider's create and delete against the emulator, below the engine: what each path says and what it costs. */
describe("provider lifecycle", () => {
  let emu: RunningEmulator;
  let dir: string;
  let instanceArn: string;
  let tdgArn: string;
  let dep: Deployment;
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0, quota: 20 });
    const info = await emu.control.info();
    [instanceArn, tdgArn] = [info.instances[0], info.trafficDistributionGroups[0]];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-lifecycle-"));
    dep = deployment();
  });
  afterEach(async () => {
    dep.destroy();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function deployment(endpoint = emu.endpoint): Deployment {
    fs.writeFileSync(path.join(dir, "history.jsonl"), "");
    const values: Record<string, string> = {
      "connect-numbers:endpoint": endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:historyFiles": path.join(dir, "history.jsonl"),
      "connect-numbers:ledger": `file:${path.join(dir, "ledger.json")}`,
    };
    return new Deployment(
      parseProviderConfig((k) => values[k], {}),
      () => undefined,
    );
  }
  const urn = (name: string, stack = "dev") => ownerUrn({ project: "p", stack, type: PHONE_NUMBER_TYPE, name });
  const specific = (name: string, phoneNumber = "+18005550100"): PhoneNumberInputs => ({
    targetArn: instanceArn,
    phoneNumber,
    ownerUrn: urn(name),
  });
  const search = (name: string, prefix = "+1206"): PhoneNumberInputs => ({
    targetArn: instanceArn,
    countryCode: "US",
    type: "DID",
    prefix,
    ownerUrn: urn(name),
  });
  const events = async () => (await emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`);

  describe("says who holds a number it cannot claim", () => {
    it("another stack: names it", async () => {
      await emu.control.seed({
        numbers: [{ phoneNumber: "+18005550100", tags: ownershipTags(ownerFromUrn(urn("support", "prod"))!, "l") }],
      });
      await expect(createWith(dep, specific("support"))).rejects.toThrow(
        /PhoneNumber "support": \+18005550100 is held by stack p\/prod \(urn:pulumi:prod::p::pulumi-nodejs:dynamic\/connect:PhoneNumber::support\)\. To move it here: take it out of stack p\/prod .*aws connect untag-resource --resource-arn arn:aws:connect:us-east-1:\d+:phone-number\/\S+ --tag-keys connect-numbers:stack connect-numbers:owner connect-numbers:urn connect-numbers:lease`\), then adopt it here with adopt: true\./,
      );
    });

    it("this account, unmanaged: says to adopt it", async () => {
      await emu.control.seed({ numbers: [{ phoneNumber: "+18005550100" }] });
      await expect(createWith(dep, specific("support"))).rejects.toThrow(
        /account 123456789012 already holds \+18005550100 in us-east-1, managed by no stack\. .*set adopt: true/,
      );
    });

    it("another account, or cooldown: says so", async () => {
      await emu.control.seed({ takenElsewhere: ["+18005550100"] });
      await expect(createWith(dep, specific("support"))).rejects.toThrow(
        /\+18005550100 is not available: another AWS account holds it, or it was released and is in its cooldown \(up to 180 days\); account 123456789012 does not hold it in us-east-1/,
      );
      expect(await events()).toEqual([]);
    });

    it("another resource this program still declares with it: refuses to take it, and says what to do for a rename", async () => {
      await createWith(dep, specific("support"));
      checkWith(dep, specific("support"));
      await expect(createWith(dep, specific("support-2"))).rejects.toThrow(
        /\+18005550100 is declared twice: `support-2` and `support` \(urn:pulumi:dev::p::pulumi-nodejs:dynamic\/connect:PhoneNumber::support, which holds it\): one number cannot belong to two resources\. .*If this is a rename, .*aliases: \[\{ name: "<old name>" \}\]/,
      );
      expect(await events()).toEqual(["claim +18005550100"]);
    });
  });

  it("fails closed, with the permission to grant, when it cannot look up what the resource already holds", async () => {
    await emu.control.fault({ operation: "GetResources", kind: "access-denied", count: 10 });
    await expect(createWith(dep, search("sales"))).rejects.toThrow(
      /cannot look up the numbers this resource already holds in us-east-1 .*grant tag:GetResources/,
    );
    expect(await events()).toEqual([]);
  });

  it("fails closed, naming the endpoint rather than a permission, when the endpoint does not answer", async () => {
    const closed = deployment("http://127.0.0.1:1");
    try {
      await expect(createWith(closed, search("sales"))).rejects.toThrow(
        /GetResources: .*ECONNREFUSED.*the endpoint 127\.0\.0\.1:1 cannot be reached \(ECONNREFUSED\): nothing answers there: start the emulator/,
      );
      await expect(createWith(closed, search("sales"))).rejects.not.toThrow(/grant/);
    } finally {
      closed.destroy();
    }
  });

  it("names the resource, the number and the permission to grant when AWS denies its release", async () => {
    const held = await createWith(dep, specific("support"));
    await emu.control.fault({ operation: "ReleasePhoneNumber", kind: "access-denied", count: 10 });
    await expect(removeWith(dep, held.id, held.outs)).rejects.toThrow(
      new RegExp(
        `PhoneNumber "support": AWS denied the release of \\+18005550100 \\(arn:aws:connect:us-east-1:\\d+:phone-number/${held.id}\\): .*` +
          "Grant connect:ReleasePhoneNumber on that number",
      ),
    );
    expect(await events()).toEqual(["claim +18005550100"]);
  });

  it("keeps a FAILED move a move through an update that moves nothing, and its delete releases the number it still holds", async () => {
    const made = await createWith(dep, specific("support"));
    // AWS failed a move of it (the emulator's store edited: its moves fail only into a full instance).
    const doc = await emu.control.state();
    const n = doc.partitions[0].numbers.find((x) => x.id === made.id)!;
    Object.assign(n, { status: "FAILED", statusMessage: "The target has reached its limit of total claimed numbers." });
    await emu.control.restore(doc);
    const olds = { ...made.outs, status: "FAILED", failedOperation: "move" as const };
    const { outs } = await updateWith(dep, made.id, olds, { ...specific("support"), description: "Atlanta" });
    expect(outs).toMatchObject({ status: "FAILED", failedOperation: "move" });
    await removeWith(dep, made.id, outs);
    expect(await events()).toEqual(["claim +18005550100", "release +18005550100"]);
  });

  it("hands a number over on a rename without alias, and the old resource's delete keeps it: zero churn", async () => {
    const old = await createWith(dep, specific("support"));
    const renamed = await createWith(deployment(), specific("support-line"));
    expect(renamed.id).toBe(old.id);
    await removeWith(dep, old.id, old.outs);
    expect(await events()).toEqual(["claim +18005550100"]);
    expect((await emu.control.state()).partitions[0].numbers.map((n) => n.id)).toEqual([old.id]);
  });

  it("refuses a release a rename without alias would lose: each removed resource pairs with the new claims on its own, and the mark holds while the new resource wants the number", async () => {
    const a = await createWith(dep, search("a"));
    const b = await createWith(dep, search("b"));
    const other = await createWith(dep, search("other", "+1312"));
    const renames = deployment();
    await createWith(renames, search("a-new"));
    const refused = (await removeWith(renames, a.id, a.outs).catch((e: unknown) => e)) as Error;
    expect(refused.message).toContain(
      `PhoneNumber "a": refusing to release ${a.outs.phoneNumber} (${a.id}): PhoneNumber "a-new", created by this \`up\`, searched for a new number`,
    );
    // b's delete cannot know a's ran first (Pulumi runs them in parallel), nor can the pack and `check` tell which
    // did: the search meets b's number too, so its release is refused as well; a number it would not take goes.
    await expect(removeWith(renames, b.id, b.outs)).rejects.toThrow(
      `PhoneNumber "b": refusing to release ${b.outs.phoneNumber} (${b.id}): PhoneNumber "a-new", created by this \`up\``,
    );
    await removeWith(renames, other.id, other.outs);
    expect((await events()).filter((e) => e.startsWith("release"))).toEqual([`release ${other.outs.phoneNumber}`]);

    const retry = deployment();
    checkWith(retry, search("a-new"));
    await expect(removeWith(retry, a.id, a.outs)).rejects.toThrow(
      /an earlier `up` refused this release as a rename without an alias/,
    );
    // The new resource no longer declared (or declared with criteria the number does not meet): nothing wants it.
    const later = deployment();
    checkWith(later, search("a-new", "+1312"));
    await removeWith(later, a.id, a.outs);
    expect(await events()).toContain(`release ${a.outs.phoneNumber}`);
  });

  it("a retry after a crash takes the first attempt's number, even with another target, and records one it no longer meets", async () => {
    const first = await createWith(dep, search("sales"));
    // The engine never recorded it (a crash). The retry moves it to the new target: no second claim.
    const retried = await createWith(deployment(), { ...search("sales"), targetArn: tdgArn });
    expect(retried).toMatchObject({ id: first.id, outs: { targetArn: tdgArn } });
    expect(await events()).toHaveLength(1);
    // Crash again, then the prefix changes: the number is recorded with an error, so the next preview replaces it.
    const err = (await createWith(deployment(), { ...search("sales", "+1312"), targetArn: tdgArn }).catch(
      (e: unknown) => e,
    )) as { id: string; properties: Record<string, unknown>; message: string };
    expect(err.message).toMatch(
      /this resource already holds \+1206\d+ .*does not meet the inputs any more\. It is now recorded in the stack so it cannot leak/,
    );
    expect(err).toMatchObject({ id: first.id, properties: { phoneNumber: first.outs.phoneNumber, status: "CLAIMED" } });
    expect(await events()).toHaveLength(1);
  });

  it("claims anew, under the next generation, when the token's earlier claim was released", async () => {
    const first = await createWith(dep, search("sales"));
    await removeWith(dep, first.id, first.outs);
    const again = await createWith(deployment(), search("sales"));
    expect(again.id).not.toBe(first.id);
    expect(again.outs.claimGeneration).toBe(1);
    expect((await events()).map((e) => e.split(" ")[0])).toEqual(["claim", "release", "claim"]);
  });

  it("finds this owner's numbers with a constant number of calls however many the account holds", async () => {
    await emu.control.settings({ quota: 400 });
    await emu.control.seed({ count: 300 });
    const base = Object.getPrototypeOf(ConnectClient.prototype) as {
      send: (command: { constructor: { name: string } }, ...rest: unknown[]) => Promise<unknown>;
    };
    const send = base.send;
    const calls: string[] = [];
    base.send = function (this: unknown, command: { constructor: { name: string } }, ...rest: unknown[]) {
      calls.push(command.constructor.name);
      return send.call(this, command, ...rest);
    };
    try {
      await createWith(dep, search("sales"));
      await createWith(dep, specific("support"));
    } finally {
      base.send = send;
    }
    const count = (name: string) => calls.filter((c) => c === name).length;
    expect(count("DescribePhoneNumberCommand")).toBeLessThanOrEqual(6);
    expect(count("GetResourcesCommand")).toBe(2);
    // One more: the target's held count, read once per deployment for the capacity check (capacity.ts).
    expect(count("ListPhoneNumbersV2Command")).toBe(2);
    expect(calls.length).toBeLessThanOrEqual(20);
  });
});

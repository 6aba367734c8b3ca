import { ClaimPhoneNumberCommand, SearchAvailablePhoneNumbersCommand } from "@aws-sdk/client-connect";
import * as path from "node:path";
import { listNumbers } from "../../aws/inventory";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { cli, tempDir } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const DAY = 86_400_000;
const PACK = path.join(REPO_ROOT, "policies");
const CHURN = "connect-phone-number-churn";

/**
 * Issue 20: an instance whose "Phone numbers per instance" quota is 5 holds 3, and the plan adds 6 searched numbers
 * into it (5 claims and releases already in the window, budget 10). Only 2 can land; AWS lets the others end FAILED
 * and counts each as churn. Every face must schedule and attempt only the 2.
 */
describe("a target's per-instance quota is part of the budget everywhere", () => {
  let s: NumbersStack;
  let t: ReturnType<typeof tempDir>;
  let instance: string;
  afterEach(async () => {
    await s?.cleanup();
    t?.cleanup();
  });

  const six = Array.from({ length: 6 }, (_, i) => ({
    name: `line${i}`,
    target: "instance",
    countryCode: "US",
    type: "DID",
  }));

  async function fullishInstance(providerQuota?: number): Promise<void> {
    s = await numbersStack({ quota: 5 });
    t = tempDir("cn-capacity-");
    instance = `instance/${s.instanceArn.split("/").pop()}`;
    await s.emu.control.seed({
      numbers: [{ targetArn: s.instanceArn }, { targetArn: s.instanceArn }, { targetArn: s.instanceArn }],
      events: Array.from({ length: 5 }, (_, i) => ({ at: Date.now() - (10 + i) * DAY, action: "release" as const })),
    });
    if (providerQuota !== undefined) await s.ws.setConfig({ "connect-numbers:quota": String(providerQuota) });
    await s.declare(six);
  }

  /** What the instance holds, by status, and the claims AWS recorded after the seed. */
  async function account(): Promise<{ statuses: string[]; claims: number }> {
    const held = await listNumbers(s.connect, { targetArns: [s.instanceArn], withTags: true });
    const claims = (await s.emu.control.events()).filter((e) => e.action === "claim").length;
    return { statuses: held.map((n) => n.status ?? "?").sort(), claims };
  }

  it("check blocks it and plan-waves schedules only the 2 that fit, saying why the other 4 cannot come", async () => {
    await fullishInstance();
    const preview = await s.ws.pulumi(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
    expect(preview.code).toBe(0);
    const plan = t.write("plan.json", preview.stdout);
    const account = s.gateArgs();

    const check = await cli(["check", plan, ...account, "--format", "json"]);
    expect(check.code).toBe(1);
    const verdict = JSON.parse(check.stdout);
    expect(verdict.blockedBy).toEqual(expect.arrayContaining(["over-budget", "over-active-quota"]));
    expect(verdict.message).toContain(
      `${instance} holds 3 of its quota of 5 ("Phone numbers per instance", L-8F812903), so it can take 2 more claims, not 6`,
    );

    const text = await cli(["plan-waves", plan, ...account]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^1 wave for part of the plan; 4 operations cannot come\./);
    const waveLines = text.stdout.split("\n").filter((l) => l.startsWith("wave "));
    expect(waveLines).toHaveLength(1);
    expect(waveLines[0]).toMatch(/^wave 1: at or after \S+: claim, claim$/);
    expect(text.stdout.match(/ --target /g)).toHaveLength(2);
    expect(text.stdout).toContain(`Not scheduled: 4 claims into ${instance} cannot come`);
    expect(text.stdout).toContain("after the waves above it holds 5 of its quota of 5");

    const json = JSON.parse((await cli(["plan-waves", plan, ...account, "--format", "json"])).stdout);
    expect(json).toMatchObject({
      feasible: false,
      reason: expect.stringContaining(`4 claims into ${instance} cannot come`),
    });
    expect(json.waves.map((w: { operations: unknown[] }) => w.operations.length)).toEqual([2]);
    expect(json.unscheduled).toHaveLength(4);
  });

  it("the pack blocks it, and its schedule line agrees with plan-waves", async () => {
    await fullishInstance();
    const config = {
      [CHURN]: {
        endpoint: s.emu.endpoint,
        region: s.emu.region,
        historyFiles: [],
        ledger: "off",
        unseenHistory: "warn",
      },
    };
    const preview = await s.ws.preview({ policyPacks: [{ dir: PACK, config }] });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toContain(
      `This plan claims 6 numbers on instance ${s.instanceArn}, which holds 3: 9 is over its "Phone numbers per instance" quota of 5`,
    );
    expect(preview.stdout).toMatch(/A safe schedule applies only part of it: wave 1 at \S+: 2 operations \(apply each/);
    expect(preview.stdout).toContain(`The rest cannot come: 4 claims into ${instance} cannot come`);
    expect(preview.stdout).not.toMatch(/wave 1 at \S+: [3-9] operation/);
  });

  it("pulumi up --skip-preview (no pack) claims the 2 that fit and refuses the rest before AWS, naming the target: nothing FAILED", async () => {
    await fullishInstance();
    const before = (await account()).claims;
    const up = await s.ws.up();
    expect(up.code).not.toBe(0);
    const out = up.stdout + up.stderr;
    expect(out).toContain(`refusing to claim into ${instance}: it holds`);
    expect(out).toContain('of its quota of 5 ("Phone numbers per instance", L-8F812903');
    expect(out).toContain(`release numbers on ${instance} first`);
    const after = await account();
    expect(after.statuses).toEqual(["CLAIMED", "CLAIMED", "CLAIMED", "CLAIMED", "CLAIMED"]);
    expect(after.claims - before).toBe(2);
  });

  it("a second instance has its own room: check passes claims into it and AWS (the emulator) takes every one", async () => {
    // Found by breaking it by hand: the emulator counted the quota over the whole account and region, so a claim into
    // a second, empty instance ended FAILED (and counted as churn) where check, the pack and the provider saw room.
    await fullishInstance();
    const [second] = (await s.emu.control.seed({ targets: [{ kind: "instance", name: "second" }] })).targets;
    const three = Array.from({ length: 3 }, (_, i) => ({
      name: `second${i}`,
      targetArn: second,
      countryCode: "US",
      type: "DID",
    }));
    await s.declare(three);
    const preview = await s.ws.pulumi(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
    expect(preview.code).toBe(0);
    const account = s.gateArgs();
    const check = await cli(["check", t.write("plan.json", preview.stdout), ...account]);
    expect(`${check.code}\n${check.stdout}${check.stderr}`).toMatch(/^0\n/);

    const up = await s.ws.up();
    expect(`${up.code}\n${up.stdout}${up.stderr}`).toMatch(/^0\n/);
    const onSecond = await listNumbers(s.connect, { targetArns: [second], withTags: true });
    expect(onSecond.map((n) => n.status).sort()).toEqual(["CLAIMED", "CLAIMED", "CLAIMED"]);
  });

  it("after AWS fails a claim for the target's limit (a count gone stale), the provider claims nothing more into it in that deployment", async () => {
    // connect-numbers:quota 20 stands in for any stale count: the provider believes the instance has room, AWS's limit is 5.
    // Service Quotas cannot be read (a setting is often there for that), or the provider would count from its 5.
    await fullishInstance(20);
    await s.emu.control.fault({ operation: "GetServiceQuota", kind: "access-denied", count: 1000 });
    const up = await s.ws.pulumi([
      "up",
      "--yes",
      "--non-interactive",
      "--skip-preview",
      "--parallel",
      "1",
      "--continue-on-error",
    ]);
    expect(up.code).not.toBe(0);
    const out = up.stdout + up.stderr;
    expect(out).toContain(
      `refusing to claim into ${instance}: 1 claim of this deployment into ${instance} ended FAILED ("The target has reached its limit of total claimed numbers`,
    );
    const after = await account();
    // Two fit, the third ends FAILED (and counts), the other three are never sent.
    expect(after.statuses.filter((st) => st === "FAILED")).toHaveLength(1);
    expect(after.statuses.filter((st) => st === "CLAIMED")).toHaveLength(5);
  });
  it("FAILED claims on a full instance hold no place: check, the pack and the provider all let in the claims they leave room for", async () => {
    // Quota 5: 3 numbers held and 2 claims AWS reported FAILED, all 5 listed by ListPhoneNumbersV2. Two claims fit.
    s = await numbersStack({ quota: 5 });
    t = tempDir("cn-capacity-");
    await s.emu.control.seed({
      numbers: [{ targetArn: s.instanceArn }, { targetArn: s.instanceArn }, { targetArn: s.instanceArn }],
    });
    for (let i = 0; i < 2; i++) {
      await s.emu.control.fault({
        kind: "claim-failed",
        message: "The target has reached its limit of total claimed numbers.",
      });
      const free = await s.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          TargetArn: s.instanceArn,
          PhoneNumberCountryCode: "US",
          PhoneNumberType: "DID",
          MaxResults: 1,
        }),
      );
      await s.connect.send(
        new ClaimPhoneNumberCommand({
          TargetArn: s.instanceArn,
          PhoneNumber: free.AvailableNumbersList![0].PhoneNumber,
        }),
      );
    }
    // The emulator settles a claim after its delay, as AWS does.
    for (let tries = 0; (await account()).statuses.includes("IN_PROGRESS") && tries < 50; tries++)
      await new Promise((r) => setTimeout(r, 200));
    expect((await account()).statuses).toEqual(["CLAIMED", "CLAIMED", "CLAIMED", "FAILED", "FAILED"]);
    await s.declare(six.slice(0, 2));

    const preview = await s.ws.pulumi(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
    expect(preview.code).toBe(0);
    const check = await cli(["check", t.write("plan.json", preview.stdout), ...s.gateArgs()]);
    expect(`${check.code}\n${check.stdout}${check.stderr}`).toMatch(/^0\n/);
    const config = {
      [CHURN]: {
        endpoint: s.emu.endpoint,
        region: s.emu.region,
        historyFiles: [],
        ledger: "off",
        unseenHistory: "warn",
      },
    };
    const packed = await s.ws.preview({ policyPacks: [{ dir: PACK, config }] });
    expect(`${packed.code}\n${packed.stdout}`).toMatch(/^0\n/);

    const up = await s.ws.up();
    expect(`${up.code}\n${up.stdout}${up.stderr}`).toMatch(/^0\n/);
    expect((await account()).statuses).toEqual([
      "CLAIMED",
      "CLAIMED",
      "CLAIMED",
      "CLAIMED",
      "CLAIMED",
      "FAILED",
      "FAILED",
    ]);
  });
});

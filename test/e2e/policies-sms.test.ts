import * as path from "node:path";
import { of, violations } from "./policies/pack-harness";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { startCallCounter } from "../../bench/call-counter";
import { cli } from "./cli-helpers";
import { LONG_CODE, SmsStack, smsStack } from "./sms-fixture";

/**
 * The pack and SMS origination numbers, in `pulumi preview --policy-pack` against the emulator: CrossGuard shows no
 * deletes, so the pack finds the stack's SMS numbers by their ownership tags (policies/sms-inventory.ts).
 */
const PACK = path.join(REPO_ROOT, "policies");
const REFUSED = "sms-origination-number-release-refused";
const CHURN = "connect-phone-number-churn";
const REPORT = "connect-phone-number-report";
const PROTECTION = "connect-phone-number-deletion-protection";
const urn = (name: string) => `urn:pulumi:dev::sms-numbers::${SMS_NUMBER_TYPE}::${name}`;
const alerts = { name: "alerts", ...LONG_CODE };
const support = { name: "support-sms", ...LONG_CODE, connect: true, deletionProtectionEnabled: true };
/** Stays declared, so the program always declares an SMS number. */
const keeper = { name: "keeper", ...LONG_CODE, deletionProtectionEnabled: true };

describe("policies: SMS origination numbers in `pulumi preview --policy-pack`", () => {
  let s: SmsStack;
  afterEach(() => s?.cleanup());

  /** The same settings for every policy that reads the account; the Connect side has no numbers here. */
  const packConfig = (settings: Record<string, unknown> = {}, endpoint = s.emu.endpoint) =>
    Object.fromEntries(
      [CHURN, "connect-phone-number-rename", REPORT, REFUSED].map((p) => [
        p,
        { endpoint, region: "us-east-1", unseenHistory: "warn", ...settings },
      ]),
    );
  const preview = (settings?: Record<string, unknown>) =>
    s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig(settings) }] });

  it("blocks the removal of a protected number at preview with the number, the resource and the two-step fix; the unprotected one is listed, not counted against Connect's budget", async () => {
    s = await smsStack();
    await s.declare([alerts, support, keeper]);
    await s.upOk();
    const { numbers, ids } = await s.outputs();

    await s.declare([keeper]);
    const blocked = await preview();
    expect(blocked.code).not.toBe(0);
    const [refused, ...more] = of(blocked.stdout, REFUSED);
    expect(more).toEqual([]);
    expect(refused).toMatch(/^\[mandatory\]/);
    expect(refused).toContain(
      `This plan releases the SMS number ${numbers["support-sms"]} (${ids["support-sms"]}, us-east-1) held by ${urn("support-sms")} (no longer declared), and AWS refuses to release it`,
    );
    expect(refused).toContain(
      `OriginationNumber "support-sms" (${numbers["support-sms"]}, ${ids["support-sms"]}) has deletion protection on`,
    );
    expect(refused).toContain(
      "1) set deletionProtectionEnabled: false, changing nothing else, and run `pulumi up`; 2) then remove the resource",
    );
    const [report] = of(blocked.stdout, REPORT);
    expect(report).toMatch(
      /Seen: SMS us-east-1: 3 numbers \(DescribePhoneNumbers × 1, ListTagsForResource × 2\); no other region read\./,
    );
    expect(report).toMatch(/^\[advisory\]/);
    expect(report).toContain(
      "It removes the resources holding 2 SMS origination numbers of End User Messaging SMS: unless they retain on delete (retainOnDelete), their delete releases each, not counted against Connect's churn budget, since AWS documents no churn quota for SMS numbers",
    );
    expect(report).toContain(
      `- ${numbers.alerts} (${ids.alerts}, us-east-1) held by ${urn("alerts")}: no longer declared`,
    );
    expect(report).toContain(
      `- ${numbers["support-sms"]} (${ids["support-sms"]}, us-east-1) held by ${urn("support-sms")}: no longer declared — AWS refuses (deletion protection)`,
    );
    expect(of(blocked.stdout, CHURN)).toEqual([]);

    // The two-step fix: protection off first (an update: nothing released, nothing refused), then the removal passes.
    await s.declare([alerts, { ...support, deletionProtectionEnabled: false }, keeper]);
    const stepOne = await preview();
    expect(stepOne.code).toBe(0);
    expect(of(stepOne.stdout, REFUSED)).toEqual([]);
    await s.upOk();
    await s.declare([keeper]);
    const stepTwo = await preview();
    expect(stepTwo.code).toBe(0);
    expect(of(stepTwo.stdout, REPORT)[0]).toContain(`held by ${urn("support-sms")}: no longer declared`);
  });

  it("blocks a number whose inputs the provider refuses, in the provider's own sentence, on the resource", async () => {
    s = await smsStack();
    await s.declare([keeper, { name: "typo", ...LONG_CODE, messageType: "TRANSACTIONALL" }]);
    const r = await preview();
    expect(r.code).not.toBe(0);
    const sentence =
      'OriginationNumber "typo": messageType = "TRANSACTIONALL": is not a message type. Use one of TRANSACTIONAL, PROMOTIONAL.';
    expect(r.stdout).toContain(`has a problem: ${sentence}`);
    const inputs = of(r.stdout, "phone-number-inputs");
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatch(new RegExp(`^\\[mandatory\\]  phone-number-inputs  \\(${SMS_NUMBER_TYPE}: typo\\)`));
    expect(inputs[0]).toContain(sentence);
  });

  it("blocks a replacement of a protected number (another message type), on the replacing resource", async () => {
    s = await smsStack();
    await s.declare([support]);
    await s.upOk();
    const { numbers } = await s.outputs();
    await s.declare([{ ...support, messageType: "PROMOTIONAL" }]);
    const blocked = await preview();
    expect(blocked.code).not.toBe(0);
    const [refused] = of(blocked.stdout, REFUSED);
    expect(refused).toMatch(
      new RegExp(`^\\[mandatory\\]  ${REFUSED}  \\(${SMS_NUMBER_TYPE.replace(/[/:]/g, "\\$&")}: support-sms\\)`),
    );
    expect(refused).toContain(
      `held by ${urn("support-sms")} (replaced: messageType changed), and AWS refuses to release it`,
    );
    expect(refused).toContain(numbers["support-sms"]);
  });

  it("a number in a pool: blocked when removed (CrossGuard cannot see forceDisassociate, and says so); allowReleases naming it lifts that, and the report says so", async () => {
    s = await smsStack();
    const poolId = await s.outsidePool();
    await s.declare([{ name: "pooled", ...LONG_CODE, poolId, forceDisassociate: true }, keeper]);
    await s.upOk();
    const { numbers } = await s.outputs();
    await s.declare([keeper]);
    const blocked = await preview();
    expect(blocked.code).not.toBe(0);
    const [refused] = of(blocked.stdout, REFUSED);
    expect(refused).toContain(`is in pool ${poolId}: AWS refuses to release a number that belongs to a pool`);
    expect(refused).toContain(
      `if ${urn("pooled")} has forceDisassociate: true in the stack's state, its delete leaves the pool first and is not refused; then name ${numbers.pooled} in allowReleases to go ahead`,
    );

    const allowed = await preview({ allowReleases: [numbers.pooled] });
    expect(allowed.code).toBe(0);
    expect(of(allowed.stdout, REPORT)[0]).toContain(
      `held by ${urn("pooled")}: no longer declared — AWS refuses (in a pool): see ${REFUSED} — released on purpose: allowReleases names "${numbers.pooled}"`,
    );
    await s.upOk();
    expect((await s.actions()).filter((a) => a.startsWith("release"))).toEqual([`release ${numbers.pooled}`]);
  });

  it("failOn release blocks an SMS release too, unless allowReleases names it (by number, id or resource name)", async () => {
    s = await smsStack();
    await s.declare([alerts, keeper]);
    await s.upOk();
    const { numbers, ids } = await s.outputs();
    await s.declare([keeper]);
    const gated = await preview({ failOn: ["release"] });
    expect(gated.code).not.toBe(0);
    const [churn] = of(gated.stdout, CHURN);
    expect(churn).toContain(
      'failOn includes "release", and of the numbers not named in allowReleases this plan removes the resource holding 1 number: unless it retains on delete (retainOnDelete), its delete releases the number',
    );
    expect(churn).toContain(
      `- ${numbers.alerts} (${ids.alerts}, us-east-1) held by ${urn("alerts")}: no longer declared`,
    );
    for (const name of [numbers.alerts, ids.alerts, "alerts"]) {
      const approved = await preview({ failOn: ["release"], allowReleases: [name] });
      expect(approved.code).toBe(0);
      expect(of(approved.stdout, REPORT)[0]).toContain(`released on purpose: allowReleases names "${name}"`);
    }
  });

  it("says nothing about an unchanged stack, advises deletion protection, and reads one page with no tags for the numbers it still declares", async () => {
    s = await smsStack();
    const declared = [alerts, support, { name: "notify", ...LONG_CODE, deletionProtectionEnabled: true }];
    await s.declare(declared);
    await s.upOk();
    const counter = await startCallCounter(s.emu.endpoint);
    try {
      const same = await s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig({}, counter.endpoint) }] });
      expect(same.code).toBe(0);
      expect(violations(same.stdout).map((v) => v.split("\n")[0].trim())).toEqual([
        `[advisory]  ${PROTECTION}  (${SMS_NUMBER_TYPE}: alerts)`,
      ]);
      const counts = counter.counts().byOperation;
      console.log(`AWS calls of a preview of 3 unchanged SMS numbers, all policies: ${JSON.stringify(counts)}`);
      expect(counts["sms-voice:DescribePhoneNumbers"]).toBe(1);
      expect(counts["sms-voice:ListTagsForResource"] ?? 0).toBe(0);

      counter.reset();
      await s.declare(declared.slice(1));
      const removed = await s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig({}, counter.endpoint) }] });
      expect(removed.code).toBe(0);
      expect(counter.counts().byOperation).toMatchObject({
        "sms-voice:DescribePhoneNumbers": 1,
        "sms-voice:ListTagsForResource": 1,
      });
    } finally {
      await counter.stop();
    }
  });

  it("sees the removal of the stack's last SMS number by default (it declares none); smsNumbers: declared costs no SMS call and does not", async () => {
    s = await smsStack();
    await s.declare([support]);
    await s.upOk();
    const { numbers } = await s.outputs();
    await s.declare([]);
    const counter = await startCallCounter(s.emu.endpoint);
    try {
      const unseen = await s.ws.preview({
        policyPacks: [{ dir: PACK, config: packConfig({ smsNumbers: "declared" }, counter.endpoint) }],
      });
      expect(of(unseen.stdout, REFUSED)).toEqual([]);
      expect(counter.counts().byOperation["sms-voice:DescribePhoneNumbers"] ?? 0).toBe(0);

      counter.reset();
      const always = await s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig({}, counter.endpoint) }] });
      expect(always.code).not.toBe(0);
      expect(of(always.stdout, REFUSED)[0]).toContain(`This plan releases the SMS number ${numbers["support-sms"]}`);
      expect(counter.counts().byOperation).toMatchObject({
        "sms-voice:DescribePhoneNumbers": 1,
        "sms-voice:ListTagsForResource": 1,
      });
    } finally {
      await counter.stop();
    }
  });

  it("counts a number pending delete in the stack's state (a replacement whose release AWS refused) as the release the next up makes, as check does", async () => {
    s = await smsStack();
    await s.declare([alerts]);
    await s.upOk();
    const before = await s.outputs();
    const [oldNumber, oldId] = [before.numbers.alerts, before.ids.alerts];
    await s.emu.control.fault({ operation: "PinpointSMSVoiceV2.ReleasePhoneNumber", kind: "access-denied", count: 1 });
    await s.declare([{ ...alerts, messageType: "PROMOTIONAL" }]);
    const failed = await s.up();
    expect(failed.code).not.toBe(0);
    const state = JSON.parse((await s.ws.pulumiOk(["stack", "export"])).stdout);
    expect(state.deployment.resources.filter((r: { delete?: boolean }) => r.delete === true)).toHaveLength(1);

    const pack = await preview();
    expect(pack.code).toBe(0);
    expect(of(pack.stdout, REPORT)[0]).toContain(
      `- ${oldNumber} (${oldId}, us-east-1) held by ${urn("alerts")}: an old instance pending delete in the stack's state`,
    );
    const plan = await s.ws.pulumiOk(["preview", "--json", "--show-replacement-steps"]);
    const checked = await cli(["check", "-", "--format", "json", "--unseen-history", "warn", "--quota", "10"], {
      stdin: plan.stdout,
      cwd: s.ws.programDir,
      env: s.ws.env,
    });
    const released = JSON.parse(checked.stdout).sms.released as Array<{ phoneNumber: string; reason: string }>;
    expect(released.map((r) => `${r.reason} ${r.phoneNumber}`)).toEqual([`pending-delete ${oldNumber}`]);

    await s.upOk();
    expect((await s.actions()).filter((a) => a === `release ${oldNumber}`)).toHaveLength(1);
  });

  it("fails closed when the SMS numbers cannot be read (failClosed), and only says so with failClosed: false", async () => {
    s = await smsStack();
    await s.declare([alerts]);
    await s.upOk();
    await s.emu.control.fault({
      operation: "PinpointSMSVoiceV2.DescribePhoneNumbers",
      kind: "access-denied",
      count: 100,
    });
    const blocked = await preview();
    expect(blocked.code).not.toBe(0);
    // The whole output when the violation is missing, so a failure says what the preview did instead.
    const refused = of(blocked.stdout, REFUSED)[0] ?? blocked.stdout + blocked.stderr;
    expect(refused).toContain("The SMS checks could not read the account's SMS origination numbers");
    expect(refused).toContain("Blocked because failClosed is true");
    const open = await preview({ failClosed: false });
    expect(open.code).toBe(0);
    expect(of(open.stdout, REPORT)[0]).toContain(
      "Not blocking because failClosed is false: this plan's SMS releases are unchecked.",
    );
  });
});

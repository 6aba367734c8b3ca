import * as fs from "node:fs";
import * as path from "node:path";
import { Owner, ownerFromUrn, ownershipTags } from "../../core";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import { startAwsCallCounter } from "./policies/aws-call-counter";

const DAY = 86_400_000;
const PACK = path.join(REPO_ROOT, "policies");
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const CHURN = "connect-phone-number-churn";
const RENAME = "connect-phone-number-rename";
const REPORT = "connect-phone-number-report";
const PROTECTION = "connect-phone-number-deletion-protection";
const SMS_REFUSED = "sms-origination-number-release-refused";
const ACCOUNT_POLICIES = [CHURN, RENAME, REPORT, SMS_REFUSED];
const urn = (name: string, parentTypes: string[] = []) =>
  `urn:pulumi:dev::numbers::${[...parentTypes, TYPE].join("$")}::${name}`;

describe("policies: the CrossGuard pack in `pulumi preview --policy-pack` against the emulator", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  /**
   * The same settings for every policy that reads the account (CrossGuard gives each only its own); `only` disables
   * the others. The pack sees CloudTrail alone unless a test names history files or a ledger: the stack's empty
   * history file is the provider's (numbers-fixture), and would vouch for the whole window, directly or through the
   * per-user ledger the provider imported it into.
   */
  const packConfig = (settings: Record<string, unknown> = {}, only?: string) =>
    Object.fromEntries([
      ...ACCOUNT_POLICIES.map((p) => [
        p,
        only && p !== only
          ? { enforcementLevel: "disabled" }
          : { endpoint: s.emu.endpoint, region: "us-east-1", historyFiles: [], ledger: "off", ...settings },
      ]),
      ...(only ? [[PROTECTION, { enforcementLevel: "disabled" }]] : []),
    ]);
  const preview = (settings?: Record<string, unknown>, only?: string) =>
    s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig(settings, only) }] });
  const warn = { unseenHistory: "warn" };
  const seedChurn = (count: number, daysAgo = 10) =>
    s.emu.control.seed({
      events: Array.from({ length: count }, (_, i) => ({
        at: Date.now() - (daysAgo + i) * DAY,
        action: "release" as const,
      })),
    });
  const support = { name: "support", target: "instance", phoneNumber: "+18005550100", deletionProtection: true };
  const sales = {
    name: "sales",
    target: "instance",
    countryCode: "US",
    type: "DID",
    prefix: "+1206",
    deletionProtection: true,
  };
  /** The policy section of a preview: one block per violation, from "- [level]  policy" to the next. */
  const violations = (stdout: string) =>
    stdout
      .split(/\n\s+- \[/)
      .slice(1)
      .map((v) => `[${v}`);
  const of = (stdout: string, policy: string) => violations(stdout).filter((v) => v.includes(`]  ${policy} `));

  it("passes a plan within budget and lists what it claims; blocks one over budget with the amount, the date it fits and what it saw", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support, sales]);
    await seedChurn(8);
    const ok = await preview(warn);
    expect(ok.code).toBe(0);
    expect(of(ok.stdout, CHURN)).toEqual([]);
    const [report] = of(ok.stdout, REPORT);
    expect(report).toContain("It claims 2 number(s).");
    expect(report).toContain("Budget: the rolling 180-day window holds 8 of 10; with this plan 10.");
    expect(report).toContain('Warning (unseenHistory "warn"): 91 of the 180 days of the window unseen');

    await seedChurn(1, 30);
    const blocked = await preview(warn);
    expect(blocked.code).not.toBe(0);
    const [churn] = of(blocked.stdout, CHURN);
    expect(churn).toMatch(/^\[mandatory\]/);
    expect(churn).toContain(
      "This plan makes 2 claims and 0 releases; the rolling 180-day window already holds 9 of 10 (200% of quota 5), so it would reach 11: 1 over.",
    );
    expect(churn).toContain(
      `It would fit from ${new Date(Date.now() - 30 * DAY + 180 * DAY).toISOString().slice(0, 10)}`,
    );
    expect(churn).toMatch(
      /claim \+18005550100 by urn:pulumi:dev::numbers::pulumi-nodejs:dynamic\/connect:PhoneNumber::support \[create\]/,
    );
    // What the verdict rests on is said once, in the report (test/e2e/policies-seen-once.test.ts).
    expect(of(blocked.stdout, REPORT)[0]).toContain(
      "Seen: us-east-1: tag query: 0 numbers tagged connect-numbers:stack=numbers/dev (GetResources); no other region read.",
    );
    expect(of(blocked.stdout, REPORT)[0]).toMatch(
      /History: 91 of the 180 days of the window unseen, before \S+ \(cloudtrail\): churn there is not counted; quota 5 from Service Quotas L-8F812903\./,
    );
  });

  it("refuses a plan it cannot judge for unseen history, naming the days and the fixes; warns instead when told; never blocks a plan without churn", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    const refused = await preview();
    expect(refused.code).not.toBe(0);
    const [unseen] = of(refused.stdout, CHURN);
    expect(unseen).toContain(
      "Cannot judge this plan's 1 claim(s) and release(s): 91 of the 180 days of the window unseen",
    );
    expect(unseen).toContain('unseenHistory is "refuse" (default)');
    expect(unseen).toContain("give historyFiles covering the whole 180-day window");
    expect(unseen).toContain('set unseenHistory: "warn"');

    const warned = await preview(warn);
    expect(warned.code).toBe(0);
    expect(of(warned.stdout, REPORT)[0]).toContain('Warning (unseenHistory "warn")');

    await s.upOk();
    const same = await preview();
    expect(same.code).toBe(0);
    expect(violations(same.stdout)).toEqual([]);
  });

  it("lists every number a plan releases, with its resource, even within budget; failOn release blocks them unless allowReleases names them", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support, sales]);
    await s.upOk();
    const { ids } = await s.outputs();

    // The provider refuses at preview to replace a protected number unless the same change lifts the protection.
    await s.declare([{ ...support, phoneNumber: "+18005550101", deletionProtection: false }, sales]);
    const replaced = await preview(warn);
    expect(replaced.code).toBe(0);
    expect(of(replaced.stdout, REPORT)[0]).toContain(
      `- +18005550100 (${ids.support}, us-east-1) held by ${urn("support")}: replaced (phoneNumber changed)`,
    );

    await s.declare([sales]);
    const removed = await preview(warn);
    expect(removed.code).toBe(0);
    expect(of(removed.stdout, REPORT)[0]).toContain(
      "This plan releases 1 number(s), each into a cooldown of up to 180 days:",
    );
    expect(of(removed.stdout, REPORT)[0]).toContain(
      `- +18005550100 (${ids.support}, us-east-1) held by ${urn("support")}: no longer declared`,
    );

    const gated = await preview({ ...warn, failOn: ["release"] });
    expect(gated.code).not.toBe(0);
    expect(of(gated.stdout, CHURN)[0]).toContain(
      'failOn includes "release", and this plan releases 1 number(s) not named in allowReleases',
    );
    expect(of(gated.stdout, CHURN)[0]).toContain(
      `- +18005550100 (${ids.support}, us-east-1) held by ${urn("support")}: no longer declared`,
    );

    const approved = await preview({ ...warn, failOn: ["release"], allowReleases: ["+18005550100"] });
    expect(approved.code).toBe(0);
    expect(of(approved.stdout, REPORT)[0]).toContain(
      'no longer declared — released on purpose: allowReleases names "+18005550100"',
    );
  });

  it("passes a rename of a specific number without an alias as the hand-over the provider makes of it (no claim, no release, said in the report); the aliased rename keeps it too", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    await s.upOk();
    await s.declare([{ ...support, name: "helpline" }]);
    const renamed = await preview({ ...warn, failOn: ["release"] });
    expect(renamed.code).toBe(0);
    expect(of(renamed.stdout, RENAME)).toEqual([]);
    expect(of(renamed.stdout, CHURN)).toEqual([]);
    const [report] = of(renamed.stdout, REPORT);
    expect(report).toContain(
      `${urn("helpline")} takes over +18005550100 from ${urn("support")}: no claim, no release.`,
    );
    expect(report).not.toContain("This plan releases");
    // What the provider then does: the new resource takes the number over, the old one's delete releases nothing.
    await s.upOk();
    expect((await s.emu.control.events()).map((e) => e.action)).toEqual(["claim"]);

    await s.declare([{ ...support, name: "support", aliases: ["helpline"] }]);
    const aliased = await preview();
    expect(aliased.code).toBe(0);
    expect(violations(aliased.stdout)).toEqual([]);
    await s.upOk();
    expect((await s.emu.control.events()).map((e) => e.action)).toEqual(["claim"]);
  });

  it("says what CrossGuard cannot see: whether an adopted number's removed holder is another package's, and a removed number's deletionProtection", async () => {
    s = await numbersStack({ quota: 5 });
    await s.emu.control.seed({ numbers: [{ phoneNumber: "+12065550111" }] });
    const legacy = { name: "legacy", target: "instance", adopt: true, phoneNumber: "+12065550111" };
    await s.declare([support, legacy]);
    const adopting = await preview(warn);
    expect(adopting.code).toBe(0);
    const [report] = of(adopting.stdout, REPORT);
    // The pack reads the stack's state for an adoption (policies/stack-state.ts): no other resource holds the number.
    expect(report).toContain(
      `${urn("legacy")} adopts +12065550111, which no resource of this stack holds (its state read): no claim, no release.`,
    );
    await s.upOk();

    await s.declare([legacy]);
    const removed = await preview(warn);
    expect(of(removed.stdout, REPORT)[0]).toContain(
      "CrossGuard cannot see a removed resource's options: with retainOnDelete nothing is released, and with deletionProtection the provider refuses the delete",
    );
    // What the provider does with it: refuses.
    const refused = await s.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("has deletionProtection");
  });

  it("blocks a re-claim of a searched number (same country, type, prefix and region) without an alias; allowReleases lets it go and says so", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([sales]);
    await s.upOk();
    const { numbers } = await s.outputs();
    await s.declare([{ ...sales, name: "sales-main" }]);
    const reclaimed = await preview(warn);
    expect(reclaimed.code).not.toBe(0);
    const [rename] = of(reclaimed.stdout, RENAME);
    expect(rename).toContain(
      `${urn("sales-main")} searches for a number that ${numbers.sales} (held by ${urn("sales")}, which this plan lets go) matches`,
    );
    expect(rename).toContain('aliases: [{ name: "sales" }]');

    await s.declare([{ ...sales, name: "sales-main", prefix: "+1415" }]);
    expect(of((await preview(warn)).stdout, RENAME)).toEqual([]);

    await s.declare([{ ...sales, name: "sales-main" }]);
    const allowed = await preview({ ...warn, allowReleases: ["sales"] });
    expect(allowed.code).toBe(0);
    expect(of(allowed.stdout, REPORT)[0]).toContain(`released on purpose: allowReleases names "sales"`);
  });

  it("knows a number's owner by stack and URN: a resource under a parent, or moved there with an alias, keeps its number; a same-named resource elsewhere does not", async () => {
    s = await numbersStack({ quota: 5 });
    const moved = { ...support, name: "moved", phoneNumber: "+18005550102" };
    await s.declare([moved]);
    await s.upOk(); // 1 claim
    // A number held by a resource under a parent, tagged as the provider tags it (the owner's full URN).
    const parented = urn("support", ["test:index:Group"]);
    const tags = ownershipTags(ownerFromUrn(parented) as Owner, "lease-1");
    await s.emu.control.seed({
      numbers: [{ phoneNumber: "+18005550100", countryCode: "US", type: "TOLL_FREE", targetArn: s.instanceArn, tags }],
    });
    await seedChurn(9); // the window is full: any claim or release would block
    // The engine hands CrossGuard an alias only when it names a resource of the stack's state, as urn("moved") does.
    await s.declare([
      { ...support, parent: "centre" },
      { ...moved, parent: "centre", aliases: [urn("moved")] },
    ]);
    const kept = await preview(warn);
    expect(kept.code).toBe(0);
    expect(violations(kept.stdout).filter((v) => !v.includes(PROTECTION))).toEqual([]);

    // A same-named resource elsewhere is another owner: the provider hands it the specific number, no churn.
    await s.declare([support, { ...moved, parent: "centre", aliases: [urn("moved")] }]);
    const elsewhere = await preview(warn);
    expect(elsewhere.code).toBe(0);
    expect(of(elsewhere.stdout, RENAME)).toEqual([]);
    expect(of(elsewhere.stdout, REPORT)[0]).toContain(
      `${urn("support")} takes over +18005550100 from ${parented}: no claim, no release.`,
    );
  });

  it("reads every region the stack declares numbers in, and the ones listed in regions, each with its own budget", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    await s.upOk();
    // A number this stack holds in another region, under a resource no longer declared.
    const { targets } = await s.emu.control.seed({
      region: "us-west-2",
      targets: [{ kind: "instance", name: "west" }],
    });
    const tags = ownershipTags(ownerFromUrn(urn("west")) as Owner, "lease-1");
    await s.emu.control.seed({
      region: "us-west-2",
      numbers: [{ phoneNumber: "+12065550177", countryCode: "US", type: "DID", targetArn: targets[0], tags }],
    });

    const eastOnly = await preview(warn);
    expect(eastOnly.code).toBe(0);
    expect(violations(eastOnly.stdout)).toEqual([]);

    const both = await preview({ ...warn, regions: ["us-west-2"] });
    expect(both.code).toBe(0);
    const [report] = of(both.stdout, REPORT);
    expect(report).toContain(`+12065550177 (`);
    expect(report).toContain(`, us-west-2) held by ${urn("west")}: no longer declared`);
    expect(report).toContain("Budget (us-west-2): the rolling 180-day window holds 0 of 10; with this plan 1.");
    expect(report).toContain("Budget (us-east-1): the rolling 180-day window holds 1 of 10; with this plan 1.");
    expect(report).toContain(
      "Seen: us-east-1: tag query: 1 number tagged connect-numbers:stack=numbers/dev (GetResources, ListPhoneNumbersV2 of 1 number); us-west-2: tag query: 1 number tagged connect-numbers:stack=numbers/dev (GetResources, ListPhoneNumbersV2 of 1 number)",
    );
  });

  it("runs each policy on its own: enabled alone, the others disabled, each reaches its own verdict", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([sales]);
    await s.upOk();
    await seedChurn(8); // 9 in the window: the rename's claim and release make 11
    await s.declare([{ ...sales, name: "sales-main" }]);

    const churnAlone = await preview(warn, CHURN);
    expect(churnAlone.code).not.toBe(0);
    expect(violations(churnAlone.stdout).map((v) => v.split("  ")[1])).toEqual([CHURN]);
    expect(of(churnAlone.stdout, CHURN)[0]).toContain(
      "This plan makes 1 claim and 1 release; the rolling 180-day window already holds 9 of 10",
    );

    const renameAlone = await preview(warn, RENAME);
    expect(renameAlone.code).not.toBe(0);
    expect(violations(renameAlone.stdout).map((v) => v.split("  ")[1])).toEqual([RENAME]);

    const reportAlone = await preview(warn, REPORT);
    expect(reportAlone.code).toBe(0);
    expect(violations(reportAlone.stdout).map((v) => v.split("  ")[1])).toEqual([REPORT]);
    expect(of(reportAlone.stdout, REPORT)[0]).toMatch(
      /This plan releases 1 number\(s\)[^]*held by \S+::sales: no longer declared/,
    );
  });

  it("refuses a misspelt config key or a wrong value as an engine error, naming it", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    const typo = await preview({ windowDay: 30 });
    expect(typo.code).not.toBe(0);
    expect(typo.stdout + typo.stderr).toContain(
      `PackConfigError: policy config of ${CHURN}: unknown key "windowDay" (did you mean "windowDays"?)`,
    );
    const wrongType = await preview({ windowDays: "a week" });
    expect(wrongType.code).not.toBe(0);
    expect(wrongType.stdout + wrongType.stderr).toMatch(
      /validating policy config[^]*windowDays: Invalid type\. Expected: integer/,
    );
    const wrongEnum = await preview({ failOn: ["delete"] });
    expect(wrongEnum.code).not.toBe(0);
    expect(wrongEnum.stdout + wrongEnum.stderr).toMatch(/validating policy config[^]*failOn\.0/);
    const misspeltPolicy = await s.ws.preview({
      policyPacks: [{ dir: PACK, config: { "connect-phone-number-chrun": { windowDays: 30 } } }],
    });
    expect(misspeltPolicy.code).not.toBe(0);
    expect(misspeltPolicy.stdout + misspeltPolicy.stderr).toContain('configuring policy pack "connect-numbers"');
  });

  it("reads relative historyFiles from the Pulumi program's directory (policy config or stack config), as the program and provider do", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support, sales]);
    const lines = Array.from({ length: 9 }, (_, i) =>
      JSON.stringify({ time: new Date(Date.now() - (100 + i) * DAY).toISOString(), action: "release" }),
    );
    fs.writeFileSync(path.join(s.ws.programDir, "history.jsonl"), lines.join("\n") + "\n");
    const fromPolicy = await preview({ historyFiles: ["history.jsonl"] });
    expect(fromPolicy.code).not.toBe(0);
    const [churn] = of(fromPolicy.stdout, CHURN);
    expect(churn).toContain("already holds 9 of 10");
    expect(churn).toContain(
      `History: history complete for the whole 180-day window (${path.join(s.ws.programDir, "history.jsonl")}, cloudtrail)`,
    );

    await s.ws.setConfig({ "connect-numbers:historyFiles": "history.jsonl" });
    const fromStack = await preview({ historyFiles: undefined }); // no key in the policy config: the stack's applies
    expect(of(fromStack.stdout, CHURN)[0]).toContain("already holds 9 of 10");
  });

  it("fails closed when the account cannot be read, or only says so with failClosed false", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    const dead = { endpoint: "http://127.0.0.1:9" };
    const closed = await preview(dead);
    expect(closed.code).not.toBe(0);
    expect(of(closed.stdout, CHURN)[0]).toContain(
      "The phone-number checks could not read the account's inventory: inventory (us-east-1):",
    );
    expect(of(closed.stdout, RENAME)[0]).toContain("Blocked because failClosed is true");
    const open = await preview({ ...dead, failClosed: false });
    expect(open.code).toBe(0);
    expect(of(open.stdout, REPORT)[0]).toContain(
      "Not blocking because failClosed is false: this plan's churn is unchecked.",
    );
  });

  it("compares claims with each instance's own quota: a full instance blocks, another instance does not", async () => {
    s = await numbersStack({ quota: 2 });
    const { targets } = await s.emu.control.seed({ targets: [{ kind: "instance", name: "second" }] });
    await s.emu.control.seed({ numbers: [{ targetArn: s.instanceArn }, { targetArn: s.instanceArn }] });
    await s.declare([{ ...sales, target: "instance" }]);
    const full = await preview(warn);
    expect(full.code).not.toBe(0);
    expect(of(full.stdout, CHURN)[0]).toContain(
      `This plan claims 1 number(s) on instance ${s.instanceArn}, which holds 2: 3 is over its "Phone numbers per instance" quota of 2`,
    );
    await s.declare([
      { name: "sales", targetArn: targets[0], countryCode: "US", type: "DID", deletionProtection: true },
    ]);
    expect((await preview(warn)).code).toBe(0);
  });

  it("says plainly when the account is over budget before the plan: a statement for a plan without churn, a block for one with", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    await s.upOk();
    await seedChurn(10); // 11 in the window, the limit is 10
    const same = await preview(warn);
    expect(same.code).toBe(0);
    expect(of(same.stdout, REPORT)[0]).toMatch(
      /^\[advisory\][^]*The account is already over its churn budget before this plan: the rolling 180-day window holds 11 claims and releases, over the limit of 10/,
    );
    await s.declare([support, sales]);
    const more = await preview(warn);
    expect(more.code).not.toBe(0);
    expect(of(more.stdout, CHURN)[0]).toMatch(
      /Blocks a plan[^\n]*\n\s+The account is already over its churn budget before this plan/,
    );
  });

  it("still blocks (mandatory) when number-forcing inputs are unknown at preview", async () => {
    s = await numbersStack({ quota: 5 });
    await seedChurn(10);
    await s.declare([{ name: "later-number", target: "unknown-instance", countryCode: "US", type: "DID" }]);
    const result = await preview(warn);
    expect(result.code).not.toBe(0);
    expect(of(result.stdout, CHURN)[0]).toContain("targetArn unknown until apply: counted as a claim");
  });

  it("cannot see retainOnDelete (CrossGuard does not pass it): a removed retained number is still listed and counted as a release", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([{ ...support, retainOnDelete: true }]);
    await s.upOk();
    await s.declare([]);
    const removed = await preview(warn);
    expect(of(removed.stdout, REPORT)[0]).toContain(`held by ${urn("support")}: no longer declared`);
  });

  it("counts the AWS calls of a preview: the same for 5 numbers as for 10 (never a describe per number), from a tag query or a synced ledger's index", async () => {
    s = await numbersStack({ quota: 20 });
    const declare = (count: number) =>
      s.declare(
        Array.from({ length: count }, (_, i) => ({
          name: `n${i}`,
          target: "instance",
          phoneNumber: `+12065550${100 + i}`,
          deletionProtection: true,
        })),
      );
    const counter = await startAwsCallCounter(s.emu.endpoint);
    const cli = (args: string[]) =>
      runProcess(path.join(REPO_ROOT, "bin/connect-numbers"), [
        "ledger",
        ...args,
        "--ledger",
        "dynamodb:team-ledger",
        "--endpoint",
        s.emu.endpoint,
        "--region",
        "us-east-1",
      ]);
    /** The pack's AWS calls (the ledger's DynamoDB reads among them) in one preview, every account policy on. */
    const calls = async (settings: Record<string, unknown> = {}, only?: string) => {
      counter.reset();
      const config = Object.fromEntries(
        ACCOUNT_POLICIES.map((p) => [
          p,
          only && p !== only
            ? { enforcementLevel: "disabled" }
            : { endpoint: counter.endpoint, region: "us-east-1", ...settings },
        ]),
      );
      const r = await s.ws.preview({ policyPacks: [{ dir: PACK, config }] });
      if (r.code !== 0) throw new Error(`preview exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      return counter.counts();
    };
    try {
      // The per-user file ledger the provider wrote has never been reconciled: it does not vouch for the stack, and
      // one tag query finds the stack's numbers.
      // DescribePhoneNumbers: the SMS numbers, read on every preview (CrossGuard shows no deletes) by the policies
      // that list releases; the churn policy judges Connect's budget alone.
      const byTagsConnect = {
        GetCallerIdentity: 1,
        GetResources: 1,
        ListPhoneNumbersV2: 1,
        LookupEvents: 3,
        GetServiceQuota: 1,
      };
      const byTags = { ...byTagsConnect, DescribePhoneNumbers: 1 };
      await declare(5);
      await s.upOk();
      expect(await calls()).toEqual(byTags);
      await declare(10);
      await s.upOk();
      expect(await calls()).toEqual(byTags);
      expect(await calls({}, CHURN)).toEqual(byTagsConnect);
      console.log(
        `AWS calls of a preview, all policies, from a tag query (5 or 10 numbers): ${JSON.stringify(byTags)}`,
      );

      // One ledger for provider and pack (stack config), reconciled by a sync: the index vouches for the stack, and
      // keeps doing so across the provider's writes.
      expect((await cli(["init"])).code).toBe(0);
      expect((await cli(["sync"])).code).toBe(0);
      await s.ws.setConfig({ "connect-numbers:ledger": "dynamodb:team-ledger" });
      const byLedger = {
        GetCallerIdentity: 1,
        Query: 1,
        GetItem: 2,
        LookupEvents: 3,
        GetServiceQuota: 1,
        DescribePhoneNumbers: 1,
      };
      expect(await calls()).toEqual(byLedger);
      await declare(15);
      await s.upOk();
      expect(await calls()).toEqual(byLedger);
      console.log(
        `AWS calls of a preview, all policies, from the ledger (10 or 15 numbers): ${JSON.stringify(byLedger)}`,
      );
    } finally {
      await counter.stop();
    }
  });
});

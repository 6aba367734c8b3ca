import * as fs from "node:fs";
import * as path from "node:path";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import {
  CHURN,
  DAY,
  of,
  PACK,
  packHarness,
  RENAME,
  REPORT,
  sales,
  support,
  violations,
  warn,
} from "./policies/pack-harness";

/** The budget, unseen history, the pack's own config, failing closed, per-instance quotas. */
describe("policies: the CrossGuard pack in `pulumi preview --policy-pack` against the emulator", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());
  const { preview, seedChurn } = packHarness(() => s);

  it("passes a plan within budget and lists what it claims; blocks one over budget with the amount, the date it fits and what it saw", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support, sales]);
    await seedChurn(8);
    const ok = await preview(warn);
    expect(ok.code).toBe(0);
    expect(of(ok.stdout, CHURN)).toEqual([]);
    const [report] = of(ok.stdout, REPORT);
    expect(report).toContain("It claims 2 numbers.");
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
    expect(unseen).toContain("Cannot judge this plan's 1 claim: 91 of the 180 days of the window unseen");
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
    // What the verdict rests on is said once, in the report (test/e2e/policies-seen-once.test.ts).
    expect(of(fromPolicy.stdout, REPORT)[0]).toContain(
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
      "The phone-number checks could not read the account's identity: identity (us-east-1):",
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
      `This plan claims 1 number on instance ${s.instanceArn}, which holds 2: 3 is over its "Phone numbers per instance" quota of 2`,
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
});

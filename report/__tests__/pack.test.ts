import { ChurnHistory, DAY_MS, budgetOf, defaultRule, evaluate, findRenames, planWaves } from "../../core";
import type { PackBudget, PackRelease, PackSmsRelease } from "../pack";
import * as pack from "../pack";
import { renameSentence } from "../words";
import { expectGolden } from "./golden";
import { NOW } from "./scenarios";

const TYPE = "connect-numbers:index:PhoneNumber";
const urn = (name: string) => `urn:pulumi:dev::support-lines::${TYPE}::${name}`;
const INVENTORY = ["us-east-1: 3 numbers tagged for support-lines/dev (ListPhoneNumbersV2)"];
const SMS_INVENTORY = ["SMS us-east-1: 1 number (DescribePhoneNumbers)"];
const SETTINGS = { unseenHistory: "refuse" as const, failClosed: true, origin: { unseenHistory: "default" } };

function budget(
  past: number[],
  operations: Parameters<typeof evaluate>[0]["plan"]["operations"],
  coverage = { completeSince: -Infinity, sources: ["history.jsonl"] },
): PackBudget {
  const rule = defaultRule({ quota: 2 });
  const history = ChurnHistory.build(
    past.map((d, i) => ({ at: NOW - d * DAY_MS, action: "claim" as const, phoneNumberId: `pn-${i}` })),
  );
  const input = { history, plan: { operations }, rule, now: NOW };
  const verdict = evaluate(input);
  const { limit, windowMs } = budgetOf(rule);
  return {
    region: "us-east-1",
    verdict,
    waves: planWaves({ ...input, atomicPairs: true }),
    coverage,
    quotaSource: "Service Quotas L-8F812903",
    overBefore: verdict.used > limit,
    roomAt: history.earliestWithAtMost(limit - 1, NOW, windowMs),
    unplaced: [],
  };
}

const OPERATIONS = [
  { action: "claim" as const, resource: urn("sales"), reason: "create" as const },
  { action: "release" as const, resource: urn("fax"), reason: "delete" as const, phoneNumber: "+18005550300" },
];
const RELEASES: PackRelease[] = [
  { resource: urn("fax"), phoneNumber: "+18005550300", phoneNumberId: "pn-fax", region: "us-east-1", reason: "delete" },
  {
    resource: urn("support"),
    phoneNumber: "+18005550100",
    phoneNumberId: "pn-support",
    region: "us-east-1",
    reason: "replace",
    forcedBy: ["countryCode"],
  },
];
const SMS: PackSmsRelease[] = [
  {
    resource: urn("alerts"),
    phoneNumber: "+18005550400",
    phoneNumberId: "phone-abc",
    region: "us-east-1",
    reason: "delete",
    refused: {
      reason: "pool",
      message: "AWS refuses to release +18005550400: it is in pool pool-1.",
      assumed: "forceDisassociate",
    },
  },
];

describe("the pack's violation messages", () => {
  it("churn over budget, with the schedule", () => {
    expectGolden("pack-churn.txt", pack.churnMessage(budget([100, 50, 10], OPERATIONS), OPERATIONS, 1));
  });

  it("an account already over before the plan, in a report that ends with what every verdict rests on", () => {
    const b = budget([100, 50, 10, 5, 1], OPERATIONS);
    const connect = pack.reportMessage({
      releases: RELEASES,
      allowed: new Map([
        [RELEASES[1], { entry: "support", source: "pack-config" as const }],
        [RELEASES[0], { entry: "+18005550300", source: "stack-config" as const }],
      ]),
      claims: 1,
      handOvers: [{ from: urn("old"), to: urn("new"), phoneNumber: "+18005550500" }],
      adoptions: [],
      budgets: [b],
      unreadable: [],
      settings: SETTINGS,
    });
    expectGolden("pack-report.txt", [connect, pack.seenLine([...INVENTORY, ...SMS_INVENTORY], [b])].join("\n"));
  });

  it("a removal alone is worded as what the plan removes, the release only unless the resources retain on delete (CrossGuard cannot see retainOnDelete)", () => {
    const removals = [RELEASES[0], { ...RELEASES[0], phoneNumber: "+18005550301", phoneNumberId: "pn-fax-2" }];
    const report = pack.reportMessage({
      releases: removals,
      allowed: new Map(),
      claims: 0,
      handOvers: [],
      adoptions: [],
      budgets: [],
      unreadable: [],
      settings: SETTINGS,
    });
    expect(report.split("\n")[0]).toBe(
      "This plan removes the resources holding 2 numbers: unless they retain on delete (retainOnDelete), their delete releases each into a cooldown of up to 180 days:",
    );
    expect(report).not.toContain("This plan releases");
    expect(pack.failOnReleaseMessage(removals).split("\n")[0]).toBe(
      'failOn includes "release", and of the numbers not named in allowReleases this plan removes the resources holding 2 numbers: ' +
        "unless they retain on delete (retainOnDelete), their delete releases each; a released number goes into a cooldown of up to 180 days and is never ours again:",
    );
  });

  it("an instance over its quota", () => {
    expectGolden(
      "pack-overrun.txt",
      pack.overrunMessage({
        target: "instance/i-1",
        instanceArn: "arn:aws:connect:us-east-1:123456789012:instance/i-1",
        quota: 2,
        held: 2,
        claims: 1,
        resources: [urn("sales")],
      }),
    );
  });

  it("names a set that claims several numbers over an instance's room once, with its count", () => {
    const big = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::big";
    const message = pack.overrunMessage({
      target: "instance/i-1",
      instanceArn: "arn:aws:connect:us-east-1:123456789012:instance/i-1",
      quota: 10,
      held: 7,
      claims: 5,
      resources: [big, big, big, big, urn("sales")],
    });
    expect(message).toContain(`This plan claims 5 numbers on instance`);
    expect(message).toContain(`Claiming: ${big} (4 claims), ${urn("sales")}. `);
  });

  it("unseen history under refuse", () => {
    expectGolden(
      "pack-unseen.txt",
      pack.unseenMessage(
        budget([], OPERATIONS, { completeSince: NOW - 90 * DAY_MS, sources: ["cloudtrail"] }),
        SETTINGS,
      ),
    );
  });

  it("failOn release, Connect's and SMS's", () => {
    expectGolden("pack-fail-on-release.txt", pack.failOnReleaseMessage(RELEASES, SMS));
  });

  it("a rename without an alias", () => {
    const [f] = findRenames(
      [
        {
          resource: urn("main-line"),
          phoneNumber: "+18005550200",
          phoneNumberId: "pn-main",
          countryCode: "US",
          type: "TOLL_FREE",
        },
      ],
      [{ resource: urn("main-line-v2"), countryCode: "US", type: "TOLL_FREE", unknown: ["prefix"] }],
    );
    expectGolden("pack-rename.txt", pack.renameMessage(f));
  });

  it("a set that already exists grows by a search the removed number meets: the fix lists it, no alias", () => {
    const setUrn = `urn:pulumi:dev::support-lines::connect-numbers:index:PhoneNumberSet::g`;
    const [f] = findRenames(
      [{ resource: urn("n-0"), phoneNumber: "+18005550200", countryCode: "US", type: "TOLL_FREE", ours: true }],
      [{ resource: setUrn, countryCode: "US", type: "TOLL_FREE", unknown: [], ours: true, grows: true }],
    );
    const pack_ = pack.renameMessage(f);
    const check = renameSentence(f);
    for (const text of [pack_, check]) {
      expect(text).not.toContain("aliases");
      expect(text).toContain('phoneNumbers: ["+18005550200"]');
      expect(text).toContain("or declare n-0 again");
    }
    // Only code inside backticks (check's words): the note follows the code.
    expect(check).toContain(
      'keep the number with Pulumi `phoneNumbers: ["+18005550200"]` on g (a hand-over: no claim, no release for what it lists, on top of its count; the set still grows by its count, and those claims still count; no alias applies: g already exists), or declare n-0 again.',
    );
  });

  it("an SMS release AWS refuses, and the report's SMS part", () => {
    expectGolden("pack-sms-refused.txt", pack.refusedReleaseMessage(SMS[0]));
    expectGolden(
      "pack-sms-report.txt",
      pack
        .smsReportLines({ releases: SMS, requests: [{ resource: urn("new-alerts"), note: "TOLL_FREE, US" }] }, () => ({
          entry: "+18005550400",
          source: "stack-config",
        }))
        .join("\n"),
    );
  });

  it("an account it cannot read", () => {
    expectGolden(
      "pack-unreadable.txt",
      [
        pack.unreadableMessage(
          Object.assign(new Error("history (us-east-1): AccessDenied"), { what: "history" }),
          true,
        ),
        pack.unreadableMessage(new Error("no region"), false),
        pack.unreadableMessage(
          Object.assign(new Error("history (eu-west-2): AccessDenied"), { what: "history" }),
          true,
          "eu-west-2",
        ),
      ].join("\n"),
    );
  });

  it("says failClosed blocked the plan only where a verdict needed the read that failed", () => {
    const report = (unneededIn?: string) =>
      pack.reportMessage({
        releases: [],
        allowed: new Map(),
        claims: 0,
        handOvers: [],
        adoptions: [],
        budgets: [],
        unreadable: [
          { error: Object.assign(new Error("history (eu-west-2): AccessDenied"), { what: "history" }), unneededIn },
        ],
        settings: { ...SETTINGS, failClosed: true },
      });
    expect(report("eu-west-2")).not.toContain("failClosed");
    expect(report("eu-west-2")).toContain("Not blocking: this plan claims and releases no number in eu-west-2");
    expect(report()).toContain("Blocked because failClosed is true");
  });
});

import {
  Case,
  describeCases,
  extra,
  failClaimOf,
  failedNumbers,
  fax,
  ownQuota,
  sales,
  seedReleases,
  support,
} from "./face-cases";

/** Claims AWS reported FAILED, instances' own quotas and moves into a full instance (face-cases.ts runs them). */
const CASES: Case[] = [
  {
    // A claim AWS reported FAILED is retried by the provider on the same number, a replacement that claims again: a
    // claim over a full window (the breaker's H1 of round 6: check and the pack called it a hand-over, no churn).
    name: "retry of a claim AWS reported FAILED, over the churn budget",
    before: [support],
    emulator: { quota: 5 },
    arrange: (s) => seedReleases(s, 9),
    arrangeLate: async (s) => {
      await s.emu.control.fault({ kind: "claim-failed", message: "The claim failed." });
      s.declare([support, { ...sales, name: "fax" }]);
      const failed = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
      if (failed.code === 0) throw new Error(`the claim did not fail\n${failed.stdout}`);
    },
    after: [support, { ...sales, name: "fax" }],
    expect: { blocked: true, released: [] },
  },
  {
    // AWS keeps a FAILED claim's number for the account a day; after it, the number is back in its inventory. The
    // retry is then a claim of what the search finds, and the old instance releases nothing (breaker7 H1).
    name: "retry of a searched claim AWS reported FAILED, a day after the failure",
    before: [support],
    arrangeLate: async (s) => {
      await failClaimOf(s, { ...sales, name: "fax" });
      await s.emu.control.clock({ advanceMs: 25 * 3_600_000 });
    },
    after: [support, { ...sales, name: "fax" }],
    expect: { blocked: false, released: [] },
  },
  {
    // breaker7 H2: the provider refused it as "held by this stack under its old name", naming itself.
    name: "retry of a specific number's claim AWS reported FAILED, a day after the failure",
    before: [support],
    arrangeLate: async (s) => {
      await failClaimOf(s, fax);
      await s.emu.control.clock({ advanceMs: 25 * 3_600_000 });
    },
    after: [support, fax],
    expect: { blocked: false, released: [] },
  },
  {
    // breaker7 M: the gates called it a hand-over of a number never held; the new resource claims it (the retry).
    name: "rename without an alias of a specific number whose claim AWS reported FAILED claims it again",
    before: [support],
    arrangeLate: (s) => failClaimOf(s, fax),
    after: [support, { ...fax, name: "facsimile" }],
    expect: { blocked: false, released: [] },
    saysNot: { check: /hand-over/ },
  },
  {
    // breaker7 M: a FAILED claim holds nothing, so its removal releases nothing, even over a full window.
    name: "removal of a resource whose claim AWS reported FAILED, over the churn budget, releases nothing",
    before: [support],
    emulator: { quota: 5 },
    // 8 releases and support's claim, then the FAILED claim (AWS counts it): the window is full, 10 of 10.
    arrange: (s) => seedReleases(s, 8),
    arrangeLate: async (s) => {
      await failClaimOf(s, fax);
      if ((await failedNumbers(s)).length !== 1) throw new Error("the claim did not end FAILED");
    },
    after: [support],
    expect: { blocked: false, released: [] },
    // Let go, it is no longer the stack's: `ledger sync` would otherwise index it again, and the pack name it.
    holds: async (s) =>
      (await failedNumbers(s))
        .filter((n) => Object.keys(n.tags).some((k) => k.startsWith("connect-numbers:")))
        .map((n) => `${n.phoneNumber} keeps the stack's tags after its resource let it go`),
  },
  {
    // breaker8 M2: the aliased replacement searched afresh (the FAILED number is tagged for the old owner), while
    // every face said it claims that number again.
    name: "rename with an alias of a searched resource whose claim AWS reported FAILED claims that number again",
    before: [support],
    arrangeLate: (s) => failClaimOf(s, { ...sales, name: "fax" }),
    after: [support, { ...sales, name: "facsimile", aliases: ["fax"] }],
    expect: { blocked: false, released: [] },
    says: { check: /facsimile is replaced to claim \+1206\d{7} \([^)]*\) again/, pack: /is replaced to claim \+1206/ },
    holds: async (s) =>
      (await failedNumbers(s)).map((n) => `${n.phoneNumber} is still FAILED: the retry claimed another number`),
  },
  {
    name: "claims over a target instance's capacity",
    before: [support],
    after: [support, sales, extra(1), extra(2)],
    emulator: { quota: 3 },
    expect: { blocked: true },
  },
  {
    // L-8F812903 is a resource-level quota: this instance's own is 20, the account's default 10; it holds 12.
    name: "claims into an instance whose own quota is raised above the account's",
    before: [support],
    after: [support, sales, extra(1), extra(2), extra(3), extra(4)],
    emulator: { quota: 10 },
    arrange: (s) => ownQuota(s, 20, 11),
    expect: { blocked: false },
  },
  {
    // connect-numbers:quota 15 stands below the instance's own 20 (above the account's 10): room for 3 beside the 12
    // held. The faces capped the setting by the account's quota (10, no room) where the provider capped it by the
    // instance's own.
    name: "claims into an instance whose own quota is raised above the account's, with a quota setting",
    before: [support],
    after: [support, sales, extra(1), extra(2)],
    emulator: { quota: 10 },
    arrange: async (s) => {
      s.configure({ quota: "15" });
      await ownQuota(s, 20, 11);
    },
    expect: { blocked: false },
  },
  {
    // The same setting, one claim more: connect-numbers:quota 15 refuses the fourth, which the instance's own 20 would
    // take. Every face names the setting as the limit and its fix (raise or remove it), not AWS Support.
    name: "claims past a quota setting that stands below the instance's own quota",
    before: [support],
    after: [support, sales, extra(1), extra(2), extra(3)],
    emulator: { quota: 10 },
    arrange: async (s) => {
      s.configure({ quota: "15" });
      await ownQuota(s, 20, 11);
    },
    expect: { blocked: true },
    says: {
      check:
        /quota of 15 \(set by [^;]*connect-numbers:quota[^;]*; the instance's own "Phone numbers per instance" quota, L-8F812903, is 20\).*would be refused by [^,]*connect-numbers:quota.*raise or remove [^(]*connect-numbers:quota/,
      "plan-waves": /quota of 15 \(set by [^;]*connect-numbers:quota.*would be refused by .*raise or remove /,
      pack: /quota of 15 \(set by [^;]*; the instance's own "Phone numbers per instance" quota, L-8F812903, is 20\).*would be refused by .*raise or remove /,
      provider:
        /quota of 15 \(set by connect-numbers:quota; the instance's own "Phone numbers per instance" quota, L-8F812903, is 20\).*so this claim would be refused by connect-numbers:quota, though AWS would take it\. To go ahead: raise or remove connect-numbers:quota/,
    },
    saysNot: { check: /AWS Support/, "plan-waves": /AWS Support/, pack: /AWS Support/, provider: /AWS Support/ },
  },
  {
    // This instance's own quota is 5, the account's 10: 3 held leave room for 2, and AWS fails the third claim.
    name: "claims into an instance whose own quota is lowered below the account's",
    before: [support],
    after: [support, sales, extra(1), extra(2)],
    emulator: { quota: 10 },
    arrange: (s) => ownQuota(s, 5, 2),
    expect: { blocked: true },
  },
  {
    // connect-numbers:quota 8 stands above the instance's own 5: the faces counted room for 5 from it, the provider 2.
    name: "claims into an instance whose own quota is lowered below the account's, with a quota setting",
    before: [support],
    after: [support, sales, extra(1), extra(2)],
    emulator: { quota: 10 },
    arrange: async (s) => {
      s.configure({ quota: "8" });
      await ownQuota(s, 5, 2);
    },
    expect: { blocked: true },
  },
  {
    // An instance holding no number yet, its own quota 2: `check` and `plan-waves` read the quotas of the instances
    // holding numbers, and counted this one from the account's 10.
    name: "claims into an empty instance whose own quota is lowered below the account's",
    before: [],
    after: [support, sales, extra(1)],
    emulator: { quota: 10 },
    arrange: (s) => ownQuota(s, 2, 0),
    expect: { blocked: true },
  },
  {
    // The instance's own quota is 2 and it holds 2: moving a number onto it (an in-place UpdatePhoneNumber, no churn)
    // would end FAILED on AWS, the number left on the traffic distribution group. Every face counts the move as a
    // claim into the instance.
    name: "move into a full instance",
    before: [{ ...support, target: "tdg" }],
    after: [support],
    emulator: { quota: 10 },
    arrange: (s) => ownQuota(s, 2, 2),
    expect: { blocked: true, released: [] },
    says: {
      provider:
        /refusing to move \+18005550100 to instance\/[\w-]+: it holds 2 of its quota of 2 .*release or move numbers off instance\/[\w-]+ first .*move this one to another instance/,
    },
  },
];

describeCases(
  "the pack, check, plan-waves and the provider tell one story of FAILED claims and of an instance's room",
  CASES,
);

import { Case, describeCases, extra, sales, seedLateReleases, seedReleases, support } from "./face-cases";

/** Renames, removals, budgets, moves and replacements (face-cases.ts runs each through every face). */
const CASES: Case[] = [
  {
    name: "rename of a specific number with an alias keeps it",
    before: [support],
    after: [{ ...support, name: "helpline", aliases: ["support"] }],
    expect: { blocked: false, released: [] },
  },
  {
    // docs/provider.md, "What each path costs": the new resource takes the number over; no claim, no release.
    name: "rename of a specific number without an alias is a hand-over",
    before: [support],
    after: [{ ...support, name: "helpline" }],
    expect: { blocked: false, released: [] },
  },
  {
    name: "rename of a searched number with an alias keeps it",
    before: [sales],
    after: [{ ...sales, name: "sales-main", aliases: ["sales"] }],
    expect: { blocked: false, released: [] },
  },
  {
    // A new claim and the old number's release: the gates block it; the provider must refuse it too (issue 20 item 4).
    name: "rename of a searched number without an alias",
    before: [sales],
    after: [{ ...sales, name: "sales-main" }],
    expect: { blocked: true },
  },
  {
    // After a refused rename (the number marked connect-numbers:kept-for the new resource), the user keeps both, as the
    // refusal offers, and later removes the old one: the provider refuses the release by the mark, which the pack and
    // check do not read.
    name: "removal of a number kept for a renamed resource after a refused rename",
    before: [sales],
    arrangeLate: async (s) => {
      s.declare([{ ...sales, name: "sales-main" }]);
      const refused = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
      if (refused.code === 0) throw new Error(`the rename without an alias was not refused\n${refused.stdout}`);
      s.declare([sales, { ...sales, name: "sales-main" }]);
      const kept = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
      if (kept.code !== 0) throw new Error(`keeping both failed\n${kept.stdout}\n${kept.stderr}`);
    },
    after: [{ ...sales, name: "sales-main" }],
    expect: { blocked: true },
  },
  {
    // The provider reads only the stack's allowReleases: a release named to check alone passes no gate (the breaker's
    // H1: check said "Released on purpose, as accepted", then `up` claimed and refused the delete).
    name: "rename of a searched number without an alias, named only by check's --allow-release",
    before: [sales],
    after: [{ ...sales, name: "sales-main" }],
    allow: (s) => s.allowReleases(["sales"], ["check"]),
    expect: { blocked: true },
    says: {
      check:
        /--allow-release sales names it, but the provider reads only the stack's connect-numbers:allowReleases .*`pulumi config set --path 'connect-numbers:allowReleases\[0\]' 'sales' --type string`/,
      provider: /`pulumi config set --path 'connect-numbers:allowReleases\[0\]' '\+1206\d{7}' --type string`/,
    },
  },
  {
    name: "rename of a searched number without an alias, named only by the pack's allowReleases",
    before: [sales],
    after: [{ ...sales, name: "sales-main" }],
    allow: (s) => s.allowReleases(["sales"], ["pack"]),
    expect: { blocked: true },
    says: {
      pack: /allowReleases "sales" \(policy config\) names it, but the provider reads only the stack's connect-numbers:allowReleases/,
    },
  },
  {
    // After a refused rename the stack's allowReleases names the new resource (the claimant): the provider releases
    // the kept number, and every gate passes it (the breaker's H2: check and plan-waves blocked it, the pack said the
    // entry named nothing).
    name: "removal of a number kept for a renamed resource, the stack's allowReleases naming the new one",
    before: [sales],
    arrangeLate: async (s) => {
      s.declare([{ ...sales, name: "sales-main" }]);
      const refused = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
      if (refused.code === 0) throw new Error(`the rename without an alias was not refused\n${refused.stdout}`);
    },
    after: [{ ...sales, name: "sales-main" }],
    allow: (s) => s.allowReleases(["sales-main"], ["stack"]),
    expect: { blocked: false },
    saysNot: { pack: /does not release: "sales-main"/ },
  },
  {
    name: "removal of an unprotected number releases it",
    before: [support, sales],
    after: [sales],
    expect: { blocked: false, released: ["+18005550100"] },
  },
  {
    name: "removal of a number with deletionProtection",
    before: [{ ...support, deletionProtection: true }, sales],
    after: [sales],
    expect: { blocked: true },
    // CrossGuard shows no deleted resource: the pack says the provider refuses a protected delete it cannot see.
    cannotSee: {
      pack: /CrossGuard cannot see a removed resource's options: .*with deletionProtection the provider refuses the delete/,
    },
  },
  {
    name: "removal of a number with retainOnDelete releases nothing",
    before: [{ ...support, retainOnDelete: true }, sales],
    after: [sales],
    expect: { blocked: false, released: [] },
    cannotSee: { pack: /retainOnDelete/ },
  },
  {
    // 8 of the 10 the window allows were used before the stack (AWS's CloudTrail record, which every face reads).
    name: "claims over the churn budget",
    before: [support],
    after: [support, sales, extra(1)],
    emulator: { quota: 5 },
    arrange: (s) => seedReleases(s, 8),
    expect: { blocked: true },
  },
  {
    // Churn made while the stack's deployment recorded its span as seen, delivered by CloudTrail minutes later.
    name: "claims over the churn budget, the churn delivered after the last deployment",
    before: [support],
    after: [support, sales, extra(1)],
    emulator: { quota: 5 },
    arrangeLate: (s) => seedLateReleases(s, 8),
    expect: { blocked: true },
  },
  {
    name: "move of a number to another target keeps it",
    before: [support],
    after: [{ ...support, target: "tdg" }],
    expect: { blocked: false, released: [] },
  },
  {
    // docs/provider.md: the new instance takes the number over; the old instance's delete does not release it.
    name: "up --replace of a searched number is a hand-over",
    before: [sales],
    after: [sales],
    args: (s) => ["--replace", s.urn("sales")],
    expect: { blocked: false, released: [] },
    cannotSee: { pack: /--replace/ },
  },
];

describeCases("the pack, check, plan-waves and the provider tell one story, and it is what the provider did", CASES);

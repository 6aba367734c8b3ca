import { KNOWN_DISAGREEMENTS } from "./known";
import { Declared, Story, describeStory, disagreements, gateStories, providerStory } from "./faces";
import { CaseStack, CaseWorkspace } from "./stack";

/**
 * Proof that the faces tell one story, through the real CLI (issue 21, item 6): for each change a user makes, the
 * pack (`pulumi preview --policy-pack`), `connect-numbers check` and `plan-waves` on `pulumi preview --json
 * --show-replacement-steps`, and `pulumi up --skip-preview` (the provider and its guard), each run as the user runs
 * it, with the stack's own settings (its history file, its per-user ledger, the emulator's quota). Their stories must
 * agree, and be what the emulator recorded. Each case has its own stack and a freshly reset account (stack.ts).
 *
 * A case listed in known.ts is a disagreement found on main, kept as `it.failing` with the issue item it belongs to:
 * when the fix lands the case passes, `it.failing` then fails, and the entry comes out of the list.
 * DIFFERENTIAL_STRICT=1 runs every case as a plain test, to see each disagreement in full.
 */

interface Case {
  name: string;
  /** The program before the change (applied with `pulumi up`), and after. */
  before: Array<Record<string, unknown>>;
  after: Array<Record<string, unknown>>;
  emulator?: { quota?: number };
  /** Set up the account before the stack's first `up`. */
  arrange?: (s: CaseStack) => Promise<unknown>;
  /** Set up the account after the stack's first `up`, before the change. */
  arrangeLate?: (s: CaseStack) => Promise<unknown>;
  /** Extra arguments for preview and up, e.g. `--replace <urn>`. */
  args?: (s: CaseStack) => string[];
  /** What the story must be, beyond agreement: whether the provider stops, and the numbers it releases. */
  expect: { blocked: boolean; released?: string[] };
  /** A face that cannot see what decides the outcome must say so, in these words. */
  cannotSee?: Partial<Record<Story["face"], RegExp>>;
  /** A gate that blocks on policy what the provider carries out, and the words it must say (faces.ts Declared). */
  blocksOnPolicy?: Declared["blocksOnPolicy"];
  /** Releases named on purpose, after the change is declared (CaseStack.allowReleases): to some faces only. */
  allow?: (s: CaseStack) => void;
  /** Words a face must say (one line, quotes unescaped), and words it must not. */
  says?: Partial<Record<Story["face"], RegExp>>;
  saysNot?: Partial<Record<Story["face"], RegExp>>;
  /** What the account must hold after the change, beyond the stories: a problem a line. */
  holds?: (s: CaseStack) => Promise<string[]>;
}

const DAY = 86_400_000;
const seedReleases = (s: CaseStack, count: number) =>
  s.emu.control.seed({
    events: Array.from({ length: count }, (_, i) => ({ at: Date.now() - (10 + i) * DAY, action: "release" as const })),
  });
/**
 * Churn CloudTrail delivers minutes after the deployment recorded its span (it delivers within minutes, not at once):
 * every face reads CloudTrail from a lag before the ledger's last complete instant, so every face sees it. Churn
 * delivered days late is seen at the next `ledger sync` (docs/limits.md).
 */
const seedLateReleases = (s: CaseStack, count: number) =>
  s.emu.control.seed({
    events: Array.from({ length: count }, (_, i) => ({
      at: Date.now() - (1 + i) * 60_000,
      action: "release" as const,
    })),
  });
/** The stack's instance gets its own "Phone numbers per instance" (L-8F812903), and `held` unowned numbers. */
const ownQuota = async (s: CaseStack, quota: number, held: number) => {
  const instance = (await s.emu.control.info()).instances[0];
  await s.emu.control.settings({ instanceQuotas: { [instance]: quota } });
  await s.emu.control.seed({ count: held });
};
const support = { name: "support", target: "instance", phoneNumber: "+18005550100" };
const fax = { name: "fax", target: "instance", phoneNumber: "+18005550177" };
/** The numbers the emulator's account holds FAILED. */
async function failedNumbers(s: CaseStack) {
  const state = await s.emu.control.state();
  return state.partitions.flatMap((p) => p.numbers).filter((n) => n.status === "FAILED");
}

/** Declares `resource` beside `support` and runs `up`, whose claim of it AWS reports FAILED: left in state so. */
async function failClaimOf(s: CaseStack, resource: Record<string, unknown>): Promise<void> {
  await s.emu.control.fault({ kind: "claim-failed", message: "The claim failed." });
  s.declare([support, resource]);
  const failed = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
  if (failed.code === 0) throw new Error(`the claim did not fail\n${failed.stdout}`);
}
const sales = { name: "sales", target: "instance", countryCode: "US", type: "DID", prefix: "+1206" };
const extra = (i: number) => ({
  name: `extra${i}`,
  target: "instance",
  countryCode: "US",
  type: "DID",
  prefix: "+1312",
});

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

describe("the pack, check, plan-waves and the provider tell one story, and it is what the provider did", () => {
  let cases: CaseWorkspace;
  beforeAll(async () => {
    cases = await CaseWorkspace.open();
  }, 120_000);
  afterAll(async () => cases?.close());

  for (const c of CASES) {
    const known = KNOWN_DISAGREEMENTS[c.name];
    const test = known && process.env.DIFFERENTIAL_STRICT !== "1" ? it.failing : it;
    test(`${c.name}${known ? ` (known: ${known})` : ""}`, async () => {
      const s = await cases.stack(c.emulator);
      await c.arrange?.(s);
      s.declare(c.before);
      const first = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
      if (first.code !== 0) throw new Error(`the stack's first up failed\n${first.stdout}\n${first.stderr}`);
      await c.arrangeLate?.(s);
      s.declare(c.after);
      c.allow?.(s);
      const args = c.args?.(s) ?? [];
      const { pack, check, waves } = await gateStories(s, args);
      const provider = await providerStory(s, args);
      const stories = [pack, check, waves, provider];
      const found = disagreements(stories, c);
      if (provider.blocked !== c.expect.blocked)
        found.push(
          `the provider ${provider.blocked ? "stopped" : "applied it"}, expected ${c.expect.blocked ? "a stop" : "it applied"}`,
        );
      const released = (provider.released ?? []).join(", ");
      if (c.expect.released && released !== c.expect.released.join(", "))
        found.push(`the provider released [${released}], expected [${c.expect.released.join(", ")}]`);
      found.push(...((await c.holds?.(s)) ?? []));
      const said = (x: Story) => x.text.replace(/\\"/g, '"').replace(/\s*\n\s*/g, " ");
      for (const x of stories) {
        const must = c.says?.[x.face];
        if (must && !must.test(said(x))) found.push(`${x.face} does not say ${must}`);
        const mustNot = c.saysNot?.[x.face];
        if (mustNot && mustNot.test(said(x))) found.push(`${x.face} says ${mustNot}`);
      }
      expect({
        case: c.name,
        disagreements: found,
        stories: found.length > 0 ? stories.map((x) => describeStory(x)) : [],
      }).toEqual({ case: c.name, disagreements: [], stories: [] });
    }, 600_000);
  }
});

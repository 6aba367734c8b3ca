import { cli } from "../e2e/cli-helpers";
import { Declared, Story, describeStory, disagreements, gateStories, providerStory, windowArgs } from "./faces";
import { KNOWN_DISAGREEMENTS } from "./known";
import { CaseStack, CaseWorkspace, pool, spent, up } from "./stack";

/**
 * The faces tell one story of a PhoneNumberSet too (issue 22 item 2, through the real CLI as face-cases.ts does
 * for single numbers): growth, a shrink by name and without, growth over the churn budget whole and by what fits,
 * and a member AWS reported FAILED. Beyond agreeing on the verdict, the releases and the claims, each face must say
 * the words that name the resource and the way out (`says`).
 */

interface SetCase {
  name: string;
  before: Array<Record<string, unknown>>;
  /** The sets after the change; a function of the stack for a change that names the numbers the set holds. */
  after: Array<Record<string, unknown>> | ((s: CaseStack) => Promise<Array<Record<string, unknown>>>);
  emulator?: { quota?: number };
  arrange?: (s: CaseStack) => Promise<unknown>;
  arrangeLate?: (s: CaseStack) => Promise<unknown>;
  /** exits: what `check` and `plan-waves` exit with (docs/cli.md: 1 blocked, 3 cannot judge). */
  expect: { blocked: boolean; released?: string[]; claims?: number; exits?: Partial<Record<Story["face"], number>> };
  /** What every face listed must print. */
  says?: Partial<Record<Story["face"], RegExp>>;
  /** What a face must not print (a label or a command it must not give). */
  never?: Partial<Record<Story["face"], RegExp>>;
  /** A gate that blocks on policy what the provider carries out, and the words it must say (faces.ts Declared). */
  blocksOnPolicy?: Declared["blocksOnPolicy"];
  /** After the provider's up: more that the user meets, as disagreement lines (none when all is well). */
  then?: (s: CaseStack, stories: Story[]) => Promise<string[]>;
}

const held = async (s: CaseStack) => {
  const r = await s.pulumi(["stack", "output", "sets", "--json"]);
  return (JSON.parse(r.stdout).pool ?? []) as Array<{ phoneNumber: string }>;
};
// Count 2 to 1: either number would do, so both are candidates.
const NAMED_SHRINK =
  /PhoneNumberSet "pool": the set holds 1 number its declaration no longer wants and names none of them in release.*Candidates: \+\d+, \+\d+ \(name any 1 of them\)\. Name the ones to let go/;
/** A set's update in every face's words: it grows or shrinks, never "create" or "delete". */
const GROWS = /"op": "update",\s*"change": "update \(grows by 2\)"/;
const SHRINKS = /"op": "update",\s*"change": "update \(releases 1 named number\)"/;
const SHRINKS_PACK = /held by \S+PhoneNumberSet::pool: named in its release \(the set stays declared and shrinks\)/;
const OVER_PACK = /- claim by \S+PhoneNumberSet::pool \[the set grows\]/;
const NOT_REMOVED = /PhoneNumberSet::pool: no longer declared|"op": "(create|delete)"|\[create\]|\[delete\]/;
const MALFORMED = [
  /PhoneNumberSet "pool": release\[0\] = "2125550100": is not an E\.164 phone number\. Add the leading \+ and the country code: "\+12125550100" for a North American number/,
  /PhoneNumberSet "pool": release\[1\] = "\+1 212 555 0100": is not an E\.164 phone number\. Remove spaces and punctuation: "\+12125550100"\./,
];
const FOREIGN =
  /PhoneNumberSet "pool": release\[0\] = "\+19995550100": names no number the set holds\. Remove it from release, or name one of the set's own numbers \(\+\d+, \+\d+\)\./;
/** plan-waves (JSON) on a whole growth: one wave carrying all of it, never a first wave of the part that fits now. */
const WHOLE_WAVE = /"waves": \[\s*\{\s*"at": "\S+Z",\s*"operations": \[[^\]]*\]\s*\}\s*\]/;
/** How often a text says something. */
const times = (text: string, re: RegExp) => text.split(re).length - 1;
const OFFER =
  /PhoneNumberSet "pool": 1 of its 3 claims fits the churn budget now; to claim that one now and the other 2 from \S+Z, declare growBy: "fits"/;
const WAITS =
  /PhoneNumberSet "pool": growBy "fits": 1 claim fits the churn budget now; 2 did not fit the churn budget now and wait; there is room from \S+Z/;
const ROOM =
  /PhoneNumberSet "pool" grows by 3 numbers, whole \(growBy "all"\), but instance\/\S+ holds 3 of its quota of 5 \("Phone numbers per instance", L-8F812903\): room for 2\. Nothing of the growth is claimed\. To go ahead: declare growBy: "fits"/;
const WAITS_ROOM =
  /PhoneNumberSet "pool": growBy "fits": 2 claims fit now; 1 waits for room on instance\/\S+: it holds 3 of its quota of 5 \("Phone numbers per instance", L-8F812903\), room for 2\./;
const RELEASES = /This plan makes 0 claims and 3 releases; .*?It would fit from \S+Z/;
/** Two numbers the set does not hold on its instance: with the set's one, 3 of the quota of 5. */
const crowd = async (s: CaseStack) => {
  const [instance] = (await s.emu.control.info()).instances;
  await s.emu.control.seed({ numbers: [{ targetArn: instance }, { targetArn: instance }] });
};

/** The set grows by one claim that AWS reports FAILED: the up fails, the member stays in state. */
const growByAFailedClaim = async (s: CaseStack) => {
  await s.emu.control.fault({ kind: "claim-failed", message: "The target has reached its limit." });
  s.declareSets([pool({ count: 2 })]);
  const failed = await up(s);
  if (failed.code === 0) throw new Error(`the claim did not fail\n${failed.stdout}`);
};

const TWICE =
  /PhoneNumberSet "(pool|desk)": \+18005550100 is declared twice: `(pool|desk)` and `(pool|desk)`: one number cannot belong to two resources\. Remove one declaration, or give it another number\./;

/** The pack says the rename once and `check` lists one (however many numbers the renamed set holds). */
const saysOneRename = (stories: Story[]): string[] => saysRenames(stories, 1);
/** The pack and check say each pair of a releasing and a claiming set once: `count` renames in all. */
const saysRenames = (stories: Story[], count: number): string[] => {
  const pack = stories.find((x) => x.face === "pack")!.text;
  const check = JSON.parse(
    stories
      .find((x) => x.face === "check")!
      .text.replace(/^exit \d+\n/, "")
      .split("\n\n")[0],
  );
  const out: string[] = [];
  const said = times(pack, /\[mandatory\]\s+connect-phone-number-rename/);
  if (said !== count) out.push(`the pack says ${said} renames, not ${count}`);
  if (check.renames.length !== count) out.push(`check lists ${check.renames.length} renames, not ${count}`);
  return out;
};

const CASES: SetCase[] = [
  {
    // Campaign seed -302265911: the second set took the number from the first, and a later named release of it
    // released a number the first still declared. The provider's check now refuses it at preview, so every face stops.
    name: "a number two sets declare is refused at preview, naming both",
    before: [pool({ phoneNumbers: ["+18005550100"] })],
    after: [pool({ phoneNumbers: ["+18005550100"] }), pool({ name: "desk", phoneNumbers: ["+18005550100"] })],
    expect: { blocked: true, released: [], claims: 0 },
    says: { pack: TWICE, check: TWICE, "plan-waves": TWICE, provider: TWICE },
  },
  {
    name: "growth of a set that fits claims the difference",
    before: [pool({ count: 2 })],
    after: [pool({ count: 4 })],
    expect: { blocked: false, released: [], claims: 2 },
    says: { check: GROWS },
    never: { check: NOT_REMOVED },
  },
  {
    name: "shrink of a set naming its release releases that number alone",
    before: [pool({ count: 3 })],
    after: async (s) => [pool({ count: 2, release: [(await held(s))[0].phoneNumber] })],
    expect: { blocked: false, claims: 0 },
    says: { pack: SHRINKS_PACK, check: SHRINKS },
    never: { pack: NOT_REMOVED, check: NOT_REMOVED },
    // The release stays in the program after the number is gone: the next preview shows no change, refuses nothing.
    then: async (s) => {
      const again = await s.pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
      return again.code === 0
        ? []
        : [`the preview after the named release is not quiet\n${again.stdout}${again.stderr}`];
    },
  },
  {
    name: "a set's release entries that are no number are refused one by one at preview",
    before: [pool({ count: 2 })],
    after: [pool({ count: 2, release: ["2125550100", "+1 212 555 0100"] })],
    expect: { blocked: true, released: [], claims: 0, exits: { check: 1, "plan-waves": 1 } },
    then: async (_s, stories) =>
      stories.flatMap((x) =>
        MALFORMED.filter((re) => !re.test(x.text.replace(/\\"/g, '"'))).map((re) => `${x.face} does not say ${re}`),
      ),
  },
  {
    name: "a set's release entry naming a number the set does not hold is refused at preview",
    before: [pool({ count: 2 })],
    after: [pool({ count: 2, release: ["+19995550100"] })],
    expect: { blocked: true, released: [], claims: 0, exits: { check: 1, "plan-waves": 1 } },
    says: { pack: FOREIGN, check: FOREIGN, "plan-waves": FOREIGN, provider: FOREIGN },
  },
  {
    name: "a set renamed without an alias is one rename, listing its numbers, in the pack and in check",
    before: [pool({ count: 3 })],
    after: [pool({ name: "desk", count: 3 })],
    // The provider claims for the new set and refuses the old one's delete (a rename without an alias), as the gates
    // say; they list what it would release.
    expect: { blocked: true, claims: 3 },
    says: {
      pack: /::desk searches for numbers that \S+::pool's 3 numbers \(\+\d+, \+\d+, \+\d+\) match, and this plan lets them go/,
      check:
        /3 numbers would be released .*::pool releases 3 numbers \(\+\d+, \+\d+, \+\d+\) while \S+::desk searches for numbers it meets/,
    },
    then: async (_s, stories) => saysOneRename(stories),
  },
  {
    // Breaker M3, then pairing: the removed set's number meets the new set's search too. The provider meets each
    // delete alone, in the order Pulumi's parallel deletes run, so each removed set pairs with desk on its own: two
    // renames, both deletes refused (it was a removal for the gates, and refused or released by the delete's order).
    name: "a set renamed without an alias while another set its search meets is removed: each pairs with the new set",
    before: [pool({ name: "spare", count: 1 }), pool({ count: 3 })],
    after: [pool({ name: "desk", count: 3 })],
    expect: { blocked: true, released: [], claims: 3 },
    says: {
      pack: /(?=.*::desk searches for numbers that \S+::pool's 3 numbers)(?=.*aliases: \[\{ name: "spare" \}\] to \S+::desk\.)/s,
      provider: /(?=.*PhoneNumberSet "pool": refusing to release)(?=.*PhoneNumberSet "spare": refusing to release)/s,
    },
    then: async (_s, stories) => saysRenames(stories, 2),
  },
  {
    // Breaker s8 (issue 21): check paired the renamed set with the first removed set in the plan's steps. Each removed
    // set now pairs with b4 on its own (pairing): neither delete knows of the other, and every gate names both.
    name: "a set renamed without an alias while a larger set is removed: every gate pairs each with the new set",
    before: [pool({ name: "a3", count: 2 }), pool({ name: "b3", count: 1 })],
    after: [pool({ name: "b4", count: 1 })],
    expect: { blocked: true, released: [], claims: 1 },
    says: {
      pack: /(?=.*aliases: \[\{ name: "b3" \}\] to \S+::b4\.)(?=.*aliases: \[\{ name: "a3" \}\] to \S+::b4\.)/s,
      check: /(?=.*aliases: \[\{ name: "b3" \}\]` on \S+::b4\.)(?=.*aliases: \[\{ name: "a3" \}\]` on \S+::b4\.)/s,
      "plan-waves": /aliases: \[\{ name: "(a3|b3)" \}\]` on \S+::b4\./,
    },
  },
  {
    // Breaker s1 (issue 21): the pack crossed two sets renamed alike (a2 with b, b2 with a).
    name: "two sets renamed alike without aliases each pair with their own old name in every gate",
    before: [pool({ name: "a", count: 2 }), pool({ name: "b", count: 2 })],
    after: [pool({ name: "a2", count: 2 }), pool({ name: "b2", count: 2 })],
    expect: { blocked: true, claims: 4 },
    says: {
      pack: /(?=.*aliases: \[\{ name: "a" \}\] to \S+::a2\.)(?=.*aliases: \[\{ name: "b" \}\] to \S+::b2\.)/,
      check: /(?=.*aliases: \[\{ name: "a" \}\]` on \S+::a2\b)(?=.*aliases: \[\{ name: "b" \}\]` on \S+::b2\b)/,
    },
    never: {
      pack: /\{ name: "b" \}\] to \S+::a2\b|\{ name: "a" \}\] to \S+::b2\b/,
      check: /\{ name: "b" \}\]` on \S+::a2\b|\{ name: "a" \}\]` on \S+::b2\b/,
    },
  },
  {
    name: "shrink of a set without release names is refused, listing the candidates",
    before: [pool({ count: 2 })],
    after: [pool({ count: 1 })],
    expect: { blocked: true, released: [], claims: 0, exits: { check: 1, "plan-waves": 1 } },
    says: { pack: NAMED_SHRINK, check: NAMED_SHRINK, "plan-waves": NAMED_SHRINK, provider: NAMED_SHRINK },
  },
  {
    // 8 of the 10 the window allows spent before; the set holds 1: room for 1 more claim, the growth asks for 3.
    name: "growth of a set over the churn budget, growing whole, is refused with the part that fits",
    before: [pool({ count: 1 })],
    after: [pool({ count: 4 })],
    emulator: { quota: 5 },
    arrange: (s) => spent(s, 8),
    expect: { blocked: true, released: [], claims: 0, exits: { check: 1, "plan-waves": 0 } },
    says: { pack: OFFER, check: OFFER, "plan-waves": WHOLE_WAVE, provider: OFFER },
    never: { "plan-waves": /grows over/ },
    then: async (s, stories) => {
      // The text a user reads: one command, for the whole growth, at the instant the other 2 fit (the offer's).
      const preview = await s.pulumi(["preview", "--json", "--non-interactive", "--show-replacement-steps"]);
      const r = await cli(["plan-waves", "-", ...windowArgs(s)], { stdin: preview.stdout, env: s.env });
      const out: string[] = [];
      const offeredAt = /the other 2 from (\S+Z)/.exec(stories.find((x) => x.face === "check")!.text)?.[1];
      if (r.code !== 0) out.push(`plan-waves (text) exits ${r.code}, not 0`);
      if ((r.stdout.match(/--target/g) ?? []).length !== 1)
        out.push(`plan-waves (text) does not give one command\n${r.stdout}`);
      if (!r.stdout.includes(`wave 1: at or after ${offeredAt}: claim, claim, claim\n`))
        out.push(`plan-waves (text) does not carry the whole growth at ${offeredAt}\n${r.stdout}`);
      if (!OVER_PACK.test(stories.find((x) => x.face === "pack")!.text))
        out.push("the pack does not say the set grows");
      return out;
    },
  },
  {
    name: "growth of a set over the churn budget by what fits claims the part that fits and says when the rest",
    before: [pool({ count: 1, growBy: "fits" })],
    after: [pool({ count: 4, growBy: "fits" })],
    emulator: { quota: 5 },
    arrange: (s) => spent(s, 8),
    expect: { blocked: false, released: [], claims: 1 },
    says: { pack: WAITS, check: WAITS, "plan-waves": /grows over \d+ waves .*it grows by what fits/, provider: WAITS },
    // Nothing more can be claimed before the budget has room: the next preview shows no change, and says why.
    then: async (s) => {
      const again = await s.pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
      const text = `${again.stdout}${again.stderr}`;
      const out: string[] = [];
      if (again.code !== 0) out.push(`pulumi preview --expect-no-changes exits ${again.code}\n${text}`);
      if (!/PhoneNumberSet "pool": growBy "fits": 2 numbers wait for room in the churn budget until \S+Z/.test(text))
        out.push(`the preview does not say what waits\n${text}`);
      return out;
    },
  },
  {
    // The budget (10) takes the 3 claims; the instance has room for 2. Per claim, the provider claimed the 2 first.
    name: "growth of a set over its instance's room, growing whole, is refused whole: nothing is claimed",
    before: [pool({ count: 1 })],
    after: [pool({ count: 4 })],
    emulator: { quota: 5 },
    arrange: crowd,
    expect: { blocked: true, released: [], claims: 0 },
    says: { pack: ROOM, check: ROOM, provider: ROOM },
  },
  {
    name: "growth of a set over its instance's room by what fits claims what there is room for and says the rest waits",
    before: [pool({ count: 1, growBy: "fits" })],
    after: [pool({ count: 4, growBy: "fits" })],
    emulator: { quota: 5 },
    arrange: crowd,
    expect: { blocked: false, released: [], claims: 2 },
    says: { pack: WAITS_ROOM, check: WAITS_ROOM, provider: WAITS_ROOM },
  },
  {
    // The set's 3 claims and 6 spent before: 9 of 10. Its 3 releases are one batch, refused whole as check counts it.
    name: "a set removed over the churn budget is refused whole, its releases counted as one batch by check and provider",
    before: [pool({ count: 3 })],
    after: [],
    emulator: { quota: 5 },
    arrange: (s) => spent(s, 6),
    expect: { blocked: true, released: [], claims: 0 },
    says: { check: RELEASES, provider: RELEASES },
  },
  {
    // A claim AWS reports FAILED stays in the set's state; the next change claims that slot again.
    name: "a set member AWS reported FAILED is claimed again, and every face counts that claim",
    before: [pool({ count: 1 })],
    arrangeLate: growByAFailedClaim,
    after: [pool({ count: 2 })],
    expect: { blocked: false, released: [], claims: 1 },
  },
  {
    // The same with the ledger vouching for the stack's index (a sync after the first up): the pack and `check` take
    // the member's FAILED status from the holder record the provider wrote when it learned it, and describe nothing.
    name: "a set member AWS reported FAILED, read from the ledger's vouched index, is claimed again by every face",
    before: [pool({ count: 1 })],
    arrangeLate: async (s) => {
      const sync = await cli(["ledger", "sync", "--endpoint", s.emu.endpoint, "--region", s.emu.region], {
        env: s.env,
      });
      if (sync.code !== 0) throw new Error(`ledger sync failed\n${sync.stdout}\n${sync.stderr}`);
      await growByAFailedClaim(s);
    },
    after: [pool({ count: 2 })],
    expect: { blocked: false, released: [], claims: 1 },
    says: { pack: /ownership index/ },
  },
];

describe("the pack, check, plan-waves and the provider tell one story of a PhoneNumberSet", () => {
  let cases: CaseWorkspace;
  beforeAll(async () => {
    cases = await CaseWorkspace.open("sets");
  }, 120_000);
  afterAll(async () => cases?.close());

  for (const c of CASES) {
    const known = KNOWN_DISAGREEMENTS[c.name];
    const test = known && process.env.DIFFERENTIAL_STRICT !== "1" ? it.failing : it;
    test(`${c.name}${known ? ` (known: ${known})` : ""}`, async () => {
      const s = await cases.stack(c.emulator);
      await c.arrange?.(s);
      s.declareSets(c.before);
      const first = await up(s);
      if (first.code !== 0) throw new Error(`the stack's first up failed\n${first.stdout}\n${first.stderr}`);
      await c.arrangeLate?.(s);
      s.declareSets(typeof c.after === "function" ? await c.after(s) : c.after);
      const { pack, check, waves } = await gateStories(s);
      const provider = await providerStory(s);
      const stories = [pack, check, waves, provider];
      const found = disagreements(stories, c);
      // A refusal is a verdict: where the provider stopped, a gate blocks (exit 1), it does not say it cannot judge.
      for (const x of [check, waves])
        if (provider.blocked && x.exit === 3) found.push(`${x.face} cannot judge (exit 3) where the provider refused`);
      if (provider.blocked !== c.expect.blocked)
        found.push(`the provider ${provider.blocked ? "stopped" : "applied it"}, expected the other`);
      if (c.expect.claims !== undefined && provider.claims !== c.expect.claims)
        found.push(`the provider made ${provider.claims} claim(s), expected ${c.expect.claims}`);
      if (c.expect.released && (provider.released ?? []).join(", ") !== c.expect.released.join(", "))
        found.push(`the provider released [${(provider.released ?? []).join(", ")}]`);
      found.push(...((await c.then?.(s, stories)) ?? []));
      for (const x of stories) {
        const never = c.never?.[x.face];
        if (never && never.test(x.text.replace(/\\"/g, '"'))) found.push(`${x.face} says ${never}`);
        const exit = c.expect.exits?.[x.face];
        if (exit !== undefined && x.exit !== exit) found.push(`${x.face} exits ${x.exit}, expected ${exit}`);
        const words = c.says?.[x.face];
        // check and plan-waves speak JSON here: their sentences are JSON strings, quotes escaped.
        const text = x.text.replace(/\\"/g, '"').replace(/\s*\n\s*/g, " ");
        if (words && !words.test(text)) found.push(`${x.face} does not say ${words}`);
      }
      expect({
        case: c.name,
        disagreements: found,
        stories: found.length > 0 ? stories.map((x) => describeStory(x, 4000)) : [],
      }).toEqual({ case: c.name, disagreements: [], stories: [] });
    }, 600_000);
  }
});

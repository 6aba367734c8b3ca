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

export interface Case {
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
export const seedReleases = (s: CaseStack, count: number) =>
  s.emu.control.seed({
    events: Array.from({ length: count }, (_, i) => ({ at: Date.now() - (10 + i) * DAY, action: "release" as const })),
  });
/**
 * Churn CloudTrail delivers minutes after the deployment recorded its span (it delivers within minutes, not at once):
 * every face reads CloudTrail from a lag before the ledger's last complete instant, so every face sees it. Churn
 * delivered days late is seen at the next `ledger sync` (docs/limits.md).
 */
export const seedLateReleases = (s: CaseStack, count: number) =>
  s.emu.control.seed({
    events: Array.from({ length: count }, (_, i) => ({
      at: Date.now() - (1 + i) * 60_000,
      action: "release" as const,
    })),
  });
/** The stack's instance gets its own "Phone numbers per instance" (L-8F812903), and `held` unowned numbers. */
export const ownQuota = async (s: CaseStack, quota: number, held: number) => {
  const instance = (await s.emu.control.info()).instances[0];
  await s.emu.control.settings({ instanceQuotas: { [instance]: quota } });
  await s.emu.control.seed({ count: held });
};
export const support = { name: "support", target: "instance", phoneNumber: "+18005550100" };
export const fax = { name: "fax", target: "instance", phoneNumber: "+18005550177" };
/** The numbers the emulator's account holds FAILED. */
export async function failedNumbers(s: CaseStack) {
  const state = await s.emu.control.state();
  return state.partitions.flatMap((p) => p.numbers).filter((n) => n.status === "FAILED");
}

/** Declares `resource` beside `support` and runs `up`, whose claim of it AWS reports FAILED: left in state so. */
export async function failClaimOf(s: CaseStack, resource: Record<string, unknown>): Promise<void> {
  await s.emu.control.fault({ kind: "claim-failed", message: "The claim failed." });
  s.declare([support, resource]);
  const failed = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
  if (failed.code === 0) throw new Error(`the claim did not fail\n${failed.stdout}`);
}
export const sales = { name: "sales", target: "instance", countryCode: "US", type: "DID", prefix: "+1206" };
export const extra = (i: number) => ({
  name: `extra${i}`,
  target: "instance",
  countryCode: "US",
  type: "DID",
  prefix: "+1312",
});

export function describeCases(title: string, CASES: readonly Case[]): void {
  describe(title, () => {
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
}

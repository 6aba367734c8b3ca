import { Owner, ownerFromUrn, ownershipTags } from "../../core";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import {
  CHURN,
  of,
  packHarness,
  PROTECTION,
  RENAME,
  REPORT,
  sales,
  support,
  urn,
  violations,
  warn,
} from "./policies/pack-harness";

/** Releases, renames and hand-overs, adoptions, owners by URN: the pack against the provider's own behaviour. */
describe("policies: what the pack says of releases, renames, adoptions and owners", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());
  const { preview, seedChurn } = packHarness(() => s);

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
      "This plan removes the resource holding 1 number: unless it retains on delete (retainOnDelete), its delete releases the number into a cooldown of up to 180 days:",
    );
    expect(of(removed.stdout, REPORT)[0]).toContain(
      `- +18005550100 (${ids.support}, us-east-1) held by ${urn("support")}: no longer declared`,
    );

    const gated = await preview({ ...warn, failOn: ["release"] });
    expect(gated.code).not.toBe(0);
    expect(of(gated.stdout, CHURN)[0]).toContain(
      'failOn includes "release", and of the numbers not named in allowReleases this plan removes the resource holding 1 number: unless it retains on delete (retainOnDelete), its delete releases the number',
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

  it("blocks a re-claim of a searched number (same country, type, prefix and region) without an alias; the stack's allowReleases lets it go and says so", async () => {
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
    // The provider reads only the stack's allowReleases: named in the policy config alone, the rename still blocks.
    const policyOnly = await preview({ ...warn, allowReleases: ["sales"] });
    expect(policyOnly.code).not.toBe(0);
    expect(of(policyOnly.stdout, RENAME)[0].replace(/\s+/g, " ")).toContain(
      `allowReleases "sales" (policy config) names it, but the provider reads only the stack's connect-numbers:allowReleases`,
    );
    await s.ws.pulumiOk(["config", "set", "--path", "connect-numbers:allowReleases[0]", "sales", "--type", "string"]);
    const allowed = await preview(warn);
    expect(allowed.code).toBe(0);
    expect(of(allowed.stdout, REPORT)[0]).toContain(
      `released on purpose: the stack's connect-numbers:allowReleases names "sales"`,
    );
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

  it("cannot see retainOnDelete (CrossGuard does not pass it): a removed retained number is still listed and counted as a release", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([{ ...support, retainOnDelete: true }]);
    await s.upOk();
    await s.declare([]);
    const removed = await preview(warn);
    expect(of(removed.stdout, REPORT)[0]).toContain(`held by ${urn("support")}: no longer declared`);
  });
});

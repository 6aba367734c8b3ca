import { Story, describeStory, disagreements, gateStories, providerStory } from "./faces";
import { CaseStack, CaseWorkspace, pool, setNumbers, up } from "./stack";

/**
 * A PhoneNumberSet renamed without an alias that also shrinks (3 numbers applied, then `desk` declared with 2 and no
 * alias), through the real CLI. The pack, `check` and `plan-waves` block it, naming the numbers and the alias fix;
 * `pulumi up --skip-preview`, which no gate sees, must do what they say: the new set claims its 2, and the old set's
 * delete is refused (provider/runtime/rename-release.ts), so the 3 numbers stay held and in the stack. It released
 * all 3 and exited 0 (breaker: the set's delete had no rename guard).
 */

/** The numbers the stack's state records for a set, whether or not the program still declares it. */
const stateNumbers = async (s: CaseStack, name: string) => {
  const state = JSON.parse((await s.pulumi(["stack", "export"])).stdout) as {
    deployment: { resources: Array<{ urn: string; outputs?: { numbers?: Array<{ phoneNumber: string }> } }> };
  };
  const set = state.deployment.resources.find((r) => r.urn.endsWith(`:PhoneNumberSet::${name}`));
  return (set?.outputs?.numbers ?? []).map((n) => n.phoneNumber).sort();
};
/** A face's words, one line, quotes unescaped (check speaks JSON here). */
const text = (stories: Story[], face: Story["face"]) =>
  stories
    .find((x) => x.face === face)!
    .text.replace(/\\"/g, '"')
    .replace(/\s*\n\s*/g, " ");
const list = (numbers: readonly string[]) => numbers.map((n) => n.replace("+", "\\+")).join(", ");

describe("a set renamed without an alias that shrinks: the gates block it and the provider refuses it", () => {
  let cases: CaseWorkspace;
  beforeAll(async () => {
    cases = await CaseWorkspace.open("sets");
  }, 120_000);
  afterAll(async () => cases?.close());

  it("the pack, check and plan-waves block it, and `up --skip-preview` claims 2, refuses the release and keeps the 3", async () => {
    const s = await cases.stack();
    s.declareSets([pool({ count: 3 })]);
    const first = await up(s);
    if (first.code !== 0) throw new Error(`the stack's first up failed\n${first.stdout}\n${first.stderr}`);
    const old = await setNumbers(s, "pool");
    expect(old).toHaveLength(3);

    s.declareSets([pool({ name: "desk", count: 2 })]);
    const { pack, check, waves } = await gateStories(s);
    const provider = await providerStory(s);
    const stories = [pack, check, waves, provider];
    const found = disagreements(stories);
    const need = (ok: boolean, what: string) => ok || found.push(what);
    for (const g of [pack, check, waves]) need(g.blocked, `${g.face} lets the rename through`);
    need(provider.blocked, "the provider's up went through (exit 0)");
    need(provider.claims === 2, `the provider made ${provider.claims} claim(s), expected the new set's 2`);
    need((provider.released ?? []).length === 0, `the provider released [${(provider.released ?? []).join(", ")}]`);
    // Every face names the same 2 numbers as the new set's search would take (core's pairing), the shrink the alias
    // leads into with all 3 as candidates, and the alias fix; the gates say what the provider then does.
    const lost = {
      pack: /'s 2 numbers \(([^)]*)\) match/.exec(text(stories, "pack"))?.[1],
      check: /::pool releases 2 numbers \(([^)]*)\)/.exec(text(stories, "check"))?.[1],
      provider: /searched for new numbers \(it got [^)]*\) and ([^ ]+, [^ ]+) meet its criteria/.exec(
        text(stories, "provider"),
      )?.[1],
    };
    need(
      lost.pack !== undefined && lost.pack === lost.check && lost.check === lost.provider,
      `the faces name different numbers lost: ${JSON.stringify(lost)}`,
    );
    const shrink = new RegExp(
      `With the alias the set holds its 3 numbers and declares 2: it shrinks by 1, .*\\(any 1 of ${list(old)}\\)`,
    );
    for (const face of ["pack", "check", "provider"] as const) {
      need(shrink.test(text(stories, face)), `${face} does not say the shrink the alias leads into`);
      need(/aliases: \[\{ name: "pool" \}\]/.test(text(stories, face)), `${face} does not give the alias fix`);
    }
    for (const face of ["pack", "check"] as const)
      need(
        /connect-numbers' provider refuses to release them and stops the apply/.test(text(stories, face)),
        `${face} does not say the provider refuses the release`,
      );
    need(/aliases: \[\{ name: "pool" \}\]/.test(text(stories, "plan-waves")), "plan-waves does not give the alias fix");
    need(
      new RegExp(
        `PhoneNumberSet "pool": refusing to release its 3 numbers \\(${list(old)}\\): PhoneNumberSet "desk", created by this \`up\`, searched for new numbers`,
      ).test(text(stories, "provider")),
      "the provider's up does not say it refuses the release of the 3 numbers for `desk`",
    );
    // The old set stays in the stack with its 3 numbers, all still held in the account.
    need(JSON.stringify(await stateNumbers(s, "pool")) === JSON.stringify(old), "the old set's numbers left the stack");
    const held = (await s.emu.control.state()).partitions.flatMap((p) => p.numbers.map((n) => n.phoneNumber));
    need(
      old.every((n) => held.includes(n)),
      `the account no longer holds all of ${old.join(", ")}`,
    );
    // A retry that creates nothing refuses again: the numbers are kept for `desk`.
    const retry = await up(s);
    need(retry.code !== 0, "a retry of the up released the old numbers");
    need(
      /are kept for PhoneNumberSet "desk", which the program declares/.test(`${retry.stdout}\n${retry.stderr}`),
      "a retry does not say the numbers are kept for `desk`",
    );
    expect({
      disagreements: found,
      stories: found.length > 0 ? stories.map((x) => describeStory(x, 6000)) : [],
    }).toEqual({ disagreements: [], stories: [] });
  }, 600_000);

  // The breaker's (pairing): `main` renamed to `pool-2` without an alias, and `pool` removed in the same change; its
  // numbers meet pool-2's search too, and its name is nearer. The gates paired pool with pool-2 (so allowing pool
  // passed, main's numbers plain releases) while the provider's guard paired whichever delete ran first: it refused
  // main's, or released what the gates said was kept. Each removed set now pairs with pool-2 on its own, everywhere.
  it.each([
    ["nothing allowed: every face blocks both, and the up refuses both deletes", []],
    ["pool allowed: every face blocks main, and the up releases pool's numbers and refuses main's delete", ["pool"]],
  ])(
    "a set renamed and another removed set its search meets: %s",
    async (_, allowed: string[]) => {
      const s = await cases.stack();
      s.declareSets([pool({ name: "main", count: 2 }), pool({ count: 2 })]);
      const first = await up(s);
      if (first.code !== 0) throw new Error(`the stack's first up failed\n${first.stdout}\n${first.stderr}`);
      const main = await setNumbers(s, "main");
      const spare = await setNumbers(s, "pool");

      s.declareSets([pool({ name: "pool-2", count: 2 })]);
      s.allowReleases(allowed);
      const { pack, check, waves } = await gateStories(s);
      const provider = await providerStory(s);
      const stories = [pack, check, waves, provider];
      const found = disagreements(stories);
      const need = (ok: boolean, what: string) => ok || found.push(what);
      const poolAllowed = allowed.includes("pool");
      for (const g of [pack, check, waves]) need(g.blocked, `${g.face} lets main's rename through`);
      need(provider.blocked, "the provider's up went through (exit 0)");
      need(provider.claims === 2, `the provider made ${provider.claims} claim(s), expected pool-2's 2`);
      const released = poolAllowed ? spare : [];
      need(
        JSON.stringify(provider.released) === JSON.stringify(released),
        `the provider released [${(provider.released ?? []).join(", ")}], expected [${released.join(", ")}]`,
      );
      const refuses = (name: string, numbers: readonly string[]) =>
        new RegExp(
          `PhoneNumberSet "${name}": refusing to release its 2 numbers \\(${list(numbers)}\\): PhoneNumberSet "pool-2", created by this \`up\`, searched for new numbers`,
        ).test(text(stories, "provider"));
      need(refuses("main", main), "the provider's up does not refuse main's delete for pool-2");
      need(
        refuses("pool", spare) !== poolAllowed,
        `the provider's up ${poolAllowed ? "refuses" : "does not refuse"} pool's delete`,
      );
      // The pack and check pair each removed set with pool-2: main blocked with its alias fix, and pool either blocked
      // with its own or released on purpose, as the provider did.
      const alias = (name: string) => new RegExp(`aliases: \\[\\{ name: "${name}" \\}\\]`);
      for (const face of ["pack", "check"] as const)
        need(alias("main").test(text(stories, face)), `${face} does not block main`);
      const poolSaid = poolAllowed
        ? {
            pack: spare.every((n) =>
              new RegExp(
                `${n.replace("+", "\\+")} \\([^)]*\\) held by \\S+::pool: no longer declared — released on purpose: the stack's connect-numbers:allowReleases names "pool"`,
              ).test(text(stories, "pack")),
            ),
            check: /"released": "[^"]*::pool", "claim": "[^"]*::pool-2",((?!"released":).)*"acceptedBy": "pool"/.test(
              text(stories, "check"),
            ),
          }
        : { pack: alias("pool").test(text(stories, "pack")), check: alias("pool").test(text(stories, "check")) };
      for (const face of ["pack", "check"] as const)
        need(
          poolSaid[face],
          `${face} does not ${poolAllowed ? "release pool on purpose" : "block pool"} (paired with pool-2)`,
        );
      need(JSON.stringify(await stateNumbers(s, "main")) === JSON.stringify(main), "main's numbers left the stack");
      need(
        JSON.stringify(await stateNumbers(s, "pool")) === JSON.stringify(poolAllowed ? [] : spare),
        `pool's numbers ${poolAllowed ? "stayed in" : "left"} the stack`,
      );
      expect({
        disagreements: found,
        stories: found.length > 0 || process.env.SHOW_STORIES ? stories.map((x) => describeStory(x, 8000)) : [],
      }).toEqual({ disagreements: [], stories: [] });
    },
    600_000,
  );
});

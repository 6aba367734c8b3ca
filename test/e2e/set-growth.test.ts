import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { cli, tempDir } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * A PhoneNumberSet whose growth the churn budget cannot take now, through every face as a user runs it: the pack
 * (`pulumi preview --policy-pack`), `connect-numbers check` and `plan-waves` on `pulumi preview --json`, and
 * `pulumi up` (the provider's guard). Growing whole (the default), each refuses it and offers the same way out,
 * growBy "fits", with the part that fits now and when the rest; growing by what fits, each says the same claims
 * wait until the same instant, and the provider claims what fits.
 */

const PACK = path.join(REPO_ROOT, "policies");
const ACCOUNT_POLICIES = ["connect-phone-number-churn", "connect-phone-number-rename", "connect-phone-number-report"];
const SET_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
const OFFER =
  /PhoneNumberSet "big": 20 of its 30 claims fit the churn budget now; to claim those now and the other 10 from \S+Z, declare growBy: "fits" on it \(`connect-numbers plan-waves` shows the schedule\)\./;
const WAITS =
  /PhoneNumberSet "big": growBy "fits": 20 claims fit the churn budget now; 10 did not fit the churn budget now and wait; there is room from \S+Z\. Run `pulumi up` then \(`connect-numbers plan-waves` shows the schedule\)\./;

const said = (text: string, re: RegExp) => re.exec(text)?.[0];

describe("a PhoneNumberSet whose growth does not fit the churn budget: every face tells one story", () => {
  let s: NumbersStack;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    s = await numbersStack({ quota: 100 }, "test/e2e/programs/sets");
    dir = tempDir("cn-set-growth-");
    // 180 of the window's 200 (200% of the quota of 100) spent 10 days ago: 20 claims fit now, the set asks for 30.
    await s.emu.control.seed({
      events: Array.from({ length: 180 }, (_, i) => ({
        at: Date.now() - 10 * 86_400_000 - i * 60_000,
        action: "release" as const,
      })),
    });
  });
  afterAll(async () => {
    await s?.cleanup();
    dir?.cleanup();
  });

  const big = { name: "big", target: "instance", countryCode: "US", type: "DID", count: 30 };
  const declareSets = (sets: Array<Record<string, unknown>>) =>
    s.ws.pulumiOk(["config", "set", "sets", JSON.stringify(sets), "--non-interactive"]);
  const account = () => [
    "--cloudtrail",
    "--endpoint",
    s.emu.endpoint,
    "--region",
    s.emu.region,
    "--history",
    path.join(s.ws.root, "churn-history.jsonl"),
    "--ledger",
    "off",
  ];
  const pack = () =>
    s.ws.preview({
      policyPacks: [
        {
          dir: PACK,
          config: Object.fromEntries(
            ACCOUNT_POLICIES.map((p) => [
              p,
              {
                endpoint: s.emu.endpoint,
                region: s.emu.region,
                historyFiles: [path.join(s.ws.root, "churn-history.jsonl")],
                ledger: "off",
              },
            ]),
          ),
        },
      ],
    });
  const gates = async () => {
    const preview = await s.ws.pulumi(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
    expect(preview.code).toBe(0);
    const file = dir.write("plan.json", preview.stdout);
    const check = await cli(["check", file, ...account(), "--format", "json"]);
    const waves = await cli(["plan-waves", file, ...account()]);
    return { check, body: JSON.parse(check.stdout), waves };
  };
  const claims = async () => (await s.emu.control.events()).filter((e) => e.action === "claim").length;

  it('growing whole: the pack, check and the provider refuse it, each offering growBy "fits" with the same part and instant; plan-waves says how to follow its waves', async () => {
    await declareSets([big]);
    const p = await pack();
    expect(p.code).not.toBe(0);
    const fromPack = said(p.stdout, OFFER);
    expect(fromPack).toBeDefined();
    const g = await gates();
    expect(g.check.code).toBe(1);
    expect(g.body.ok).toBe(false);
    expect(g.body.input.notes).toContain(fromPack);
    // No command it says would be refused: blocked (exit 1), as check, with the reason and the way out.
    expect(g.waves.stdout).toMatch(
      /^No schedule for this plan: PhoneNumberSet "big" grows over \d+ waves \(20 claims in the first, 10 in the others\): a set claims its growth whole, so its first wave's `pulumi up` would be refused: declare growBy: "fits" on it/,
    );
    expect(g.waves.stdout).not.toMatch(/--target/);
    expect(g.waves.code).toBe(1);
    const up = await s.ws.up();
    expect(up.code).not.toBe(0);
    expect(said(up.stdout + up.stderr, OFFER)).toBe(fromPack);
    expect(await claims()).toBe(0);
  });

  it("growing by what fits: the pack and check pass it, saying the 10 claims that wait and from when, and the provider claims 20 and says the same", async () => {
    await declareSets([{ ...big, growBy: "fits" }]);
    const p = await pack();
    expect(p.code).toBe(0);
    const fromPack = said(p.stdout, WAITS);
    expect(fromPack).toBeDefined();
    expect(p.stdout).toMatch(/It claims 20 number\(s\)\./);
    const g = await gates();
    expect(g.check.code).toBe(0);
    expect(g.body).toMatchObject({ ok: true, claims: 20 });
    expect(g.body.input.notes).toContain(fromPack);
    expect(g.waves.code).toBe(0);
    expect(g.waves.stdout).toMatch(
      /PhoneNumberSet "big" grows over \d+ waves \(20 claims in the first, 10 in the others\): it grows by what fits/,
    );
    const up = await s.upOk();
    expect(said(up.stdout + up.stderr, WAITS)).toBe(fromPack);
    expect(await claims()).toBe(20);
    const set = (await s.ws.stackExport()).deployment.resources!.find((r) => r.type === SET_TYPE)!;
    expect(set.outputs).toMatchObject({ deferred: 10 });
  });
});

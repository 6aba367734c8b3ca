import * as path from "node:path";
import { listNumbers } from "../../aws/inventory";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { cli, tempDir } from "./cli-helpers";
import { NumbersStack, stackPerBlock } from "./numbers-fixture";

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

const big = { name: "big", target: "instance", countryCode: "US", type: "DID", count: 30 };
const declareSets = (s: NumbersStack, sets: Array<Record<string, unknown>>) => s.declareSets(sets);
const pack = (s: NumbersStack) =>
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
/** `connect-numbers check` (JSON) and `plan-waves` on `pulumi preview --json`. */
const gates = async (s: NumbersStack, dir: ReturnType<typeof tempDir>) => {
  const preview = await s.ws.pulumi(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
  expect(preview.code).toBe(0);
  const file = dir.write("plan.json", preview.stdout);
  const check = await cli(["check", file, ...s.gateArgs(), "--format", "json"]);
  const waves = await cli(["plan-waves", file, ...s.gateArgs()]);
  return { check, body: JSON.parse(check.stdout), waves };
};
const claims = async (s: NumbersStack) => (await s.emu.control.events()).filter((e) => e.action === "claim").length;
const setOutputs = async (s: NumbersStack) =>
  (await s.ws.stackExport()).deployment.resources!.find((r) => r.type === SET_TYPE)?.outputs;

describe("a PhoneNumberSet whose growth does not fit the churn budget: every face tells one story", () => {
  const b = stackPerBlock({ quota: 100 }, "test/e2e/programs/sets", "cn-set-growth-");
  beforeAll(async () => {
    // 180 of the window's 200 (200% of the quota of 100) spent 10 days ago: 20 claims fit now, the set asks for 30.
    await b.s.emu.control.seed({
      events: Array.from({ length: 180 }, (_, i) => ({
        at: Date.now() - 10 * 86_400_000 - i * 60_000,
        action: "release" as const,
      })),
    });
  });

  it('growing whole: the pack, check and the provider refuse it, each offering growBy "fits" with the same part and instant; plan-waves says how to follow its waves', async () => {
    const { s, dir } = b;
    await declareSets(s, [big]);
    const p = await pack(s);
    expect(p.code).not.toBe(0);
    const fromPack = said(p.stdout, OFFER);
    expect(fromPack).toBeDefined();
    const g = await gates(s, dir);
    expect(g.check.code).toBe(1);
    expect(g.body.ok).toBe(false);
    expect(g.body.input.notes).toContain(fromPack);
    // The growth whole, in one wave at the instant all 30 fit (the instant growBy "fits" gives the other 10): never
    // a first wave of 20 the provider would refuse.
    const offeredAt = /the other 10 from (\S+Z)/.exec(fromPack!)![1];
    expect(g.waves.stdout).toMatch(
      new RegExp(`^1 wave;[^]*\\nwave 1: at or after ${offeredAt}: (claim, ){29}claim\\n`),
    );
    expect(g.waves.stdout.match(/--target/g)).toHaveLength(1);
    expect(g.waves.stdout).not.toMatch(/grows over/);
    expect(g.waves.code).toBe(0);
    const up = await s.ws.up();
    expect(up.code).not.toBe(0);
    expect(said(up.stdout + up.stderr, OFFER)).toBe(fromPack);
    expect(await claims(s)).toBe(0);
  });

  it("growing by what fits: the pack and check pass it, saying the 10 claims that wait and from when, and the provider claims 20 and says the same", async () => {
    const { s, dir } = b;
    await declareSets(s, [{ ...big, growBy: "fits" }]);
    const p = await pack(s);
    expect(p.code).toBe(0);
    const fromPack = said(p.stdout, WAITS);
    expect(fromPack).toBeDefined();
    expect(p.stdout).toMatch(/It claims 20 numbers\./);
    const g = await gates(s, dir);
    expect(g.check.code).toBe(0);
    expect(g.body).toMatchObject({ ok: true, claims: 20 });
    expect(g.body.input.notes).toContain(fromPack);
    expect(g.waves.code).toBe(0);
    expect(g.waves.stdout).toMatch(
      /PhoneNumberSet "big" grows over \d+ waves \(20 claims in the first, 10 in the others\): it grows by what fits/,
    );
    const up = await s.upOk();
    expect(said(up.stdout + up.stderr, WAITS)).toBe(fromPack);
    expect(await claims(s)).toBe(20);
    expect(await setOutputs(s)).toMatchObject({ deferred: 10 });
  });
});

/**
 * A set whose growth its instance has no room for (the "Phone numbers per instance" quota, L-8F812903): 7 of 10 held,
 * the set asks for 6, the churn budget takes all 6. Growing whole, nothing is claimed (the provider refuses before
 * its first claim, not after the 3 that fit), and every face says so in one sentence naming the set, the 6, the
 * room for 3 and the ways out; growing by what fits, every face says 3 claims come now and 3 wait for room.
 */
describe("a PhoneNumberSet whose growth does not fit its instance's room: whole or nothing, alike in every face", () => {
  const b = stackPerBlock({ quota: 10 }, "test/e2e/programs/sets", "cn-set-room-");
  let instance: string;
  beforeAll(async () => {
    instance = `instance/${b.s.instanceArn.split("/").pop()}`;
    await b.s.emu.control.seed({ numbers: Array.from({ length: 7 }, () => ({ targetArn: b.s.instanceArn })) });
  });

  const six = { ...big, count: 6 };
  const holds = 'holds 7 of its quota of 10 ("Phone numbers per instance", L-8F812903)';
  const fix = () =>
    `release numbers on ${instance} first (in an earlier apply: a release lands after the claims of its own apply), claim on another instance, or ask AWS Support for a higher "Phone numbers per instance" quota (L-8F812903) for it`;
  const held = async () =>
    (await listNumbers(b.s.connect, { targetArns: [b.s.instanceArn], withTags: true }))
      .map((n) => n.status ?? "?")
      .sort();

  it("growing whole: the pack, check and the provider refuse it in one sentence, and nothing is claimed", async () => {
    const { s, dir } = b;
    const refusal =
      `PhoneNumberSet "big" grows by 6 numbers, whole (growBy "all"), but ${instance} ${holds}: room for 3. Nothing of the growth is claimed. ` +
      `To go ahead: declare growBy: "fits" on it (it claims what fits now, at most 3, and the rest once there is room), declare 3 fewer, or ${fix()}.`;
    await declareSets(s, [six]);
    const p = await pack(s);
    expect(p.code).not.toBe(0);
    expect(p.stdout).toContain(refusal);
    const g = await gates(s, dir);
    expect(g.check.code).toBe(1);
    expect(g.body.blockedBy).toContain("over-active-quota");
    expect(g.body.input.notes).toContain(refusal);
    // plan-waves prints no command the provider refuses (no wave of the 3 that fit), and says why in the same words.
    expect(g.waves.stdout.trimEnd()).toBe(`No schedule for this plan: ${refusal}`);
    expect(g.waves.code).toBe(1);
    const up = await s.ws.up();
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain(refusal);
    expect(await claims(s)).toBe(0);
    expect(await held()).toHaveLength(7);
  });

  it("growing by what fits: every face says 3 claims come now and 3 wait for room, and the provider claims 3", async () => {
    const { s, dir } = b;
    const waits =
      `PhoneNumberSet "big": growBy "fits": 3 claims fit now; 3 wait for room on ${instance}: it ${holds}, room for 3. ` +
      `To let them come: ${fix()}; then run \`pulumi up\`.`;
    await declareSets(s, [{ ...six, growBy: "fits" }]);
    const p = await pack(s);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain(waits);
    expect(p.stdout).toMatch(/It claims 3 numbers\./);
    const g = await gates(s, dir);
    expect(g.check.code).toBe(0);
    expect(g.body).toMatchObject({ ok: true, claims: 3 });
    // The set's line counts what this up claims, as the headline does (it said "grows by 6" under "3 claims").
    expect(g.body.resources).toEqual([expect.objectContaining({ change: "update (grows by 3)", claims: 3 })]);
    expect(g.body.input.notes).toContain(waits);
    // plan-waves: one wave for what fits, and the 3 that wait said in its headline (it said "the whole plan fits now").
    expect(g.waves.stdout).toMatch(/^1 wave; the rest of the plan fits now; 3 claims wait for room, in no wave\./);
    expect(g.waves.stdout).toContain(`growBy "fits": 3 claims wait for room on ${instance}; no wave carries them.`);
    const up = await s.upOk();
    expect(up.stdout + up.stderr).toContain(waits);
    expect(await claims(s)).toBe(3);
    expect(await held()).toEqual(Array.from({ length: 10 }, () => "CLAIMED"));
    expect(await setOutputs(s)).toMatchObject({ deferred: 3, deferredUntil: `when ${instance} has room` });
  });
});

/**
 * A set removed while the window cannot take its releases: `check` counts the set's 6 releases, and the provider
 * judges them as one batch too (all their churn slots in one go), refusing with the same count and the same instant
 * they fit, before any release.
 */
describe("a PhoneNumberSet removed over the churn budget: the provider and check count its releases alike", () => {
  const b = stackPerBlock({ quota: 100 }, "test/e2e/programs/sets", "cn-set-release-");

  // The verdict, the instant the releases fit and the way out, as core words them.
  const VERDICT =
    /This plan makes 0 claims and 6 releases; the rolling 180-day window already holds [^]*?It would fit from \S+Z, [^]*?ask AWS Support for a quota exception\./;

  it("refused whole by both, with the same count and instant, and nothing released", async () => {
    const { s, dir } = b;
    await declareSets(s, [{ ...big, count: 6 }]);
    await s.upOk();
    // The set's 6 claims and 191 releases of 10 days ago: 197 of the window's 200, so 3 of the 6 releases would fit.
    await s.emu.control.seed({
      events: Array.from({ length: 191 }, (_, i) => ({
        at: Date.now() - 10 * 86_400_000 - i * 60_000,
        action: "release" as const,
      })),
    });
    await declareSets(s, []);
    const g = await gates(s, dir);
    expect(g.check.code).toBe(1);
    const fromCheck = VERDICT.exec(g.body.message)?.[0];
    expect(fromCheck).toMatch(/holds 197 of 200 \(200% of quota 100\), so it would reach 203: 3 over\./);
    // plan-waves keeps the batch whole: one wave, at the instant check says it fits, never 3 releases now that the
    // provider would refuse (it reserves the set's 6 in one go).
    const fitsAt = /It would fit from (\S+Z),/.exec(fromCheck!)![1];
    // The way out says the batch goes whole and when (the provider says the same words below), not "split the change".
    expect(fromCheck).toContain(
      `To go ahead: PhoneNumberSet "big" makes its 6 releases as one batch, which the provider takes whole and no schedule splits: wait, the whole batch fits from ${fitsAt}`,
    );
    expect(g.waves.stdout).toMatch(
      new RegExp(`^1 wave;[^]*\\nwave 1: at or after ${fitsAt}: (release( \\S+)?, ){5}release( \\S+)?\\n`),
    );
    expect(g.waves.stdout.match(/--target/g)).toHaveLength(1);
    expect(g.waves.code).toBe(0);
    const up = await s.ws.up();
    expect(up.code).not.toBe(0);
    const out = up.stdout + up.stderr;
    expect(out).toContain('PhoneNumberSet "big": refusing to release 6 phone numbers:');
    expect(VERDICT.exec(out)?.[0]).toBe(fromCheck);
    expect((await s.emu.control.events()).filter((e) => e.action === "release" && e.phoneNumberId)).toHaveLength(0);
    expect((await setOutputs(s))?.numbers).toHaveLength(6);
  });
});

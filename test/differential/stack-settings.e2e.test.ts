import * as os from "node:os";
import { cli } from "../e2e/cli-helpers";
import { packStory, providerStory } from "./faces";
import { CaseStack, CaseWorkspace } from "./stack";

/**
 * The stack's settings, as every face reads them: `pulumi up` (the provider), `pulumi preview --policy-pack` (the
 * pack), and `connect-numbers check` / `plan-waves` run in the stack's project without --cloudtrail (they read the
 * stack's config, and the churn ledger the provider writes on this machine). Each case runs the real CLIs.
 */
const support = { name: "support", target: "instance", phoneNumber: "+18005550100" };
const sales = { name: "sales", target: "instance", countryCode: "US", type: "DID", prefix: "+1206" };
const billing = { name: "billing", target: "instance", countryCode: "US", type: "DID" };

let cases: CaseWorkspace;
beforeAll(async () => {
  cases = await CaseWorkspace.open();
}, 300_000);
afterAll(async () => cases?.close());

const up = async (s: CaseStack) => {
  const r = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
  if (r.code !== 0) throw new Error(`pulumi up failed\n${r.stdout}\n${r.stderr}`);
};
const preview = async (s: CaseStack) =>
  (await s.pulumi(["preview", "--json", "--non-interactive", "--show-replacement-steps"])).stdout;
/** A CLI command on a plan, in the stack's project, with no AWS flag: the stack's config and this machine's ledger. */
const inProject = async (s: CaseStack, args: string[], plan: string) => {
  const r = await cli([...args, "-", "--format", "json"], { stdin: plan, env: s.env, cwd: s.projectDir });
  return { ...r, body: r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe("the churn the provider spent, as every face counts it", () => {
  it("check and plan-waves in the project, without --cloudtrail, count the claims `pulumi up` recorded in the per-user ledger", async () => {
    const s = await cases.stack();
    // Quota 20 at 10%: a budget of 2 claims and releases in the window.
    s.configure({ quota: "20", ratioPercent: "10" });
    s.declare([support, sales]);
    await up(s);

    s.declare([support, sales, billing]);
    const plan = await preview(s);
    const check = await inProject(s, ["check"], plan);
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 1, stderr: "" });
    expect(check.body).toMatchObject({ blockedBy: ["over-budget"], used: 2, limit: 2, projected: 3 });
    const waves = await inProject(s, ["plan-waves"], plan);
    expect(waves.body).toMatchObject({ fitsNow: false });

    // One story: the pack and the provider refuse it too.
    expect((await packStory(s)).blocked).toBe(true);
    const provider = await providerStory(s);
    expect(provider).toMatchObject({ blocked: true, claims: 0 });
  });
});

describe("the stack's allowReleases, as every face reads it", () => {
  it("a rename without an alias the stack allows: the pack, check in the project and the provider all let it through", async () => {
    const s = await cases.stack();
    s.declare([sales]);
    await up(s);
    // The stack releases sales' number on purpose; the pack's policy config and check's flags name nothing.
    s.configure({ quota: "20", allowReleases: '["sales"]' });
    s.declare([{ ...sales, name: "sales-main" }]);

    const plan = await preview(s);
    const check = await inProject(s, ["check"], plan);
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: "" });
    expect(check.body.renames).toEqual([
      expect.objectContaining({ acceptedBy: "sales", acceptedFrom: "stack-config" }),
    ]);
    // Outside the project no stack config is read: check blocks, and says the stack's allowReleases was not counted.
    const away = await cli(["check", "-", "--quota", "20", "--history", s.history, "--format", "json"], {
      stdin: plan,
      env: s.env,
      cwd: os.tmpdir(),
    });
    expect(away.code).toBe(1);
    expect(JSON.parse(away.stdout).input.notes).toContainEqual(
      expect.stringContaining(
        "No stack config was read (run outside the stack's Pulumi project, without --stack), so the stack's connect-numbers:allowReleases is not counted: if it names sales,",
      ),
    );
    const pack = await packStory(s);
    expect({ blocked: pack.blocked, text: pack.text }).toEqual({ blocked: false, text: expect.any(String) });
    const provider = await providerStory(s);
    expect({ blocked: provider.blocked, claims: provider.claims, released: provider.released?.length }).toEqual({
      blocked: false,
      claims: 1,
      released: 1,
    });
  });
});

describe("connect-numbers:quota above the account's", () => {
  it("AWS's refusal of a claim the guard let through names the resource, the number, both quotas and the fix", async () => {
    // The account's quota is 2 (a budget of 4); the stack says 10 (a budget of 20).
    const s = await cases.stack({ quota: 2 });
    s.configure({ quota: "10" });
    s.declare([support, sales]);
    // The gates that read Service Quotas say the setting is above it, in core's one sentence.
    const above =
      "connect-numbers:quota is 10, above the account's phone-number quota of 2 that AWS enforces (Service Quotas L-8F812903)";
    const check = await inProject(s, ["check", "--cloudtrail"], await preview(s));
    expect(check.code).toBe(0);
    expect(check.body.input.notes).toContainEqual(expect.stringContaining(`the stack's ${above}`));
    expect((await packStory(s)).text.replace(/\s+/g, " ")).toContain(`stack config ${above}`);
    await up(s);
    s.declare([]);
    await up(s);
    // 2 claims and 2 releases: AWS's budget is spent, the guard's (from 10) is not.
    s.declare([billing]);
    const r = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}\n${r.stderr}`.replace(/\s+/g, " ")).toMatch(
      /PhoneNumber "billing": AWS refused to claim \+1\d{10} in account 123456789012 us-east-1 \(InvalidParameterException: Claims are blocked/,
    );
    expect(`${r.stdout}\n${r.stderr}`.replace(/\s+/g, " ")).toContain(
      "connect-numbers:quota is 10, above the account's phone-number quota of 2 that AWS enforces (Service Quotas L-8F812903): " +
        "the churn budget counted from 10 is larger than AWS's (a target's room is counted from 2). Lower connect-numbers:quota to the account's quota, " +
        "or remove it (`pulumi config rm connect-numbers:quota`: Service Quotas is then read), or first raise the account's quota",
    );
  });
});

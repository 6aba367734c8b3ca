import * as path from "node:path";
import { of } from "./policies/pack-harness";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * The pack in a real `pulumi preview --policy-pack` against the emulator, where what it says must not send a user
 * the wrong way: failClosed softens "cannot read", never a verdict that needs no reading; and an allowReleases entry
 * that names nothing in the plan (a typo in the number meant to be released) is said.
 */
const PACK = path.join(REPO_ROOT, "policies");
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const CHURN = "connect-phone-number-churn";
const REPORT = "connect-phone-number-report";
const ACCOUNT_POLICIES = [CHURN, "connect-phone-number-rename", REPORT, "sms-origination-number-release-refused"];
const urn = (name: string) => `urn:pulumi:dev::numbers::${TYPE}::${name}`;

describe("policies: verdicts failClosed cannot soften, and opt-outs that name nothing", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  const packConfig = (settings: Record<string, unknown>) =>
    Object.fromEntries(
      ACCOUNT_POLICIES.map((p) => [
        p,
        { endpoint: s.emu.endpoint, region: "us-east-1", historyFiles: [], ledger: "off", ...settings },
      ]),
    );
  const preview = (settings: Record<string, unknown>) =>
    s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig(settings) }] });
  const searched = (name: string) => ({
    name,
    target: "instance",
    countryCode: "US",
    type: "DID",
    deletionProtection: true,
  });

  it("failClosed: false with history it cannot read still blocks a plan whose own claims exceed the whole budget; one that may fit stays advisory", async () => {
    s = await numbersStack({ quota: 1 });
    // A history file that is not there: the history cannot be read. The quota (1, budget 2) still can.
    const unreadable = { historyFiles: ["no-such-history.jsonl"], failClosed: false };
    await s.declare([searched("a"), searched("b"), searched("c")]);
    const over = await preview(unreadable);
    expect(over.code).not.toBe(0);
    const [churn] = of(over.stdout, CHURN);
    expect(churn).toMatch(/^\[mandatory\]/);
    expect(churn).toContain(
      "This plan makes 3 claims and 0 releases: 3, more than the whole 180-day budget of 2 (200% of quota 1 from Service Quotas L-8F812903) even if the window held nothing before it",
    );
    expect(churn).toContain("The pack could not read the account's history (");
    expect(churn).toContain("failClosed softens only what cannot be read, never a verdict that needs no reading.");
    expect(of(over.stdout, REPORT)[0]).not.toContain("this plan's churn is unchecked");

    await s.declare([searched("a")]);
    const mayFit = await preview(unreadable);
    expect(mayFit.code).toBe(0);
    expect(of(mayFit.stdout, CHURN)).toEqual([]);
    expect(of(mayFit.stdout, REPORT)[0]).toContain(
      "Not blocking because failClosed is false: this plan's churn is unchecked.",
    );
  });

  it("says when an allowReleases entry names nothing the plan releases (a typo in the number meant to be released)", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100", deletionProtection: false }]);
    await s.upOk();
    await s.declare([]);
    const typo = await preview({ unseenHistory: "warn", allowReleases: ["+18005550199"] });
    expect(typo.code).toBe(0);
    const [report] = of(typo.stdout, REPORT);
    expect(report).toContain(`- +18005550100 (`);
    expect(report).toContain(`held by ${urn("support")}: no longer declared`);
    expect(report).not.toContain("— released on purpose: allowReleases names");
    expect(report).toContain('allowReleases names an entry that this plan does not release: "+18005550199".');
    expect(report).toContain(
      "check the spelling (E.164 such as +18005550100, the number's id, the resource's URN or name), or remove the entry.",
    );

    const named = await preview({ unseenHistory: "warn", allowReleases: ["+18005550100"] });
    expect(of(named.stdout, REPORT)[0]).not.toContain("does not release");
  });
});

describe("policies: a resource whose inputs the provider refuses", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  it("is a mandatory violation on the resource, in the provider's own sentence; a value unknown at preview is not", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([
      { name: "later", target: "unknown-instance", phoneNumber: "+18005550101", deletionProtection: true },
      { name: "bad", target: "instance", phoneNumber: "+1 (800) 555-0100", deletionProtection: true },
    ]);
    const config = Object.fromEntries(
      ACCOUNT_POLICIES.map((p) => [
        p,
        { endpoint: s.emu.endpoint, region: "us-east-1", historyFiles: [], ledger: "off", unseenHistory: "warn" },
      ]),
    );
    const r = await s.ws.preview({ policyPacks: [{ dir: PACK, config }] });
    expect(r.code).not.toBe(0);
    const sentence =
      'PhoneNumber "bad": phoneNumber = "+1 (800) 555-0100": is not an E.164 phone number. Remove spaces and punctuation: "+18005550100".';
    // The provider's check and the pack, word for word.
    expect(r.stdout).toContain(`has a problem: ${sentence}`);
    const inputs = of(r.stdout, "phone-number-inputs");
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatch(/^\[mandatory\]/);
    expect(inputs[0]).toContain(`(${TYPE}: bad)`);
    expect(inputs[0]).toContain(sentence);
  });
});

describe("policies: credentials of another account than the plan's", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  it("fail the preview whatever failClosed says, naming both accounts and the fix", async () => {
    s = await numbersStack({ quota: 5 });
    const account = s.emu.accountId;
    const other = "210987654321";
    const [instance] = (await s.emu.control.info()).instances;
    // A target in another account: its ARN names it, and the emulator's STS answers with its own account.
    const elsewhere = instance.replace(`:${account}:`, `:${other}:`);
    await s.declare([{ name: "far", targetArn: elsewhere, phoneNumber: "+18005550101", deletionProtection: true }]);
    const config = Object.fromEntries(
      ACCOUNT_POLICIES.map((p) => [
        p,
        { endpoint: s.emu.endpoint, region: "us-east-1", historyFiles: [], ledger: "off", failClosed: false },
      ]),
    );
    const r = await s.ws.preview({ policyPacks: [{ dir: PACK, config }] });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(
      `PackConfigError: this plan targets account ${other} (its ARNs name it), but the AWS credentials in use are account ${account}'s (STS GetCallerIdentity), whose history, quota and numbers are not this plan's. Use credentials of account ${other} (AWS_PROFILE naming a profile of that account, or a role assumed in it) and run again`,
    );
  });
});

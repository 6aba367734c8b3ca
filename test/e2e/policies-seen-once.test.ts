import * as path from "node:path";
import { of } from "./policies/pack-harness";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import { SmsStack, smsStack } from "./sms-fixture";

/**
 * What the pack's verdicts rest on (the numbers it read, the history's coverage, the quota) is said once per preview,
 * in the report, however many policies speak: each policy used to end its own message with the same paragraph.
 * Every policy still gives its own verdict.
 */
const PACK = path.join(REPO_ROOT, "policies");
const CHURN = "connect-phone-number-churn";
const RENAME = "connect-phone-number-rename";
const REPORT = "connect-phone-number-report";
const SMS_REFUSED = "sms-origination-number-release-refused";
const ACCOUNT_POLICIES = [CHURN, RENAME, REPORT, SMS_REFUSED];

const seenLines = (stdout: string) => stdout.split("\n").filter((l) => /^\s*Seen: /.test(l));

const packConfig = (endpoint: string, settings: Record<string, unknown>) =>
  Object.fromEntries(
    ACCOUNT_POLICIES.map((p) => [
      p,
      { endpoint, region: "us-east-1", historyFiles: [], ledger: "off", failOn: ["release"], ...settings },
    ]),
  );

describe("policies: what the verdicts rest on, said once per preview", () => {
  let s: NumbersStack | SmsStack | undefined;
  afterEach(async () => {
    await s?.cleanup();
    s = undefined;
  });

  it("a Connect plan over budget and over its instance's quota, with a rename and a release under failOn: one Seen line, every verdict", async () => {
    const stack = await numbersStack({ quota: 1 });
    s = stack;
    const searched = (name: string) => ({ name, target: "instance", countryCode: "US", type: "DID" });
    await stack.declare([searched("support")]);
    await stack.upOk();
    // support renamed without an alias (a re-claim), two more claims: 4 claims and releases against a budget of 2, and
    // 3 claims into an instance whose quota (1) its one number fills.
    await stack.declare([searched("support-main"), searched("a"), searched("b")]);
    const r = await stack.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig(stack.emu.endpoint, {}) }] });
    expect(r.code).not.toBe(0);

    const churn = of(r.stdout, CHURN);
    expect(churn).toEqual([
      expect.stringContaining("The plan alone needs 4, more than the whole budget of 2"),
      expect.stringContaining('over its "Phone numbers per instance" quota of 1'),
      expect.stringContaining('failOn includes "release"'),
    ]);
    expect(of(r.stdout, RENAME)).toEqual([expect.stringContaining("A rename or re-claim")]);
    const [report] = of(r.stdout, REPORT);
    expect(report).toContain("It claims 3 numbers.");

    expect(seenLines(r.stdout)).toEqual([
      expect.stringMatching(/^\s*Seen: us-east-1: tag query: 1 number tagged connect-numbers:stack=numbers\/dev /),
    ]);
    expect(report).toMatch(
      /Seen: .*; no other region read\. History: 91 of the 180 days of the window unseen, .*; quota 1 from Service Quotas L-8F812903\./,
    );
    expect(r.stdout.match(/History: 91 of the 180 days/g)).toHaveLength(1);
  });

  it("SMS releases AWS refuses, under failOn: one Seen line for the refusal, the failOn verdict and the report", async () => {
    const stack = await smsStack();
    s = stack;
    const longCode = { isoCountryCode: "US", messageType: "TRANSACTIONAL", numberCapabilities: ["SMS"] };
    const number = (name: string, protect: boolean) => ({
      name,
      ...longCode,
      numberType: "LONG_CODE",
      deletionProtectionEnabled: protect,
    });
    await stack.declare([number("alerts", false), number("support-sms", true), number("keeper", true)]);
    await stack.upOk();
    await stack.declare([number("keeper", true)]);
    const r = await stack.ws.preview({
      policyPacks: [{ dir: PACK, config: packConfig(stack.emu.endpoint, { unseenHistory: "warn" }) }],
    });
    expect(r.code).not.toBe(0);

    expect(of(r.stdout, SMS_REFUSED)).toEqual([expect.stringContaining("AWS refuses to release it")]);
    expect(of(r.stdout, CHURN)).toEqual([expect.stringContaining('failOn includes "release"')]);
    expect(of(r.stdout, REPORT)).toEqual([
      expect.stringContaining("It removes the resources holding 2 SMS origination numbers"),
    ]);
    expect(seenLines(r.stdout)).toEqual([expect.stringMatching(/^\s*Seen: SMS us-east-1: 3 numbers /)]);
  });
});

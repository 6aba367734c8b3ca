/**
 * What the policies*.test.ts files share: the pack's policy names, the stack's URNs, the numbers they declare, and a
 * preview with the pack configured as a test asks. The tests are split over three files so that jest's workers run
 * them side by side; each test still has its own emulator and stack.
 */
import * as path from "node:path";
import { REPO_ROOT } from "../../../scripts/pulumi-workspace";
import { NumbersStack } from "../numbers-fixture";

export const DAY = 86_400_000;
export const PACK = path.join(REPO_ROOT, "policies");
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
export const CHURN = "connect-phone-number-churn";
export const RENAME = "connect-phone-number-rename";
export const REPORT = "connect-phone-number-report";
export const PROTECTION = "connect-phone-number-deletion-protection";
const SMS_REFUSED = "sms-origination-number-release-refused";
export const ACCOUNT_POLICIES = [CHURN, RENAME, REPORT, SMS_REFUSED];
export const urn = (name: string, parentTypes: string[] = []) =>
  `urn:pulumi:dev::numbers::${[...parentTypes, TYPE].join("$")}::${name}`;

export const warn = { unseenHistory: "warn" };
export const support = { name: "support", target: "instance", phoneNumber: "+18005550100", deletionProtection: true };
export const sales = {
  name: "sales",
  target: "instance",
  countryCode: "US",
  type: "DID",
  prefix: "+1206",
  deletionProtection: true,
};

/** The policy section of a preview: one block per violation, from "- [level]  policy" to the next. */
export const violations = (stdout: string) =>
  stdout
    .split(/\n\s+- \[/)
    .slice(1)
    .map((v) => `[${v}`);
export const of = (stdout: string, policy: string) => violations(stdout).filter((v) => v.includes(`]  ${policy} `));

/** Previews and churn seeding against the stack the current test made (`stack()` reads the test file's variable). */
export function packHarness(stack: () => NumbersStack) {
  /**
   * The same settings for every policy that reads the account (CrossGuard gives each only its own); `only` disables
   * the others. The pack sees CloudTrail alone unless a test names history files or a ledger: the stack's empty
   * history file is the provider's (numbers-fixture), and would vouch for the whole window, directly or through the
   * per-user ledger the provider imported it into.
   */
  const packConfig = (settings: Record<string, unknown> = {}, only?: string) =>
    Object.fromEntries([
      ...ACCOUNT_POLICIES.map((p) => [
        p,
        only && p !== only
          ? { enforcementLevel: "disabled" }
          : { endpoint: stack().emu.endpoint, region: "us-east-1", historyFiles: [], ledger: "off", ...settings },
      ]),
      ...(only ? [[PROTECTION, { enforcementLevel: "disabled" }]] : []),
    ]);
  const preview = (settings?: Record<string, unknown>, only?: string) =>
    stack().ws.preview({ policyPacks: [{ dir: PACK, config: packConfig(settings, only) }] });
  const seedChurn = (count: number, daysAgo = 10) =>
    stack().emu.control.seed({
      events: Array.from({ length: count }, (_, i) => ({
        at: Date.now() - (daysAgo + i) * DAY,
        action: "release" as const,
      })),
    });
  return { preview, seedChurn };
}

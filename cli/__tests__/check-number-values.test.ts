import * as path from "node:path";
import { FIXTURES, NOW, cli, fixture, tempDir } from "../../test/e2e/cli-helpers";

/**
 * A plan whose number is malformed (edited by hand, or from a broken tool) cannot be judged: which number is released
 * or claimed, and whether two resources hold the same one, is read from it. `check` fails closed (exit 3) with one
 * error naming the resource, the value and the fix, for Connect and SMS numbers in every plan format it reads.
 */
const CASES = [
  {
    name: "a Terraform plan's Connect number of the wrong length",
    plan: "terraform-plan.json",
    from: '"+18665550112"',
    to: '"+1866555011"',
    resource: "aws_connect_phone_number.old",
    said: 'old state has phone_number = "+1866555011": has the wrong length for country calling code +1',
    fix: "Check the digits",
  },
  {
    name: "a Terraform plan's Connect number with spaces",
    plan: "terraform-plan.json",
    from: '"+18665550112"',
    to: '"+1 866 555 0112"',
    resource: "aws_connect_phone_number.old",
    said: 'phone_number = "+1 866 555 0112": is not an E.164 phone number',
    fix: 'Remove spaces and punctuation: "+18665550112"',
  },
  {
    name: "a Terraform plan's Connect prefix without its +",
    plan: "terraform-plan.json",
    from: '"+1425"',
    to: '"1425"',
    resource: "aws_connect_phone_number.sales",
    said: 'new state has prefix = "1425": is not a phone number prefix',
    fix: 'Add the leading +: "+1425"',
  },
  {
    name: "a Pulumi preview's Connect number without its +",
    plan: "pulumi-preview-changes-replacement-steps.json",
    from: '"+18005550101"',
    to: '"18005550101"',
    resource: "connect:PhoneNumber::support",
    said: 'new state has phoneNumber = "18005550101": is not an E.164 phone number',
    fix: 'Add the leading + and country code: "+18005550101"',
  },
  {
    name: "Pulumi engine events' Connect number of the wrong length",
    plan: "pulumi-events-changes.jsonl",
    from: '"+18005553103"',
    to: '"+1800555310"',
    resource: "connect:PhoneNumber::overflow",
    said: 'old state has phoneNumber = "+1800555310": has the wrong length',
    fix: "Check the digits",
  },
  {
    name: "a Pulumi preview's SMS number of the wrong length",
    plan: "pulumi-preview-sms-changes.json",
    from: '"+19375550198"',
    to: '"+193755501989"',
    resource: "sms:OriginationNumber::alerts",
    said: 'old state has phoneNumber = "+193755501989": has the wrong length',
    fix: "Check the digits",
  },
  {
    name: "a Terraform plan's SMS number with dashes",
    plan: "terraform-plan-sms.json",
    from: '"+18885550101"',
    to: '"+1-888-555-0101"',
    resource: "aws_pinpointsmsvoicev2_phone_number.support",
    said: 'old state has phone_number = "+1-888-555-0101": is not an E.164 phone number',
    fix: 'Remove spaces and punctuation: "+18885550101"',
  },
];

describe("check refuses a plan with a malformed number (exit 3)", () => {
  const t = tempDir("cn-number-values-");
  afterAll(() => t.cleanup());

  it.each(CASES)("$name", async ({ plan, from, to, resource, said, fix }) => {
    const text = fixture(plan);
    expect(text).toContain(from);
    const file = t.write(plan, text.split(from).join(to));
    const r = await cli(["check", file, "--quota", "10", "--now", NOW, "--unseen-history", "warn"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^connect-numbers: cannot judge \\S*${escape(resource)}: its `));
    expect(lines[0]).toContain(said);
    expect(lines[0]).toContain(fix);
    expect(lines[0]).toContain("make the plan again");
  });

  it("judges the same plans with their numbers as captured (exit 0 or 1: a verdict)", async () => {
    for (const plan of new Set(CASES.map((c) => c.plan))) {
      const r = await cli([
        "check",
        path.join(FIXTURES, plan),
        "--quota",
        "10",
        "--now",
        NOW,
        "--unseen-history",
        "warn",
      ]);
      expect({ plan, judged: r.code === 0 || r.code === 1, stderr: r.stderr }).toEqual({
        plan,
        judged: true,
        stderr: "",
      });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

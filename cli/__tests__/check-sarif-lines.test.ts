import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { FIXTURES, NOW, cli } from "../../test/e2e/cli-helpers";

const PROGRAM = path.join(REPO_ROOT, "test/e2e/programs/cli-numbers");
const CHURN = "connect-phone-number-churn";

interface Located {
  ruleId: string;
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
    logicalLocations?: Array<{ fullyQualifiedName: string }>;
  }>;
}

/** Over budget (quota 1 at 100%: one claim or release fits), so every churning resource is a result. */
async function sarifResults(plan: string): Promise<Located[]> {
  const r = await cli(
    [
      "check",
      path.join(FIXTURES, plan),
      "--quota",
      "1",
      "--ratio-percent",
      "100",
      "--now",
      NOW,
      "--unseen-history",
      "warn",
      "--project-dir",
      PROGRAM,
      "--format",
      "sarif",
    ],
    { env: { GITHUB_WORKSPACE: REPO_ROOT } },
  );
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout).runs[0].results as Located[];
}

const churnOf = (results: Located[], resource: RegExp) =>
  results.find(
    (x) => x.ruleId === CHURN && resource.test(x.locations[0].logicalLocations?.[0].fullyQualifiedName ?? ""),
  )!;

describe("check --format sarif locates each churning resource", () => {
  it("a Pulumi create at the program line its new state's sourcePosition names", async () => {
    const create = churnOf(await sarifResults("pulumi-preview-rename.json"), /::support-main$/);
    const { artifactLocation, region } = create.locations[0].physicalLocation;
    expect(artifactLocation).toEqual({ uri: "test/e2e/programs/cli-numbers/index.ts", uriBaseId: "%SRCROOT%" });
    const line = fs.readFileSync(path.join(PROGRAM, "index.ts"), "utf8").split("\n")[region.startLine - 1];
    expect(line).toContain("new connect.PhoneNumber");
  });

  it("a Terraform create, whose plan names no program line, at the plan file", async () => {
    const results = await sarifResults("terraform-plan.json");
    const creates = results.filter((x) => x.ruleId === CHURN);
    expect(creates.length).toBeGreaterThan(0);
    for (const x of creates)
      expect(x.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: "test/fixtures/terraform-plan.json", uriBaseId: "%SRCROOT%" },
        region: { startLine: 1 },
      });
  });
});

import { CheckResult } from "../result";

/** SARIF 2.1.0: one result per churning resource when over budget, none when within. */
export function renderSarif(r: CheckResult) {
  const results = r.verdict.ok
    ? []
    : r.resources
        .filter((x) => x.claims + x.releases > 0)
        .map((x) => ({
          ruleId: "connect-phone-number-churn",
          level: "error",
          message: { text: `${x.resource}: ${x.op} makes ${x.claims} claim(s) and ${x.releases} release(s). ${r.message}` },
          locations: [{ logicalLocations: [{ fullyQualifiedName: x.resource, kind: "resource" }] }],
        }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "connect-numbers",
            rules: [
              {
                id: "connect-phone-number-churn",
                name: "PhoneNumberChurnBudget",
                shortDescription: { text: "Claims + releases in the rolling window must stay within 200% of the phone-number quota" },
                defaultConfiguration: { level: "error" },
              },
            ],
          },
        },
        results,
      },
    ],
  };
}

import { createHash } from "node:crypto";
import * as path from "node:path";
import { Allowance, churnWords } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { Report, SourceLine, messageOf } from "./model";
import { allowanceWords, changeLabel, lossTitle, numberLabel, renameSentence } from "./words";

/** Where a code-scanning reader learns what the tool is. */
export const INFORMATION_URI = "https://www.npmjs.com/package/connect-numbers";

type Level = "error" | "warning" | "note";

const RULES = {
  churn: "connect-phone-number-churn",
  active: "connect-phone-number-active-quota",
  rename: "connect-phone-number-rename",
  release: "connect-phone-number-release",
  unseen: "connect-phone-number-unseen-history",
  overBefore: "connect-phone-number-over-budget-before",
  releaseRefused: "connect-phone-number-release-refused",
  declaredElsewhere: "connect-phone-number-declared-elsewhere",
  smsRelease: "sms-origination-number-release",
  smsRefused: "sms-origination-number-release-refused",
} as const;

function rules(r: Report) {
  const v = r.verdict;
  const rule = (id: string, name: string, short: string, help: string, level: Level) => ({
    id,
    name,
    shortDescription: { text: short },
    fullDescription: { text: help },
    help: { text: help, markdown: help },
    defaultConfiguration: { level },
  });
  const budget = `Claims + releases of Amazon Connect phone numbers in any rolling ${v.windowDays}-day window may not exceed ${v.ratioPercent}% of the phone-number quota (${v.quota} here: budget ${v.budget}${v.reserved ? `, ${v.reserved} held in reserve` : ""})`;
  return [
    rule(
      RULES.churn,
      "PhoneNumberChurnBudget",
      `${budget}.`,
      `${budget}; going over blocks every new claim in the account until old events leave the window. Split the change (connect-numbers plan-waves), wait until it fits, or ask AWS Support for a quota exception.`,
      "error",
    ),
    rule(
      RULES.active,
      "PhoneNumberActiveQuota",
      `A plan may not leave more numbers active than the quota of ${v.quota}.`,
      `Claims beyond the phone-number quota (Service Quotas L-8F812903) are refused. Release numbers first or ask AWS for a higher quota.`,
      "error",
    ),
    rule(
      RULES.rename,
      "PhoneNumberRenameLosesNumber",
      "A plan releases a number and claims or adopts it (or a search it meets) again, under another resource or the same one replaced.",
      "Applied, the release puts the number into a cooldown of up to 180 days and the claim takes another number or is refused: the number is lost. Only connect-numbers' own PhoneNumber hands a specific or adopted number between its resources (no release); for every other type keep the old identity: Pulumi `aliases` on the new resource, Terraform a `moved` block; to adopt a number another provider's resource holds, let that resource go with retainOnDelete (Terraform: a `removed` block with destroy = false) first. To release it on purpose, name it with --allow-release.",
      "error",
    ),
    rule(
      RULES.releaseRefused,
      "PhoneNumberReleaseRefused",
      "A plan deletes a Connect number whose resource has deletionProtection: the provider refuses to release it.",
      "The provider refuses the delete, so the apply stops halfway, after the changes before it. To release it on purpose: 1) set deletionProtection: false and apply; 2) then remove it. To stop managing it without releasing: retainOnDelete (applied first) or `pulumi state delete`.",
      "error",
    ),
    rule(
      RULES.declaredElsewhere,
      "PhoneNumberDeclaredElsewhere",
      "A plan deletes, with another package's resource, a Connect number a connect-numbers stack holds.",
      "Another package's delete (Terraform, pulumi-aws, aws-native) calls ReleasePhoneNumber whoever holds the number, so applying the plan releases a number a connect-numbers stack declares: a cooldown of up to 180 days, then lost. Let the old resource go without its delete first (Pulumi: `pulumi state delete`, or retainOnDelete applied first; Terraform: a `removed` block with destroy = false, or `terraform state rm`). --allow-release cannot waive it: to release the number on purpose, remove it from the stack that declares it.",
      "error",
    ),
    rule(
      RULES.release,
      "PhoneNumberReleased",
      "A plan releases a phone number.",
      `A released number is gone for good (cooldown of up to 180 days, then anyone may claim it), and the release counts against the ${v.windowDays}-day churn budget. ${r.failOn.includes("release") ? "With --fail-on release every release blocks unless --allow-release names it." : "Every release is listed for review."}`,
      r.failOn.includes("release") ? "error" : "note",
    ),
    rule(
      RULES.unseen,
      "PhoneNumberHistoryUnseen",
      `Part of the ${v.windowDays}-day window has no history source.`,
      "Churn in days no source saw is not counted. Add --history files that cover the window, use a ledger whose coverage is complete, or keep --unseen-history refuse so the check refuses instead of judging.",
      "warning",
    ),
    rule(
      RULES.smsRelease,
      "SmsOriginationNumberReleased",
      "A plan releases an SMS origination number (End User Messaging SMS).",
      `A released SMS number is never yours again and is billed to the end of the month. SMS numbers are ${SMS_NOT_COUNTED}. ${r.failOn.includes("release") ? "With --fail-on release every release blocks unless --allow-release names it." : "Every release is listed for review."}`,
      r.failOn.includes("release") ? "error" : "note",
    ),
    rule(
      RULES.smsRefused,
      "SmsOriginationNumberReleaseRefused",
      "A plan deletes an SMS number AWS refuses to release (deletion protection, or in a pool).",
      "AWS refuses ReleasePhoneNumber while deletion protection is on or the number is in a pool, so the apply stops halfway, after the changes before it. To release it on purpose: 1) turn deletion protection off (or leave the pool, or set forceDisassociate) and apply; 2) then remove it. To stop managing it without releasing: retainOnDelete or `pulumi state delete` (Terraform: a `removed` block with destroy = false, or `terraform state rm`).",
      "error",
    ),
    rule(
      RULES.overBefore,
      "PhoneNumberAccountOverBudget",
      "The account is over its churn budget before the plan.",
      "No claim or release fits until older events leave the window; claims in the meantime may be refused by AWS.",
      "warning",
    ),
  ];
}

/** Every note the human formats print, in their order: the history first. */
function notesOf(r: Report): string[] {
  return [
    `History: ${r.history.coverage}.`,
    ...r.findings.unmatchedAllows.map((a) => `--allow-release ${a} names nothing this plan releases.`),
    ...r.input.notes,
    ...r.input.caveats,
  ];
}

/**
 * SARIF 2.1.0 that GitHub code scanning accepts: every result located, fingerprinted, and tied to a listed rule.
 * %SRCROOT% is the workspace (GITHUB_WORKSPACE, else the working directory) and carries no uri: the runner's own
 * absolute path means nothing to whoever reads the file, and code scanning resolves %SRCROOT% to the checkout.
 */
export function renderSarif(r: Report, env: NodeJS.ProcessEnv) {
  const root = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const planFallback: SourceLine = r.input.path
    ? { file: r.input.path, line: 1 }
    : { file: path.join(r.projectDir, r.input.format === "terraform-plan" ? "main.tf" : "Pulumi.yaml"), line: 1 };
  const located = (at: SourceLine | undefined) => {
    const where = at ? { file: path.resolve(r.projectDir, at.file), line: at.line } : planFallback;
    const relative = path.relative(root, where.file);
    const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
    const uri = inside
      ? relative.split(path.sep).map(encodeURIComponent).join("/")
      : `file://${where.file.split(path.sep).map(encodeURIComponent).join("/")}`;
    return {
      physicalLocation: {
        artifactLocation: inside ? { uri, uriBaseId: "%SRCROOT%" } : { uri },
        region: { startLine: where.line },
      },
    };
  };
  const results: object[] = [];
  const result = (
    ruleId: string,
    level: Level,
    text: string,
    resource: string | undefined,
    at: SourceLine | undefined,
    identity: string,
    accepted?: Allowance,
  ) => {
    results.push({
      ruleId,
      level,
      message: { text },
      locations: [
        {
          ...located(at),
          ...(resource ? { logicalLocations: [{ fullyQualifiedName: resource, kind: "resource" }] } : {}),
        },
      ],
      partialFingerprints: {
        "connectNumbers/v1": createHash("sha256").update(`${ruleId}\u0000${identity}`).digest("hex").slice(0, 32),
      },
      ...(accepted
        ? {
            suppressions: [
              {
                kind: "external",
                status: "accepted",
                justification: `released on purpose: ${allowanceWords(accepted)}`,
              },
            ],
          }
        : {}),
    });
  };
  // A claim is located at the line that declares it now; a removal at the line the program still has, if any.
  const sourceOf = (x: Report["resources"][number]) =>
    x.source ?? r.findings.releases.find((y) => y.resource === x.resource)?.source;
  const v = r.verdict;
  const message = messageOf(r);
  if (v.blockedBy.includes("over-budget") || v.blockedBy.includes("plan-exceeds-budget")) {
    for (const x of r.resources.filter((y) => y.claims + y.releases > 0)) {
      result(
        RULES.churn,
        "error",
        `${x.resource}: ${changeLabel(x)} makes ${churnWords(x, { zeros: true })}. ${message}`,
        x.resource,
        sourceOf(x),
        x.resource,
      );
    }
  }
  if (v.blockedBy.includes("over-active-quota")) result(RULES.active, "error", message, undefined, undefined, "active");
  for (const f of r.findings.renames) {
    result(
      RULES.rename,
      f.accepted ? "note" : "error",
      `${lossTitle(f)}: ${renameSentence(f)}`,
      f.claim.resource,
      f.source,
      `${f.released.resource}\u0000${f.claim.resource}\u0000${f.phoneNumber ?? ""}`,
      f.accepted,
    );
  }
  for (const x of r.findings.releases) {
    if (x.declaredElsewhere)
      result(
        RULES.declaredElsewhere,
        "error",
        x.declaredElsewhere.message,
        x.resource,
        x.source,
        `${x.resource}\u0000${x.phoneNumberId ?? x.phoneNumber ?? ""}`,
      );
    if (x.refused)
      result(
        RULES.releaseRefused,
        "error",
        x.refused.message,
        x.resource,
        x.source,
        `${x.resource}\u0000${x.phoneNumberId ?? x.phoneNumber ?? ""}`,
      );
    const text = `${x.resource} releases ${numberLabel(x)} (${x.reason}): a released number is gone for good.${x.blocking ? " Blocked by --fail-on release: name it with --allow-release to release it on purpose." : ""}`;
    result(
      RULES.release,
      x.blocking ? "error" : "note",
      text,
      x.resource,
      x.source,
      `${x.resource}\u0000${x.phoneNumberId ?? x.phoneNumber ?? ""}`,
      x.accepted,
    );
  }
  for (const x of r.findings.sms.releases) {
    const identity = `${x.resource}\u0000${x.phoneNumberId ?? x.phoneNumber ?? ""}`;
    if (x.refused) result(RULES.smsRefused, "error", x.refused.message, x.resource, x.source, identity);
    const text = `${x.resource} releases SMS number ${numberLabel(x)} (${x.reason}): a released number is gone for good (not counted against Connect's churn budget: AWS documents no churn quota for SMS numbers).${x.blocking ? " Blocked by --fail-on release: name it with --allow-release to release it on purpose." : ""}`;
    result(RULES.smsRelease, x.blocking ? "error" : "note", text, x.resource, x.source, identity, x.accepted);
  }
  if (r.history.unseenDays > 0)
    result(RULES.unseen, "warning", `${r.history.coverage}.`, undefined, undefined, "unseen");
  if (v.overBefore > 0)
    result(
      RULES.overBefore,
      "warning",
      `The account is already ${v.overBefore} over its budget of ${v.limit} (${v.ratioPercent}% of quota ${v.quota} in ${v.windowDays} days) before this plan.`,
      undefined,
      undefined,
      "over-before",
    );
  return {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "connect-numbers", version: r.toolVersion, informationUri: INFORMATION_URI, rules: rules(r) },
        },
        // The report's notes (what the history covered, what a check without --cloudtrail cannot see, an
        // --allow-release that names nothing, …) are no finding of a line: SARIF carries them as notifications.
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notesOf(r).map((text) => ({ level: "note", message: { text } })),
          },
        ],
        originalUriBaseIds: {
          "%SRCROOT%": { description: { text: "The root of the repository the plan's program is in." } },
        },
        results,
      },
    ],
  };
}

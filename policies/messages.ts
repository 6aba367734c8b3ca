import { PlannedOperation, Verdict, WavePlan, explainVerdict, isoDate } from "../core";
import { LiveAccount } from "./live";
import { Rename } from "./derive";

const MAX_LISTED = 20;

function operationLine(op: PlannedOperation): string {
  const number = op.phoneNumber ? ` ${op.phoneNumber}` : "";
  const note = op.note ? ` (${op.note})` : "";
  return `  - ${op.action}${number} by ${op.resource} [${op.reason}]${note}`;
}

function wavesText(waves: WavePlan): string {
  if (!waves.feasible) return `No schedule can apply it: ${waves.reason}.`;
  if (waves.waves.length <= 1) return "";
  const parts = waves.waves.slice(0, 6).map((w, i) => `wave ${i + 1} at ${isoDate(w.at)}: ${w.operations.length} operation(s)`);
  const more = waves.waves.length > 6 ? `, and ${waves.waves.length - 6} more` : "";
  return `A safe schedule: ${parts.join("; ")}${more} (apply each with \`pulumi up --target <urn> …\`; \`connect-numbers plan-waves\` prints the commands).`;
}

function coverageText(live: LiveAccount, windowDays: number): string {
  const sources = live.historySources.length > 0 ? live.historySources.join(", ") : "none";
  const partial =
    live.coveredDays < windowDays
      ? ` They cover only the last ${live.coveredDays} of the ${windowDays} days (CloudTrail keeps 90): older churn is not counted; add historyFiles to cover the rest.`
      : "";
  return `History from ${sources}; quota ${live.quota} from ${live.quotaSource}.${partial}`;
}

/** The churn violation: one message a person understands, with the resources named. */
export function churnMessage(verdict: Verdict, operations: PlannedOperation[], waves: WavePlan, live: LiveAccount): string {
  const listed = operations.slice(0, MAX_LISTED).map(operationLine);
  if (operations.length > MAX_LISTED) listed.push(`  - … and ${operations.length - MAX_LISTED} more`);
  return [explainVerdict(verdict), "Planned churn:", ...listed, wavesText(waves), coverageText(live, verdict.windowDays)].filter((l) => l !== "").join("\n");
}

export function renameMessage(r: Rename): string {
  return (
    `${r.urn} would claim ${r.phoneNumber}, which this stack holds as "${r.formerName}", and "${r.formerName}" is no longer declared: ` +
    `the plan releases the number (into a cooldown of up to 180 days, never to be ours again) and claims it anew. ` +
    `If this is a rename or moved code, keep the number: add the option aliases: [{ name: "${r.formerName}" }] (old URN: ${r.formerUrn}).`
  );
}

export function unreadableMessage(error: Error, failClosed: boolean): string {
  return (
    `The phone-number churn check could not run: ${error.message}. ` +
    "Give the policy pack access (connect:ListPhoneNumbersV2, connect:DescribePhoneNumber, cloudtrail:LookupEvents, servicequotas:GetServiceQuota) " +
    "and its region/endpoint in the policy config, or set quota and historyFiles (with cloudTrail false) there. " +
    (failClosed ? "The preview is blocked because failClosed is true." : "Not blocking because failClosed is false: this plan's churn is unchecked.")
  );
}

import { isAllowedRelease } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { SmsPlan, SmsRelease } from "./sms/plan";

/** What an SMS finding rests on: the numbers read, per region. */
export function smsSeenLine(inventory: readonly string[]): string {
  return `Seen: ${inventory.join("; ")}; no other region read.`;
}

/** The allowReleases entry that names this SMS release (number, id, URN or resource name), if any. */
export function smsAllowedBy(r: SmsRelease, allow: readonly string[]): string | undefined {
  const finding = { released: { resource: r.resource, phoneNumber: r.phoneNumber, phoneNumberId: r.phoneNumberId }, claim: { resource: r.resource, unknown: [] } };
  return allow.find((entry) => isAllowedRelease(finding, [entry]));
}

/** A refusal blocks unless it rests on what the pack cannot see (a removed resource's forceDisassociate) and allowReleases names it. */
export function isBlockingRefusal(r: SmsRelease, allow: readonly string[]): boolean {
  if (!r.refused) return false;
  return r.refused.assumed === undefined || smsAllowedBy(r, allow) === undefined;
}

export function smsReleaseLine(r: SmsRelease): string {
  const why = r.reason === "replace" ? `replaced (${r.forcedBy?.join(", ")} changed)` : "no longer declared";
  return `  - ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource}: ${why}`;
}

/** The mandatory violation: a release AWS refuses, so `pulumi up` would stop halfway. */
export function refusedReleaseMessage(r: SmsRelease, inventory: readonly string[]): string {
  const refused = r.refused!;
  const assumed =
    refused.assumed === "forceDisassociate"
      ? ` CrossGuard does not show a removed resource's inputs: if ${r.resource} has forceDisassociate: true in the stack's state, its delete leaves the pool first and is not refused; then name ${r.phoneNumber} in allowReleases to go ahead (connect-numbers check on \`pulumi preview --json\` reads the state).`
      : "";
  return (
    `This plan releases the SMS number ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource} (${r.reason === "replace" ? `replaced: ${r.forcedBy?.join(", ")} changed` : "no longer declared"}), ` +
    `and AWS refuses to release it: applied, \`pulumi up\` would stop there, halfway, after the steps before it. ${refused.message}${assumed}\n${smsSeenLine(inventory)}`
  );
}

export function smsUnreadableMessage(error: Error, failClosed: boolean): string {
  return (
    `The SMS checks could not read the account's SMS origination numbers: ${error.message}. ` +
    "Give the policy pack sms-voice:DescribePhoneNumbers and sms-voice:ListTagsForResource, and its region (the policy config's region or the stack's connect-numbers:region; " +
    "connect-numbers:smsEndpoint for an endpoint other than the emulator). " +
    (failClosed
      ? "Blocked because failClosed is true: a plan whose SMS releases cannot be seen is not OK (a stack that never holds SMS numbers can set this policy's enforcementLevel to \"disabled\")."
      : "Not blocking because failClosed is false: this plan's SMS releases are unchecked.")
  );
}

/** The report's SMS part: every release (and refusal), the requests, what was read. */
export function smsReportLines(plan: SmsPlan, allow: readonly string[], inventory: readonly string[]): string[] {
  const lines: string[] = [];
  if (plan.releases.length > 0) {
    lines.push(`It releases ${plan.releases.length} SMS origination number(s) of End User Messaging SMS, ${SMS_NOT_COUNTED}:`);
    for (const r of plan.releases) {
      const allowed = smsAllowedBy(r, allow);
      const refused = r.refused ? ` — AWS refuses (${r.refused.reason === "pool" ? "in a pool" : "deletion protection"}): see sms-origination-number-release-refused` : "";
      lines.push(smsReleaseLine(r) + refused + (allowed ? ` — released on purpose: allowReleases names ${JSON.stringify(allowed)}` : ""));
    }
  }
  if (plan.requests.length > 0) lines.push(`It requests ${plan.requests.length} SMS number(s): ${plan.requests.map((q) => `${q.resource} (${q.note})`).join("; ")}.`);
  if (lines.length > 0) lines.push(smsSeenLine(inventory));
  return lines;
}

/** The advisory report: every release, the opt-outs used (and their lists), the budget, what could not be read. */
import {
  agreeing,
  alreadyCountedSentence,
  Allowance,
  deferredGrowthSentence,
  describeCoverage,
  plural,
  unseenMs,
} from "../../core";
import { SMS_NOT_COUNTED } from "../../core/sms";
import { refusalLabel } from "../words";
import { PackBudget, PackWording, overBeforeText } from "./budget";
import {
  PackRelease,
  PackSmsRelease,
  isRemoval,
  removalWords,
  releaseLine,
  REMOVED_UNSEEN,
  adoptionLine,
  smsReleaseLine,
} from "./releases";
import { ReadFailure, unreadableMessage } from "./unreadable";

/**
 * " — released on purpose: allowReleases names "x"", naming the list the entry came from: the policy config's, or the
 * stack's connect-numbers:allowReleases (which the pack adds to it, and the only one the provider reads).
 */
function onPurpose(a: Allowance | undefined): string {
  if (a === undefined) return "";
  const list = a.source === "stack-config" ? "the stack's connect-numbers:allowReleases" : "allowReleases";
  return ` — released on purpose: ${list} names ${JSON.stringify(a.entry)}`;
}

export interface PackReportInput {
  releases: readonly PackRelease[];
  /** Releases named in allowReleases, with the entry that named each and its list (policy or stack config). */
  allowed: ReadonlyMap<PackRelease, Allowance>;
  claims: number;
  handOvers: ReadonlyArray<{ from: string; to: string; phoneNumber: string }>;
  /** What else the plan does at no churn, a sentence each (a FAILED claim let go). */
  notes?: readonly string[];
  adoptions: ReadonlyArray<{ resource: string; number: string; stateRead?: boolean }>;
  /** What else the pack could not tell, each a sentence (a second number the unread state may hold pending delete). */
  unseen?: readonly string[];
  budgets: ReadonlyArray<PackBudget>;
  /** Regions whose read failed; `unneededIn`: its region, where the plan claims and releases none. */
  unreadable: ReadonlyArray<{ error: ReadFailure; unneededIn?: string }>;
  settings: PackWording;
}

/**
 * The advisory statement: every release, the opt-outs used, the budget, and what the pack could not see. What it
 * rests on (seenLine) closes the whole report, after the SMS part.
 */
export function reportMessage(r: PackReportInput): string {
  const lines: string[] = [];
  for (const b of r.budgets) if (b.overBefore) lines.push(overBeforeText(b));
  const listed = (rel: PackRelease) => releaseLine(rel) + onPurpose(r.allowed.get(rel));
  const certain = r.releases.filter((rel) => !isRemoval(rel));
  const removed = r.releases.filter(isRemoval);
  if (certain.length > 0) {
    lines.push(
      `This plan releases ${plural(certain.length, "number")}, ${agreeing(certain.length, "", "each ")}into a cooldown of up to 180 days:`,
      ...certain.map(listed),
    );
  }
  if (removed.length > 0) {
    lines.push(
      `${certain.length > 0 ? "It" : "This plan"} ${removalWords(removed.length, "number")} into a cooldown of up to 180 days:`,
      ...removed.map(listed),
      REMOVED_UNSEEN,
    );
  }
  if (r.claims > 0) lines.push(`It claims ${plural(r.claims, "number")}.`);
  for (const b of r.budgets) for (const d of b.deferred ?? []) lines.push(deferredGrowthSentence(d));
  for (const b of r.budgets) if (b.quotaAboveAccount) lines.push(b.quotaAboveAccount);
  for (const h of r.handOvers) lines.push(`${h.to} takes over ${h.phoneNumber} from ${h.from}: no claim, no release.`);
  lines.push(...(r.notes ?? []));
  for (const a of r.adoptions) lines.push(adoptionLine(a));
  lines.push(...(r.unseen ?? []));
  for (const b of r.budgets) {
    const v = b.verdict;
    const churn = v.planned.claims + v.planned.releases;
    const where = r.budgets.length > 1 ? ` (${b.region})` : "";
    lines.push(
      `Budget${where}: the rolling ${v.windowDays}-day window holds ${v.used} of ${v.limit}; with this plan ${v.projected}${churn > 0 && !v.ok ? " (over: see connect-phone-number-churn)" : ""}.`,
    );
    // Over budget, the churn violation's verdict says it (explainVerdict): said once.
    if (v.ok) lines.push(...v.alreadyCounted.map(alreadyCountedSentence));
    if (churn > 0 && r.settings.unseenHistory === "warn" && unseenMs(b.coverage, v.now, v.windowDays) > 0) {
      lines.push(`Warning (unseenHistory "warn"): ${describeCoverage(b.coverage, v.now, v.windowDays)}.`);
    }
    if (b.unplaced.length > 0) {
      lines.push(
        `Not placed on an instance ARN (a traffic distribution group, or a target given as instanceId or unknown at preview): ${b.unplaced.join(", ")}; ` +
          "a target unknown at preview counts against every instance this plan claims into, a traffic distribution group against none.",
      );
    }
  }
  for (const u of r.unreadable) lines.push(unreadableMessage(u.error, r.settings.failClosed, u.unneededIn));
  return lines.join("\n");
}

/** The report's SMS part: every release (and refusal), and the requests. */
export function smsReportLines(
  plan: { releases: readonly PackSmsRelease[]; requests: ReadonlyArray<{ resource: string; note: string }> },
  allowedBy: (r: PackSmsRelease) => Allowance | undefined,
): string[] {
  const lines: string[] = [];
  const listed = (r: PackSmsRelease) => {
    const refused = r.refused ? ` — AWS refuses (${refusalLabel(r)}): see sms-origination-number-release-refused` : "";
    return smsReleaseLine(r) + refused + onPurpose(allowedBy(r));
  };
  const certain = plan.releases.filter((r) => !isRemoval(r));
  const removed = plan.releases.filter(isRemoval);
  if (certain.length > 0) {
    lines.push(
      `It releases ${plural(certain.length, "SMS origination number")} of End User Messaging SMS, ${SMS_NOT_COUNTED}:`,
      ...certain.map(listed),
    );
  }
  if (removed.length > 0) {
    // CrossGuard cannot see retainOnDelete here either: the removal is the fact, the release follows unless retained.
    lines.push(
      `It ${removalWords(removed.length, "SMS origination number", " of End User Messaging SMS")}, ${SMS_NOT_COUNTED}:`,
      ...removed.map(listed),
    );
  }
  if (plan.requests.length > 0)
    lines.push(
      `It requests ${plural(plan.requests.length, "SMS number")}: ${plan.requests.map((q) => `${q.resource} (${q.note})`).join("; ")}.`,
    );
  return lines;
}

import {
  agreeing,
  alreadyCountedSentence,
  CapacityOverrun,
  DeferredGrowth,
  deferredGrowthSentence,
  HistoryCoverage,
  PlannedOperation,
  RenameFinding,
  Verdict,
  WavePlan,
  capacityFix,
  churnWords,
  describeCoverage,
  explainVerdict,
  fixText,
  isoDate,
  noAliasApplies,
  numbersAtStake,
  renameReleaseWords,
  renameShrinkSentence,
  plural,
  roomOn,
  unseenMs,
} from "../core";
import { SMS_NOT_COUNTED, SmsDeleteRefusalReason } from "../core/sms";
import { GONE_FOR_GOOD, refusalLabel } from "./words";

/**
 * The pack's violation messages: the same verdicts as `check`'s report, in CrossGuard's dialect (policy config
 * names such as allowReleases, Pulumi advice only). Inputs are what policies/ reads; the words are here.
 */

/** One region's budget as the pack judged it (policies/analysis.ts RegionBudget). */
export interface PackBudget {
  region: string;
  /** The ledger the window was read from, as connect-numbers:ledger takes it; absent: none was read. */
  ledger?: string;
  verdict: Verdict;
  waves: WavePlan;
  coverage: HistoryCoverage;
  quotaSource: string;
  /** The window is already over the limit before this plan. */
  overBefore: boolean;
  /** When the window next has room for one claim or release (null: never at this rule). */
  roomAt: number | null;
  /** Claims that could not be placed on an instance (TDG, unknown or instanceId-only target). */
  unplaced: readonly string[];
  /** Sets growing by what fits: the claims that wait for a later up (core/set-growth.ts). */
  deferred?: readonly DeferredGrowth[];
  /** The quota setting is above the account's: core's quotaAboveAccountSentence, naming the pack's setting. */
  quotaAboveAccount?: string;
}

/** A Connect number the plan releases, as the pack derived it. */
export interface PackRelease {
  resource: string;
  phoneNumber: string;
  phoneNumberId: string;
  region: string;
  /** "shrink": a set that stays declared releases a number its `release` names; "pending-delete": see words.ts. */
  reason: "delete" | "replace" | "shrink" | "pending-delete";
  /** For a replacement: the inputs that force it. */
  forcedBy?: readonly string[];
  importedFrom?: string;
}

/** An SMS origination number the plan releases, and whether AWS would refuse. */
export interface PackSmsRelease extends Omit<PackRelease, "importedFrom"> {
  refused?: { reason: SmsDeleteRefusalReason; message: string; assumed?: "forceDisassociate" };
}

/** The settings a message names. */
export interface PackWording {
  unseenHistory: "refuse" | "warn";
  failClosed: boolean;
  origin: { unseenHistory?: string };
}

/** An account read that failed; `what` names the part (inventory, history, quota) where known. */
/** unanswered: a call AWS did not answer; the message then holds the fix (the network, or more time). */
export type ReadFailure = Error & { what?: string; unanswered?: boolean };

const MAX_LISTED = 20;

/**
 * What the verdicts rest on: the numbers read (Connect's and SMS's), the history's coverage, the quota. Said once per
 * preview, at the end of the report: every policy judges from the same reads, and repeating it under each verdict
 * buried the verdicts.
 */
export function seenLine(inventory: readonly string[], budgets: readonly PackBudget[] = []): string {
  const parts = [`Seen: ${inventory.join("; ")}; no other region read`];
  for (const b of budgets) {
    const where = budgets.length > 1 ? ` (${b.region})` : "";
    parts.push(
      `History${where}: ${describeCoverage(b.coverage, b.verdict.now, b.verdict.windowDays)}; quota ${b.verdict.quota} from ${b.quotaSource}`,
    );
  }
  return `${parts.join(". ")}.`;
}

function operationLine(op: PlannedOperation): string {
  const number = op.phoneNumber ? ` ${op.phoneNumber}` : "";
  const note = op.note ? ` (${op.note})` : "";
  const why =
    op.reason === "grow"
      ? "the set grows"
      : op.reason === "shrink"
        ? "named in the set's release"
        : isRemovalRelease(op)
          ? "removed: released unless it retains on delete"
          : op.reason;
  return `  - ${op.action}${number} by ${op.resource} [${why}]${note}`;
}

function listed(lines: string[]): string[] {
  return lines.length > MAX_LISTED
    ? [...lines.slice(0, MAX_LISTED), `  - … and ${lines.length - MAX_LISTED} more`]
    : lines;
}

function wavesText(waves: WavePlan): string {
  const parts = waves.waves
    .slice(0, 6)
    .map((w, i) => `wave ${i + 1} at ${isoDate(w.at)}: ${plural(w.operations.length, "operation")}`);
  const more = waves.waves.length > 6 ? `, and ${waves.waves.length - 6} more` : "";
  const how = "(apply each with `pulumi up --target <urn> …`; `connect-numbers plan-waves` prints the commands)";
  if (!waves.feasible) {
    if (waves.waves.length === 0) return `No schedule can apply it: ${waves.reason}.`;
    return `A safe schedule applies only part of it: ${parts.join("; ")}${more} ${how}. The rest cannot come: ${waves.reason}.`;
  }
  if (waves.waves.length <= 1) return "";
  return `A safe schedule: ${parts.join("; ")}${more} ${how}.`;
}

function regionPrefix(budget: PackBudget, regions: number): string {
  return regions > 1 ? `In ${budget.region}: ` : "";
}

/** Said plainly, first, whenever the window is over the limit before the plan does anything. */
export function overBeforeText(b: PackBudget): string {
  const v = b.verdict;
  const room =
    b.roomAt === null
      ? "no claim or release ever fits at this rule"
      : `room for one claim or release again from ${isoDate(b.roomAt)}`;
  return `The account is already over its churn budget before this plan: the rolling ${v.windowDays}-day window holds ${v.used} claims and releases, over the limit of ${v.limit} (AWS blocks new claims past ${v.budget}); ${room}.`;
}

/** A release the pack counts only because a resource is removed: its retainOnDelete, if any, is out of sight. */
function isRemovalRelease(op: PlannedOperation): boolean {
  return op.action === "release" && op.reason === "delete";
}

/**
 * Said under the churn verdict when it counts a removal as a release: the count is the worst case, and the face that
 * reads the stack's state can tell.
 */
const REMOVALS_COUNTED =
  "Each removal is counted as a release: CrossGuard cannot see a removed resource's retainOnDelete, and with it nothing is released and the count is lower. " +
  "`connect-numbers check` on `pulumi preview --json --show-replacement-steps` reads it from the stack's state.";

/** The churn violation: the verdict, the churn per resource, a safe schedule, and what it rests on. */
export function churnMessage(b: PackBudget, operations: readonly PlannedOperation[], regions: number): string {
  return [
    b.overBefore ? overBeforeText(b) : "",
    regionPrefix(b, regions) +
      explainVerdict(b.verdict, b.ledger === undefined ? undefined : { ledger: b.ledger, region: b.region }),
    "Planned churn:",
    ...listed(operations.map(operationLine)),
    operations.some(isRemovalRelease) ? REMOVALS_COUNTED : "",
    wavesText(b.waves),
  ]
    .filter((l) => l !== "")
    .join("\n");
}

export function overrunMessage(o: CapacityOverrun & { instanceArn: string }): string {
  return (
    `This plan claims ${plural(o.claims, "number")} on instance ${o.instanceArn}, which holds ${o.held}: ${o.held + o.claims} is over its "Phone numbers per instance" quota of ${o.quota} ` +
    `(L-8F812903, per instance; claims land before any release of the same plan). Claiming: ${claimingWords(o.resources)}. ` +
    `Those past its room of ${roomOn(o)} would end FAILED and still count as churn. To go ahead: ${capacityFix(o.target)}; \`connect-numbers plan-waves\` schedules only what fits.`
  );
}

/** Each claiming resource once, in the order first met, with its count when it claims more (a set's growth). */
function claimingWords(resources: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => (n === 1 ? r : `${r} (${plural(n, "claim")})`)).join(", ");
}

export function unseenMessage(b: PackBudget, settings: PackWording): string {
  const v = b.verdict;
  return (
    `Cannot judge this plan's ${churnWords(v.planned, { zeros: v.planned.claims + v.planned.releases === 0 })}: ${describeCoverage(b.coverage, v.now, v.windowDays)}, ` +
    `and unseenHistory is "refuse" (${settings.origin.unseenHistory}). Churn on those days counts against the same budget, so "within budget" could be wrong. ` +
    `To judge it: give historyFiles covering the whole ${v.windowDays}-day window (JSON Lines of every claim and release; relative to the program), ` +
    `or, knowing the account had no churn on those days, set unseenHistory: "warn" to go ahead with a warning.`
  );
}

/** The failOn verdict; released SMS numbers are listed after the Connect ones. */
export function failOnReleaseMessage(releases: readonly PackRelease[], sms: readonly PackSmsRelease[] = []): string {
  const removed = releases.filter(isRemoval).length + sms.filter(isRemoval).length;
  const certain = releases.length + sms.length - removed;
  return [
    `failOn includes "release", and of the numbers not named in allowReleases this plan ${releasesAndRemovals(certain, removed)}; ${GONE_FOR_GOOD}:`,
    ...releases.map(releaseLine),
    ...(sms.length > 0
      ? [
          "SMS origination numbers (End User Messaging SMS; a released one is never ours again either):",
          ...sms.map(smsReleaseLine),
        ]
      : []),
    "To release on purpose, name each number (or its resource) in allowReleases: the output then says so.",
    removed > 0 ? REMOVED_UNSEEN : "",
  ]
    .filter((l) => l !== "")
    .join("\n");
}

/**
 * A removed resource's delete releases its number only if the resource does not retain on delete, which CrossGuard
 * cannot see: the pack says what the plan removes and what its delete then does, never the release as a fact.
 */
function isRemoval(r: { reason: PackRelease["reason"] }): boolean {
  return r.reason === "delete";
}

/** "the resource holding 1 number", "the resources holding 3 numbers" (a set is one resource holding several). */
function removedHolders(n: number, word: string): string {
  return `${agreeing(n, "the resource", "the resources")} holding ${plural(n, word)}`;
}

/** "releases 1 number and removes the resources holding 2 more numbers, which …", the parts that are zero left out. */
function releasesAndRemovals(certain: number, removed: number): string {
  const releases = certain > 0 ? `releases ${plural(certain, "number")}` : "";
  const removes =
    removed > 0
      ? `removes ${removedHolders(removed, certain > 0 ? "more number" : "number")}, ` +
        agreeing(
          removed,
          "which its delete releases unless the resource retains on delete (retainOnDelete)",
          "which their delete releases unless the resources retain on delete (retainOnDelete)",
        )
      : "";
  return [releases, removes].filter((p) => p !== "").join(" and ");
}

function releaseLine(r: PackRelease): string {
  const why =
    r.reason === "replace"
      ? `replaced (${r.forcedBy?.join(", ")} changed)`
      : r.reason === "shrink"
        ? "named in its release (the set stays declared and shrinks)"
        : r.reason === "pending-delete"
          ? "pending delete in the stack's state (an earlier replacement or delete did not finish): this up releases it"
          : "no longer declared";
  const imported = r.importedFrom
    ? ` (imported from End User Messaging SMS ${r.importedFrom}: a Connect release, counted against Connect's budget)`
    : "";
  return `  - ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource}: ${why}${imported}`;
}

/**
 * A rename or re-claim the pack blocks: a search (or a number unknown at preview) under a new name, which takes a
 * fresh number and lets the old one go. A specific number declared anew is a hand-over (core/pairing.ts), never here.
 * Pulumi advice only: CrossGuard judges Pulumi programs.
 */
/** `stackOnly`: for a rename the provider refuses unless the stack's list names it, how to (stackOnlySentence). */
export function renameMessage(f: RenameFinding, stackOnly?: string): string {
  const number = numbersAtStake(f);
  const several = (f.phoneNumbers?.length ?? 0) > 1;
  if (f.kind === "adopt-release") {
    return (
      `A lost adoption: ${f.claim.resource} adopts ${number}, which ${f.released.resource} holds, and this plan removes ${f.released.resource} without retainOnDelete (read from the stack's state): ` +
      `its provider's delete calls ReleasePhoneNumber after the adoption (only connect-numbers' own delete skips it), and ${number} is gone for good. ` +
      `Migrate in two steps: ${f.fix.pulumi} (\`connect-numbers migrate\` prints the steps).`
    );
  }
  const what =
    f.kind === "rename"
      ? `${f.claim.resource} would claim ${number}, the very number ${f.released.resource} holds and this plan releases`
      : several
        ? `${f.claim.resource} searches for numbers that ${f.released.resource}'s ${number} match, and this plan lets them go`
        : `${f.claim.resource} searches for a number that ${number} (held by ${f.released.resource}, which this plan lets go) matches`;
  const assumed = f.assumed.length > 0 ? ` (${f.assumed.join(", ")} unknown at preview: assumed to match)` : "";
  return (
    `A rename or re-claim${assumed}: ${what}. A search takes a fresh number, never another resource's: applied, this costs ${several ? "a claim each" : "a claim"}, and ${renameReleaseWords(f, several)}. ` +
    `If this is the same line under a new name or place, keep ${several ? "them" : "the number"}: ` +
    (noAliasApplies(f)
      ? `set ${fixText(f.fix)}. `
      : `add the resource option ${f.fix.pulumi} to ${f.claim.resource}. `) +
    (f.shrink ? `${renameShrinkSentence(f.shrink)} ` : "") +
    (stackOnly ??
      `To release ${several ? "them" : "it"} on purpose, name ${several ? "the numbers" : number} or the resource in allowReleases.`)
  );
}

/** What CrossGuard cannot see of a removed resource, said wherever a removal is listed as a release. */
export const REMOVED_UNSEEN =
  "CrossGuard cannot see a removed resource's options: with retainOnDelete nothing is released, and with deletionProtection the provider refuses the delete and the apply stops there (`connect-numbers check` on `pulumi preview --json --show-replacement-steps` sees both).";

/** An adoption of a number this package's resources of the stack do not hold, and what CrossGuard cannot tell of it. */
export function adoptionLine(a: { resource: string; number: string; stateRead?: boolean }): string {
  if (a.stateRead)
    return `${a.resource} adopts ${a.number}, which no resource of this stack holds (its state read): no claim, no release.`;
  return (
    `${a.resource} adopts ${a.number}, which no connect-numbers resource of this stack holds. CrossGuard cannot see removed resources: if a pulumi-aws or aws-native PhoneNumber ` +
    `of this stack holds it and this plan removes it, that delete releases ${a.number} after the adoption (only connect-numbers' own delete skips it), and the number is gone for good. ` +
    "Migrate it instead: set retainOnDelete: true on the old resource and run `pulumi up` first, then remove it and adopt (`connect-numbers check` on the preview blocks the one-step plan)."
  );
}

export function unreadableMessage(error: ReadFailure, failClosed: boolean): string {
  const what = error.what ? `the account's ${error.what}` : "the account";
  // The SDK's own words may end in a period: one sentence ends once.
  const reason = error.message.replace(/\.+$/, "");
  return (
    `The phone-number checks could not read ${what}: ${reason}. ` +
    (error.unanswered
      ? ""
      : "Give the policy pack access (connect:ListPhoneNumbersV2, connect:DescribePhoneNumber, cloudtrail:LookupEvents, servicequotas:GetServiceQuota) " +
        "and its region (and endpoint, for an emulator or VPC endpoint) in the policy config or the stack's connect-numbers:region, or set quota and historyFiles. ") +
    (failClosed
      ? "Blocked because failClosed is true: a plan that cannot be judged is not OK."
      : "Not blocking because failClosed is false: this plan's churn is unchecked.")
  );
}

export interface PackReportInput {
  releases: readonly PackRelease[];
  /** Releases named in allowReleases, with the entry that named each. */
  allowed: ReadonlyMap<PackRelease, string>;
  claims: number;
  handOvers: ReadonlyArray<{ from: string; to: string; phoneNumber: string }>;
  /** What else the plan does at no churn, a sentence each (a FAILED claim let go). */
  notes?: readonly string[];
  adoptions: ReadonlyArray<{ resource: string; number: string; stateRead?: boolean }>;
  /** What else the pack could not tell, each a sentence (a second number the unread state may hold pending delete). */
  unseen?: readonly string[];
  budgets: ReadonlyArray<PackBudget>;
  unreadable: ReadonlyArray<ReadFailure>;
  settings: PackWording;
}

/**
 * The advisory statement: every release, the opt-outs used, the budget, and what the pack could not see. What it
 * rests on (seenLine) closes the whole report, after the SMS part.
 */
export function reportMessage(r: PackReportInput): string {
  const lines: string[] = [];
  for (const b of r.budgets) if (b.overBefore) lines.push(overBeforeText(b));
  const listed = (rel: PackRelease) => {
    const allowed = r.allowed.get(rel);
    return releaseLine(rel) + (allowed ? ` — released on purpose: allowReleases names ${JSON.stringify(allowed)}` : "");
  };
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
      `${certain.length > 0 ? "It" : "This plan"} removes ${removedHolders(removed.length, "number")}: ` +
        agreeing(
          removed.length,
          "unless it retains on delete (retainOnDelete), its delete releases the number",
          "unless they retain on delete (retainOnDelete), their delete releases each",
        ) +
        " into a cooldown of up to 180 days:",
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
  for (const e of r.unreadable) lines.push(unreadableMessage(e, r.settings.failClosed));
  return lines.join("\n");
}

export function smsReleaseLine(r: PackSmsRelease): string {
  const why =
    r.reason === "replace"
      ? `replaced (${r.forcedBy?.join(", ")} changed)`
      : r.reason === "pending-delete"
        ? "an old instance pending delete in the stack's state (a replacement or delete that did not finish), " +
          "which the next up releases"
        : "no longer declared";
  return `  - ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource}: ${why}`;
}

/** The mandatory violation: a release AWS refuses, so `pulumi up` would stop halfway. */
export function refusedReleaseMessage(r: PackSmsRelease): string {
  const refused = r.refused!;
  const assumed =
    refused.assumed === "forceDisassociate"
      ? ` CrossGuard does not show a removed resource's inputs: if ${r.resource} has forceDisassociate: true in the stack's state, its delete leaves the pool first and is not refused; then name ${r.phoneNumber} in allowReleases to go ahead (connect-numbers check on \`pulumi preview --json\` reads the state).`
      : "";
  return (
    `This plan releases the SMS number ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource} (${r.reason === "replace" ? `replaced: ${r.forcedBy?.join(", ")} changed` : "no longer declared"}), ` +
    `and AWS refuses to release it: applied, \`pulumi up\` would stop there, halfway, after the steps before it. ${refused.message}${assumed}`
  );
}

export function smsUnreadableMessage(error: Error, failClosed: boolean): string {
  return (
    `The SMS checks could not read the account's SMS origination numbers: ${error.message}. ` +
    "Give the policy pack sms-voice:DescribePhoneNumbers and sms-voice:ListTagsForResource, and its region (the policy config's region or the stack's connect-numbers:region; " +
    "connect-numbers:smsEndpoint for an endpoint other than the emulator). " +
    (failClosed
      ? 'Blocked because failClosed is true: a plan whose SMS releases cannot be seen is not OK (a stack that never holds SMS numbers can set this policy\'s enforcementLevel to "disabled").'
      : "Not blocking because failClosed is false: this plan's SMS releases are unchecked.")
  );
}

/** The report's SMS part: every release (and refusal), and the requests. */
export function smsReportLines(
  plan: { releases: readonly PackSmsRelease[]; requests: ReadonlyArray<{ resource: string; note: string }> },
  allowedBy: (r: PackSmsRelease) => string | undefined,
): string[] {
  const lines: string[] = [];
  const listed = (r: PackSmsRelease) => {
    const allowed = allowedBy(r);
    const refused = r.refused ? ` — AWS refuses (${refusalLabel(r)}): see sms-origination-number-release-refused` : "";
    return (
      smsReleaseLine(r) +
      refused +
      (allowed ? ` — released on purpose: allowReleases names ${JSON.stringify(allowed)}` : "")
    );
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
      `It removes ${removedHolders(removed.length, "SMS origination number")} of End User Messaging SMS: ` +
        agreeing(
          removed.length,
          "unless it retains on delete (retainOnDelete), its delete releases the number",
          "unless they retain on delete (retainOnDelete), their delete releases each",
        ) +
        `, ${SMS_NOT_COUNTED}:`,
      ...removed.map(listed),
    );
  }
  if (plan.requests.length > 0)
    lines.push(
      `It requests ${plural(plan.requests.length, "SMS number")}: ${plan.requests.map((q) => `${q.resource} (${q.note})`).join("; ")}.`,
    );
  return lines;
}

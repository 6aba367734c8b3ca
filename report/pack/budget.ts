/** The pack's churn and capacity verdicts: over budget, over an instance's room, history unseen; what they rest on. */
import {
  CapacityOverrun,
  DeferredGrowth,
  HistoryCoverage,
  PlannedOperation,
  Verdict,
  WavePlan,
  capacityFix,
  overrunInto,
  churnWords,
  describeCoverage,
  explainVerdict,
  isoDate,
  pastRoomWords,
  plural,
  quotaWords,
  roomOn,
} from "../../core";

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

/** The settings a message names. */
export interface PackWording {
  unseenHistory: "refuse" | "warn";
  failClosed: boolean;
  origin: { unseenHistory?: string };
}

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
    .map(
      (w, i) =>
        `wave ${i + 1} at ${isoDate(w.at)}: ${plural(w.operations.length, "operation")}${w.moves ? ` and ${plural(w.moves.length, "move")} (no churn)` : ""}`,
    );
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
    `This plan ${verbOf(o, "moves", "claims")} ${plural(o.claims, "number")} on${o.moves ? "to" : ""} instance ${o.instanceArn}, which holds ${o.held}: ${o.held + o.claims} is over its ` +
    (o.setBy === undefined
      ? `"Phone numbers per instance" quota of ${o.quota} (L-8F812903, per instance; claims land before any release of the same plan). `
      : `quota of ${quotaWords(o)}; claims land before any release of the same plan. `) +
    `${verbOf(o, "Moving", "Claiming")}: ${claimingWords(o.resources)}. ` +
    `Those past its room of ${roomOn(o)} ${pastRoomWords(o, o.claims - roomOn(o), o.moves === o.claims ? "move" : "claim")}. To go ahead: ${capacityFix(o.target, o.setBy, overrunInto(o))}; \`connect-numbers plan-waves\` schedules only what fits.`
  );
}

/** A move (no churn) is said as one: "moves" when only moves land, "moves or claims" when both do. */
function verbOf(o: CapacityOverrun, move: string, claim: string): string {
  if (!o.moves) return claim;
  return o.moves === o.claims ? move : `${move} or ${claim.toLowerCase()}`;
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

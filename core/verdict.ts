import { ChurnHistory } from "./history";
import { Plan, ResourceContribution, contributionsOf, countOperations } from "./plan";
import { budgetOf } from "./quota";
import { ChurnRule } from "./settings";

export interface VerdictInput {
  history: ChurnHistory;
  plan: Plan;
  rule: ChurnRule;
  /** Epoch milliseconds, UTC. Events after `now` have not happened yet. */
  now: number;
  /** Numbers the account holds now, when known: a plan may not leave more than the quota active. */
  activeNumbers?: number;
  /**
   * Numbers held now per target (targetKey), when known: the quota ("Phone numbers per instance") is then compared
   * per target. A claim whose target the plan does not know counts against every target.
   */
  activeByTarget?: Record<string, number>;
}

export type BlockReason = "over-budget" | "plan-exceeds-budget" | "over-active-quota";

export interface Verdict {
  ok: boolean;
  windowDays: number;
  ratioPercent: number;
  reservePercent: number;
  quota: number;
  /** AWS's budget: floor(quota * ratioPercent / 100). */
  budget: number;
  reserved: number;
  /** budget - reserved: what plans may use. */
  limit: number;
  now: number;
  /** Events in the window at `now`. */
  used: number;
  planned: { claims: number; releases: number };
  projected: number;
  /** limit - used; negative when the account is already over. */
  headroom: number;
  /** How far the window is over the limit before the plan: used - limit, or 0. */
  overBefore: number;
  /** The earliest instant one more claim or release fits, whatever the plan (now when one fits now). */
  nextFitsAt: number | null;
  overBy: number;
  activeNumbers?: number;
  activeAfter?: number;
  /** With activeByTarget: the target that comes closest to (or goes over) the quota. */
  activeTarget?: string;
  /** The earliest instant the same plan fits, `now` when it fits now, null when it never can. */
  freesAt: number | null;
  blockedBy: BlockReason[];
  contributions: ResourceContribution[];
}

export function evaluate(input: VerdictInput): Verdict {
  const { history, plan, rule, now } = input;
  const { budget, reserved, limit, windowMs } = budgetOf(rule);
  const planned = countOperations(plan);
  const churn = planned.claims + planned.releases;
  const used = history.countInWindow(now, windowMs);
  const projected = used + churn;
  const { activeAfter, activeTarget } = activeAfterPlan(input, planned);

  const blockedBy: BlockReason[] = [];
  if (churn > 0 && projected > limit) blockedBy.push(churn > limit ? "plan-exceeds-budget" : "over-budget");
  if (planned.claims > 0 && activeAfter !== undefined && activeAfter > rule.quota) blockedBy.push("over-active-quota");

  const neverFits = blockedBy.includes("plan-exceeds-budget") || blockedBy.includes("over-active-quota");
  const freesAt = churn === 0 ? now : neverFits ? null : history.earliestWithAtMost(limit - churn, now, windowMs);

  return {
    ok: blockedBy.length === 0,
    windowDays: rule.windowDays,
    ratioPercent: rule.ratioPercent,
    reservePercent: rule.reservePercent,
    quota: rule.quota,
    budget,
    reserved,
    limit,
    now,
    used,
    planned,
    projected,
    headroom: limit - used,
    overBefore: Math.max(0, used - limit),
    nextFitsAt: history.earliestWithAtMost(limit - 1, now, windowMs),
    overBy: churn === 0 ? 0 : Math.max(0, projected - limit),
    activeNumbers: input.activeNumbers,
    activeAfter,
    activeTarget,
    freesAt,
    blockedBy,
    contributions: contributionsOf(plan),
  };
}

function activeAfterPlan(input: VerdictInput, planned: { claims: number; releases: number }): { activeAfter?: number; activeTarget?: string } {
  if (input.activeByTarget === undefined) {
    return { activeAfter: input.activeNumbers === undefined ? undefined : input.activeNumbers + planned.claims - planned.releases };
  }
  const claims = new Map<string, number>();
  const releases = new Map<string, number>();
  let anywhere = 0;
  for (const op of input.plan.operations) {
    if (op.action === "claim" && op.target === undefined) anywhere++;
    else if (op.target !== undefined) {
      const counts = op.action === "claim" ? claims : releases;
      counts.set(op.target, (counts.get(op.target) ?? 0) + 1);
    }
  }
  const targets = new Set([...Object.keys(input.activeByTarget), ...claims.keys()]);
  let worst: { activeAfter?: number; activeTarget?: string } = {};
  for (const target of targets) {
    const claimed = (claims.get(target) ?? 0) + anywhere;
    if (claimed === 0) continue;
    const after = (input.activeByTarget[target] ?? 0) + claimed - (releases.get(target) ?? 0);
    if (worst.activeAfter === undefined || after > worst.activeAfter) worst = { activeAfter: after, activeTarget: target };
  }
  if (worst.activeAfter === undefined && anywhere > 0) worst = { activeAfter: anywhere, activeTarget: "a target the plan does not know yet" };
  return worst;
}

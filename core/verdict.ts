import { Capacities, CapacityOverrun, capacityOverruns } from "./capacity";
import { ChurnHistory } from "./history";
import { Plan, ResourceContribution, contributionsOf, countOperations } from "./plan";
import { budgetOf } from "./quota";
import { CountedRelease, releasesAlreadyCounted } from "./released-once";
import { ChurnRule } from "./settings";

export interface VerdictInput {
  history: ChurnHistory;
  plan: Plan;
  rule: ChurnRule;
  /** Epoch milliseconds, UTC. Events after `now` have not happened yet. */
  now: number;
  /**
   * Each known target's quota ("Phone numbers per instance") and held count: the plan's claims into a target may
   * not exceed what it can take (core/capacity.ts). A claim whose target the plan does not know counts against every target.
   */
  capacities?: Capacities;
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
  /** Of `used`, the ledger's reservations of deployments that have not said what AWS did (ChurnEvent.reservation). */
  reservations: number;
  planned: { claims: number; releases: number };
  /** Of `planned.releases`, those whose number id's release the window already holds: they add nothing. */
  alreadyCounted: CountedRelease[];
  projected: number;
  /** limit - used; negative when the account is already over. */
  headroom: number;
  /** How far the window is over the limit before the plan: used - limit, or 0. */
  overBefore: number;
  /** The earliest instant one more claim or release fits, whatever the plan (now when one fits now). */
  nextFitsAt: number | null;
  overBy: number;
  /** The targets this plan, applied at once, would take over their quota: their claims would end FAILED. */
  overCapacity: CapacityOverrun[];
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
  // A planned release the window already counts is that event again (core/released-once.ts): the plan's release
  // stands for it, so the rest of the history is what the plan's churn adds to, now and at any later instant.
  const alreadyCounted = releasesAlreadyCounted(history, plan.operations, now, windowMs);
  const rest = history.without(new Set(alreadyCounted.map((c) => c.event)));
  const projected = used - alreadyCounted.length + churn;
  const overCapacity = input.capacities ? capacityOverruns(plan.operations, input.capacities, plan.moves) : [];

  const blockedBy: BlockReason[] = [];
  if (churn > 0 && projected > limit) blockedBy.push(churn > limit ? "plan-exceeds-budget" : "over-budget");
  if (overCapacity.length > 0) blockedBy.push("over-active-quota");

  const neverFits = blockedBy.includes("plan-exceeds-budget") || blockedBy.includes("over-active-quota");
  const freesAt = churn === 0 ? now : neverFits ? null : rest.earliestWithAtMost(limit - churn, now, windowMs);

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
    reservations: history.events.filter((e) => e.reservation && e.at > now - windowMs && e.at <= now).length,
    planned,
    alreadyCounted,
    projected,
    headroom: limit - used,
    overBefore: Math.max(0, used - limit),
    nextFitsAt: history.earliestWithAtMost(limit - 1, now, windowMs),
    overBy: churn === 0 ? 0 : Math.max(0, projected - limit),
    overCapacity,
    freesAt,
    blockedBy,
    contributions: contributionsOf(plan),
  };
}

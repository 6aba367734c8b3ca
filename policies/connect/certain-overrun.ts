import {
  ChurnHistory,
  PlannedOperation,
  Verdict,
  churnWords,
  defaultRule,
  evaluate,
  overBudgetAdvice,
} from "../../core";
import { AccountReadError } from "../../account";
import { PackSettings } from "../settings";

/**
 * A verdict that needs no reading: the plan's own claims and releases in one region exceed the whole budget even if
 * the window held nothing before it. The history (or what else) could not be read, but nothing it could hold would
 * change that; so failClosed, which only softens "cannot read", does not soften this.
 */
export interface CertainOverrun {
  region: string;
  verdict: Verdict;
  /** What could not be read. */
  error: AccountReadError;
  quotaSource: string;
}

/**
 * The verdict over an empty history, when the quota is known without the read that failed (the config's, or a
 * Service Quotas read that still answers); undefined when the plan may fit or the quota is unknown too.
 */
export async function certainOverrun(
  region: string,
  operations: readonly PlannedOperation[],
  settings: PackSettings,
  now: number,
  error: AccountReadError,
  readQuota: () => Promise<number>,
): Promise<CertainOverrun | undefined> {
  if (operations.length === 0) return undefined;
  let quota = settings.quota;
  let quotaSource = settings.quota !== undefined ? (settings.origin.quota ?? "config") : "Service Quotas L-8F812903";
  if (quota === undefined) {
    try {
      quota = await readQuota();
    } catch {
      return undefined;
    }
    quotaSource = "Service Quotas L-8F812903";
  }
  const rule = defaultRule({
    quota,
    windowDays: settings.windowDays,
    ratioPercent: settings.ratioPercent,
    reservePercent: settings.reservePercent,
  });
  const verdict = evaluate({ history: ChurnHistory.build([]), plan: { operations: [...operations] }, rule, now });
  return verdict.blockedBy.includes("plan-exceeds-budget") ? { region, verdict, error, quotaSource } : undefined;
}

/** The churn violation for it: what the plan needs, the budget, what could not be read and why that does not matter. */
export function certainOverrunMessage(o: CertainOverrun, regions: number): string {
  const v = o.verdict;
  const churn = v.planned.claims + v.planned.releases;
  const where = regions > 1 ? `In ${o.region}: ` : "";
  const budget =
    v.reserved > 0
      ? `${v.limit} usable (AWS budget ${v.budget} = ${v.ratioPercent}% of quota ${v.quota}, ${v.reserved} held in reserve)`
      : `${v.budget} (${v.ratioPercent}% of quota ${v.quota} from ${o.quotaSource})`;
  return (
    `${where}This plan makes ${churnWords(v.planned, { zeros: true })}: ${churn}, more than the whole ${v.windowDays}-day budget of ${budget} even if the window held nothing before it, ` +
    `so it can never go through at once whatever the history holds. The pack could not read the account's ${o.error.what} (${o.error.message}), but no history could change this verdict: ` +
    `failClosed softens only what cannot be read, never a verdict that needs no reading. To go ahead: ${overBudgetAdvice(v, false)}`
  );
}

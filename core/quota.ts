import { QuotaSetting, TargetCapacity } from "./capacity";
import { ChurnRule, DAY_MS } from "./settings";

export interface Budget {
  /** AWS's limit: floor(Q * R / 100) events in any window. */
  budget: number;
  /** Held back by reservePercent. */
  reserved: number;
  /** What plans may use: budget - reserved. */
  limit: number;
  windowMs: number;
}

export function budgetOf(rule: ChurnRule): Budget {
  assertRule(rule);
  const budget = Math.floor((rule.quota * rule.ratioPercent) / 100);
  const reserved = Math.floor((budget * rule.reservePercent) / 100);
  return { budget, reserved, limit: budget - reserved, windowMs: rule.windowDays * DAY_MS };
}

export class InvalidRuleError extends Error {
  constructor(
    readonly field: keyof ChurnRule,
    readonly value: unknown,
    fix: string,
  ) {
    super(`${field} = ${JSON.stringify(value)} is not valid: ${fix}`);
    this.name = "InvalidRuleError";
  }
}

function assertRule(rule: ChurnRule): void {
  const wholeAtLeast = (field: keyof ChurnRule, min: number) => {
    const v = rule[field];
    if (!Number.isInteger(v) || v < min) {
      throw new InvalidRuleError(field, v, `use a whole number >= ${min}`);
    }
  };
  wholeAtLeast("quota", 0);
  wholeAtLeast("windowDays", 1);
  wholeAtLeast("ratioPercent", 0);
  wholeAtLeast("reservePercent", 0);
  if (rule.reservePercent > 100) {
    throw new InvalidRuleError("reservePercent", rule.reservePercent, "use a percentage from 0 to 100");
  }
}

/**
 * A quota setting against the phone-number quota AWS enforces (Service Quotas L-8F812903, or why it could not be
 * read): set above it, the churn budget counted from the setting is larger than AWS's, and AWS refuses what every
 * face let through (a target's room is counted from the lower: capacityQuota). The one sentence each face says (with
 * its own setting's name and how to lower it); undefined when the setting is not above the account's.
 */
export function quotaAboveAccountSentence(o: {
  setting: string;
  configured: number;
  enforced: number | { unread: string };
  /** How to lower or drop the setting, in the face's words: "Lower --quota to the account's quota, or leave it out". */
  lower: string;
}): string | undefined {
  const fix =
    `${o.lower}, or first raise the account's quota with a Service Quotas increase request for L-8F812903: ` +
    "AWS refuses the claims past its own budget that a larger setting lets through.";
  if (typeof o.enforced === "number") {
    if (o.configured <= o.enforced) return undefined;
    return (
      `${o.setting} is ${o.configured}, above the account's phone-number quota of ${o.enforced} that AWS enforces ` +
      `(Service Quotas L-8F812903): the churn budget counted from ${o.configured} is larger than AWS's (a target's room is counted from ${o.enforced}). ${fix}`
    );
  }
  return (
    `${o.setting} is ${o.configured}, and the account's phone-number quota (Service Quotas L-8F812903) could not be read ` +
    `to compare (${o.enforced.unread}): if it is lower, AWS counts against its own. ${fix}`
  );
}

/**
 * The quota a target's capacity ("Phone numbers per instance") is counted from: the setting, but never above the
 * quota AWS enforces when it was read. A setting above it would let a claim through that AWS refuses ("The target
 * has reached its limit"), and a refused claim still counts as churn. Unread: the setting stands.
 */
export function capacityQuota(setting: number, enforced: number | undefined): number {
  return enforced === undefined ? setting : Math.min(setting, enforced);
}

/**
 * An instance's quota from a setting (named as the face names it) and the instance's own L-8F812903 (undefined:
 * unread): capacityQuota's number, and, when the setting is below the own quota, the setting as the limit (setBy),
 * so every face says the setting refuses what AWS would take. Unread, the setting stands as today, said as AWS's.
 */
export function instanceQuotaOf(
  setting: { value: number; name: string },
  own: number | undefined,
): Pick<TargetCapacity, "quota" | "setBy"> {
  const quota = capacityQuota(setting.value, own);
  const setBy: QuotaSetting | undefined =
    own !== undefined && setting.value < own ? { name: setting.name, own } : undefined;
  return setBy ? { quota, setBy } : { quota };
}

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

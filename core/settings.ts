/**
 * The churn rule's tunables, in one place. AWS's documents disagree over time on the window (30 days in older
 * API references, a rolling 180 days in the current API reference and admin guide: docs/design.md), so the window
 * is always configuration; these are only the defaults.
 */
export const DEFAULT_WINDOW_DAYS = 180;
export const DEFAULT_RATIO_PERCENT = 200;
export const DEFAULT_RESERVE_PERCENT = 0;
/** Service Quotas L-8F812903 "Phone numbers per instance": AWS's default. */
export const DEFAULT_PHONE_NUMBER_QUOTA = 5;
/** Two records of one event (CloudTrail and a history file) may carry slightly different timestamps. */
export const DEFAULT_DEDUPE_TOLERANCE_MS = 60_000;

export const DAY_MS = 86_400_000;

export interface ChurnRule {
  /** Phone-number quota Q. */
  quota: number;
  /** Rolling window W, in days. */
  windowDays: number;
  /** Budget B = floor(Q * ratioPercent / 100). */
  ratioPercent: number;
  /** Share of B held back from plans, in percent. */
  reservePercent: number;
}

export function defaultRule(overrides: Partial<ChurnRule> = {}): ChurnRule {
  return {
    quota: DEFAULT_PHONE_NUMBER_QUOTA,
    windowDays: DEFAULT_WINDOW_DAYS,
    ratioPercent: DEFAULT_RATIO_PERCENT,
    reservePercent: DEFAULT_RESERVE_PERCENT,
    ...overrides,
  };
}

/** Unseen days of the window refuse by default: a gate that cannot see must not say OK (docs/design.md, "History"). */
export const DEFAULT_UNSEEN_HISTORY = "refuse" as const;

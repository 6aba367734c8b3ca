import { DEFAULT_RATIO_PERCENT, DEFAULT_RESERVE_PERCENT, DEFAULT_WINDOW_DAYS } from "../core";

/** The churn policy's configuration (`--policy-pack-config`), as JSON schema so the engine validates it first. */
export const CHURN_CONFIG_SCHEMA = {
  properties: {
    windowDays: { type: "integer", minimum: 1, default: DEFAULT_WINDOW_DAYS, description: "rolling window in days (AWS has said 30 and 180)" },
    ratioPercent: { type: "integer", minimum: 0, default: DEFAULT_RATIO_PERCENT, description: "claims + releases allowed in the window, as % of the quota" },
    quota: { type: "integer", minimum: 0, description: "phone-number quota; read from Service Quotas (L-8F812903) when unset" },
    reservePercent: { type: "integer", minimum: 0, maximum: 100, default: DEFAULT_RESERVE_PERCENT, description: "share of the budget plans may not use" },
    historyFiles: { type: "array", items: { type: "string" }, default: [], description: "JSON Lines churn history files" },
    cloudTrail: { type: "boolean", default: true, description: "read the last 90 days of claims and releases from CloudTrail" },
    failClosed: { type: "boolean", default: true, description: "block the preview when history, quota or inventory cannot be read" },
    region: { type: "string", description: "AWS region; else the stack's connect-numbers:region, else AWS_REGION" },
    endpoint: { type: "string", description: "Connect endpoint (the emulator's); else the stack's connect-numbers:endpoint" },
  },
} as const;

export interface ChurnPolicyConfig {
  windowDays: number;
  ratioPercent: number;
  quota?: number;
  reservePercent: number;
  historyFiles: string[];
  cloudTrail: boolean;
  failClosed: boolean;
  region?: string;
  endpoint?: string;
}

/** Defaults again here: the engine fills them, but unit tests and older engines may not. */
export function churnConfig(raw: Partial<ChurnPolicyConfig> = {}): ChurnPolicyConfig {
  return {
    windowDays: raw.windowDays ?? DEFAULT_WINDOW_DAYS,
    ratioPercent: raw.ratioPercent ?? DEFAULT_RATIO_PERCENT,
    quota: raw.quota,
    reservePercent: raw.reservePercent ?? DEFAULT_RESERVE_PERCENT,
    historyFiles: raw.historyFiles ?? [],
    cloudTrail: raw.cloudTrail ?? true,
    failClosed: raw.failClosed ?? true,
    region: raw.region,
    endpoint: raw.endpoint,
  };
}

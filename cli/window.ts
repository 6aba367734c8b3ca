import { ChurnHistory, ChurnRule, defaultRule } from "../core";
import { loadHistory } from "../aws/history";
import { readPhoneNumberQuota } from "../aws/quota";
import { createSession } from "../aws/session";
import { usageError } from "./errors";

export interface WindowOptions {
  quota?: number;
  windowDays?: number;
  ratioPercent?: number;
  reservePercent?: number;
  history?: string[];
  cloudtrail?: boolean;
  region?: string;
  endpoint?: string;
  /** Epoch ms; else the service's clock (with --cloudtrail), else this machine's. */
  now?: number;
}

export interface ChurnWindow {
  rule: ChurnRule;
  history: ChurnHistory;
  now: number;
  sources: string[];
  coveredDays: number;
  quotaSource: string;
}

/** The rule, the history and `now`, from the options: files, CloudTrail and Service Quotas (AWS or the emulator). */
export async function loadWindow(o: WindowOptions): Promise<ChurnWindow> {
  if (o.quota === undefined && !o.cloudtrail) {
    throw usageError("give --quota N, or --cloudtrail to read the quota from Service Quotas (with --region/--endpoint)");
  }
  const windowDays = o.windowDays ?? defaultRule().windowDays;
  const session = o.cloudtrail ? createSession({ region: o.region, endpoint: o.endpoint }) : undefined;
  try {
    let quota = o.quota;
    let quotaSource = "--quota";
    if (quota === undefined && session) {
      quota = await readPhoneNumberQuota(session.quotas);
      quotaSource = "Service Quotas L-8F812903";
    }
    const now = o.now ?? session?.clock.now() ?? Date.now();
    const loaded = await loadHistory({ cloudTrail: session?.cloudTrail, files: o.history ?? [], now, windowDays });
    return {
      rule: defaultRule({
        quota,
        windowDays,
        ...(o.ratioPercent !== undefined ? { ratioPercent: o.ratioPercent } : {}),
        ...(o.reservePercent !== undefined ? { reservePercent: o.reservePercent } : {}),
      }),
      history: ChurnHistory.build(loaded.events),
      now,
      sources: loaded.sources,
      coveredDays: loaded.coveredDays,
      quotaSource,
    };
  } finally {
    session?.destroy();
  }
}

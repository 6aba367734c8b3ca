import { ChurnHistory, ChurnRule, DAY_MS, HistoryCoverage, UnseenHistoryPolicy, defaultRule, describeCoverage, targetKey, unseenMs } from "../core";
import { listNumbers } from "../aws/inventory";
import { readPhoneNumberQuota } from "../aws/quota";
import { parseRateLimits } from "../aws/rate-limit";
import { AwsSession, createSession } from "../aws/session";
import { inputError, usageError } from "./errors";
import { futureAsNow } from "./future-events";
import { chosenLedger, cliHistory, openLedgerSource } from "./history-sources";

export interface WindowOptions {
  quota?: number;
  windowDays?: number;
  ratioPercent?: number;
  reservePercent?: number;
  history?: string[];
  cloudtrail?: boolean;
  region?: string;
  endpoint?: string;
  /** --ledger: dynamodb:<table>, file:<path> or off (else CONNECT_NUMBERS_LEDGER, else the per-user file with --cloudtrail). */
  ledger?: string;
  /** --rate-limits: x10, connect:ClaimPhoneNumber=5, JSON or off (aws/rate-limit.ts). */
  rateLimits?: string;
  /** The account the ledger counts for; else STS names it. */
  account?: string;
  /** Epoch ms; else the service's clock (with --cloudtrail), else this machine's. */
  now?: number;
  unseenHistory: UnseenHistoryPolicy;
}

export interface ChurnWindow {
  rule: ChurnRule;
  history: ChurnHistory;
  now: number;
  sources: string[];
  coverage: HistoryCoverage;
  /** Whole days of the window (rounded up) that no source saw. */
  unseenDays: number;
  /** The unseen part of the window in ms (core's unseenMs). */
  unseenMs: number;
  /** describeCoverage's sentence: every verdict states it. */
  coverageText: string;
  /** The part of the window (in days) the sources vouch for; kept for the JSON shape of 0.1. */
  coveredDays: number;
  quotaSource: string;
  unseenHistory: UnseenHistoryPolicy;
  /** With --cloudtrail: the numbers the account holds per instance or traffic distribution group. */
  activeByTarget?: Record<string, number>;
  /** With --cloudtrail and no --quota: L-8F812903 of each instance that holds numbers (a resource-level quota). */
  instanceQuotas?: Record<string, number>;
}

/**
 * The rule, the history and `now`, from the options. History comes from sources, each with the part of the window
 * it vouches for (history files: all of it; CloudTrail: its last 90 days; a ledger: what its syncs and assertions
 * cover, and with --cloudtrail the days since its last sync too, in place of CloudTrail's own source). What days no
 * source saw do is the caller's (unseenError).
 */
export async function loadWindow(o: WindowOptions): Promise<ChurnWindow> {
  if (o.quota === undefined && !o.cloudtrail) {
    throw usageError("give --quota N, or --cloudtrail to read the quota from Service Quotas (with --region/--endpoint)");
  }
  const windowDays = o.windowDays ?? defaultRule().windowDays;
  const aws = { region: o.region, endpoint: o.endpoint, rateLimits: rateLimitsOf(o.rateLimits) };
  const session = o.cloudtrail ? createSession(aws) : undefined;
  const location = chosenLedger(o.ledger, o.cloudtrail === true);
  const ledger = location ? await openLedgerSource(location, aws, o.account) : undefined;
  try {
    let quota = o.quota;
    let quotaSource = "--quota";
    if (quota === undefined && session) {
      quota = await readPhoneNumberQuota(session.quotas);
      quotaSource = "Service Quotas L-8F812903";
    }
    const now = o.now ?? session?.clock.now() ?? Date.now();
    const { events, coverage } = await cliHistory({ now, windowDays, files: o.history ?? [], cloudTrail: session?.cloudTrail, ledger });
    const held = session ? await listNumbers(session.connect) : undefined;
    const activeByTarget = held ? countByTarget(held.map((n) => targetKey(n.targetArn) ?? "no target")) : undefined;
    const instanceQuotas = session && o.quota === undefined && held ? await quotasOfInstances(session, held.map((n) => n.targetArn)) : undefined;
    // An instant chosen with --now is a what-if: later events have not happened at it. A clock reading is not.
    const stamped = o.now === undefined ? futureAsNow(events, now) : { events, note: undefined };
    const unseen = unseenMs(coverage, now, windowDays);
    const window: ChurnWindow = {
      rule: defaultRule({
        quota,
        windowDays,
        ...(o.ratioPercent !== undefined ? { ratioPercent: o.ratioPercent } : {}),
        ...(o.reservePercent !== undefined ? { reservePercent: o.reservePercent } : {}),
      }),
      history: ChurnHistory.build(stamped.events),
      now,
      sources: coverage.sources,
      coverage,
      unseenDays: Math.ceil(unseen / DAY_MS),
      unseenMs: unseen,
      coverageText: describeCoverage(coverage, now, windowDays) + (stamped.note ? `; ${stamped.note}` : ""),
      coveredDays: Math.floor((windowDays * DAY_MS - unseen) / DAY_MS),
      quotaSource,
      unseenHistory: o.unseenHistory,
      activeByTarget,
      instanceQuotas,
    };
    return window;
  } finally {
    session?.destroy();
    await ledger?.ledger.close();
  }
}

function rateLimitsOf(text: string | undefined) {
  try {
    return text === undefined ? undefined : parseRateLimits(text);
  } catch (err) {
    throw usageError(`--rate-limits: ${(err as Error).message}`);
  }
}

/**
 * Days no source saw leave the window unjudged (exit 3) under --unseen-history refuse. `check` asks it of a plan
 * (core's unseenLeavesUnjudged: a plan without churn, or over the whole limit on its own, needs no history);
 * `history` of the window itself.
 */
export function unseenError(w: ChurnWindow): Error {
  return inputError(
    `cannot judge: ${w.coverageText}. Claims and releases in those days count against the quota but no source shows them. ` +
      `Fix one of three ways: add --history FILE with the account's churn for the whole ${w.rule.windowDays}-day window (JSON Lines: docs/pack.md, "History files"); ` +
      `use a churn ledger whose coverage is complete; or accept the gap with --unseen-history warn (the verdict then says what it did not see).`,
  );
}

async function quotasOfInstances(session: AwsSession, targetArns: Array<string | undefined>): Promise<Record<string, number>> {
  const instances = [...new Set(targetArns.filter((arn): arn is string => arn !== undefined && targetKey(arn)?.startsWith("instance/") === true))];
  return Object.fromEntries(await Promise.all(instances.map(async (arn) => [targetKey(arn)!, await readPhoneNumberQuota(session.quotas, arn)] as const)));
}

function countByTarget(targets: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of targets) counts[t] = (counts[t] ?? 0) + 1;
  return counts;
}

import {
  ChurnRule,
  DAY_MS,
  HistoryCoverage,
  capacityQuota,
  defaultRule,
  describeCoverage,
  futureAsNow,
  QuotaSetting,
  TargetCapacity,
  instanceArnOf,
  instanceQuotaOf,
  targetKey,
  unseenMs,
} from "../core";
import { AccountHistory } from "./history";
import type { RoomNeeds } from "./owned-numbers";

/**
 * The settings a window is read with, the same for every face (the provider's stack config, the pack's config, the
 * CLI's flags). Two quotas, kept apart: the churn budget is `ratioPercent` of the account's phone-number quota; an
 * instance's capacity is its own "Phone numbers per instance" (L-8F812903 is a resource-level quota, raised per
 * instance).
 */
export interface WindowSettings {
  windowDays: number;
  ratioPercent?: number;
  reservePercent?: number;
  /** The quota the churn budget is a share of; else Service Quotas L-8F812903, the account's default. */
  quota?: number;
  /** Where `quota` came from, for messages: "--quota", "policy config", "stack config". */
  quotaOrigin?: string;
  /**
   * Every instance's "Phone numbers per instance" setting (else `quota`), never above an instance's own where it can
   * be read (instanceQuota); with neither, each instance's own.
   */
  instanceQuota?: number;
  historyFiles: readonly string[];
  cloudTrail: boolean;
  /** Read CloudTrail's whole span once (the guard's import; account/history.ts). */
  wholeCloudTrail?: boolean;
}

/** The reads of one account region a window needs (RegionReader is the cached one). */
export interface AccountReads {
  /** L-8F812903 of an instance (its ARN), or the account's default. */
  quota(instanceArn?: string): Promise<number>;
  /** The account read (STS): the ARN of an instance the plan names only by id. */
  accountId(): Promise<string>;
  /** The region read. */
  readonly region: string;
  history(request: {
    files: readonly string[];
    cloudTrail: boolean;
    windowDays: number;
    now: number;
    wholeCloudTrail?: boolean;
  }): Promise<AccountHistory>;
  /**
   * The numbers holding a place per target ARN: on these instances, or on every target of the account; where `room`
   * (by ARN) is given, FAILED claims found by describing as few numbers as it takes to decide are not counted.
   */
  heldOn(targets: readonly string[] | "every target", room?: RoomNeeds): Promise<Map<string, number>>;
}

/** Which instances' capacity a face judges, and whether it can read the account for them. */
export type CapacityRequest =
  /** Only history and quota: the guard (its capacity is per claim: provider/runtime/capacity.ts), `ledger status`. */
  | { read: "none" }
  /** Without account access (a check told to stay offline): quotas from the settings, held counts unknown. */
  | { read: "offline" }
  /** These instances (ARNs), or every target holding numbers: their quotas and held counts. */
  | {
      read: "account";
      instances: readonly string[] | "every target";
      /**
       * The claims the plan makes into each instance (by targetKey, "instance/ID"): where the listed count leaves less
       * room, numbers are described to find FAILED claims (which hold none), as the provider's capacity check does.
       * Absent: the listed count stands (FAILED claims counted as held, the safe side).
       */
      claims?: Readonly<Record<string, number>>;
    };

/**
 * Each instance's quota and held count, as far as they were read (keys are targetKey's "instance/ID"). `held`
 * undefined: nothing was read (offline), and a face counts what it knows the instance holds at least (core's
 * instanceCapacities with heldKnown false).
 */
export interface CapacityRead {
  quotas: Readonly<Record<string, number>>;
  /** Instances whose quota is a setting below their own L-8F812903 (core/quota.ts instanceQuotaOf); absent: none. */
  setBy?: Readonly<Record<string, QuotaSetting>>;
  held?: Readonly<Record<string, number>>;
  /** The quota of an instance whose own was not read: instanceQuota, else the churn quota. */
  defaultQuota: number;
}

/** One account region's window: the rule, the history and its coverage, and the capacity of the instances asked for. */
export interface AccountWindow {
  now: number;
  rule: ChurnRule;
  quotaSource: string;
  history: AccountHistory;
  coverage: HistoryCoverage;
  /** The part of the window no source saw, in ms (core's unseenMs). */
  unseenMs: number;
  /** describeCoverage's sentence: every verdict states it. */
  coverageText: string;
  capacity: CapacityRead;
  /**
   * A quota setting above the account's phone-number quota, read from Service Quotas where the face reads the
   * account: every face says it with core's quotaAboveAccountSentence. Absent: no setting, not above, or not read.
   */
  quotaAboveAccount?: { configured: number; enforced: number };
}

/**
 * The one account reader of every face: the churn quota (the setting, else the account's default L-8F812903; the
 * guard's ledger counts against it, so every gate does), the rule, the history with its one coverage rule
 * (account/history.ts, core/coverage.ts), and each instance's quota and held count. Without account access
 * (`capacity.read` offline) the quota must be given, and nothing else is asked of `reads` but history.
 */
export async function readWindow(
  reads: AccountReads,
  s: WindowSettings,
  now: number,
  capacity: CapacityRequest,
  /** `now` is an instant chosen on purpose (`check --now`): events after it have not happened at it. */
  options: { whatIf?: boolean } = {},
): Promise<AccountWindow> {
  if (s.quota === undefined && capacity.read === "offline")
    throw new Error("a window read without account access needs the quota given");
  const quota = s.quota ?? (await reads.quota());
  const rule = windowRule(s, quota);
  const read = await reads.history({
    files: s.historyFiles,
    cloudTrail: s.cloudTrail,
    windowDays: s.windowDays,
    now,
    wholeCloudTrail: s.wholeCloudTrail,
  });
  // An event stamped after now counts at now in every face (core's futureAsNow); what the guard imports keeps its
  // own stamp (beyondLedger).
  const stamped = options.whatIf ? { events: read.events } : futureAsNow(read.events, now);
  const history: AccountHistory = stamped.future
    ? { ...read, events: stamped.events, coverage: { ...read.coverage, futureStamped: stamped.future } }
    : read;
  const unseen = unseenMs(history.coverage, now, s.windowDays);
  // A setting is often there because Service Quotas cannot be read: that is no reason to fail, only not to compare.
  const enforced =
    s.quota !== undefined && capacity.read === "account" ? await reads.quota().catch(() => undefined) : undefined;
  return {
    now,
    rule,
    quotaSource: s.quota !== undefined ? (s.quotaOrigin ?? "config") : "Service Quotas L-8F812903",
    history,
    coverage: history.coverage,
    unseenMs: unseen,
    coverageText: describeCoverage(history.coverage, now, s.windowDays),
    capacity: await readCapacity(reads, s, quota, capacity, enforced),
    ...(s.quota !== undefined && enforced !== undefined && s.quota > enforced
      ? { quotaAboveAccount: { configured: s.quota, enforced } }
      : {}),
  };
}

/** The churn rule of these settings at this quota (the guard's, when it goes ahead unchecked, too). */
export function windowRule(
  s: Pick<WindowSettings, "windowDays" | "ratioPercent" | "reservePercent">,
  quota: number,
): ChurnRule {
  return defaultRule({
    quota,
    windowDays: s.windowDays,
    ...(s.ratioPercent !== undefined ? { ratioPercent: s.ratioPercent } : {}),
    ...(s.reservePercent !== undefined ? { reservePercent: s.reservePercent } : {}),
  });
}

async function readCapacity(
  reads: AccountReads,
  s: WindowSettings,
  churnQuota: number,
  request: CapacityRequest,
  /** The account's quota as Service Quotas says, read when a setting stands in for it: no target's counts above it. */
  enforced?: number,
): Promise<CapacityRead> {
  const defaultQuota = capacityQuota(s.instanceQuota ?? churnQuota, enforced);
  if (request.read !== "account") return { quotas: {}, ...(request.read === "none" ? { held: {} } : {}), defaultQuota };
  // A copy: the reader's answer is cached, and a settled count replaces a listed one here only.
  const held = new Map(await reads.heldOn(request.instances));
  const arns =
    request.instances === "every target"
      ? [...held.keys(), ...(await emptyClaimTargets(reads, [...held.keys()], request.claims))]
      : [...request.instances];
  const instances = [...new Set(arns)].filter((arn) => targetKey(arn)?.startsWith("instance/") === true);
  const setting = quotaSetting(s);
  const read = await Promise.all(
    instances.map(async (arn) => [targetKey(arn)!, await instanceQuota(reads, arn, setting)] as const),
  );
  const quotas = Object.fromEntries(read.map(([key, q]) => [key, q.quota]));
  const setBy = Object.fromEntries(read.flatMap(([key, q]) => (q.setBy ? [[key, q.setBy]] : [])));
  // Where the listing leaves less room than the plan's claims, the same reader describes only what decides it.
  const short = new Map(
    instances.flatMap((arn) => {
      const key = targetKey(arn)!;
      const need = request.claims?.[key] ?? 0;
      const quota = quotas[key];
      return need > 0 && quota - (held.get(arn) ?? 0) < need ? [[arn, { quota, need }] as const] : [];
    }),
  );
  if (short.size > 0) for (const [arn, count] of await reads.heldOn([...short.keys()], short)) held.set(arn, count);
  const byTarget: Record<string, number> = {};
  for (const [arn, count] of held) {
    const key = targetKey(arn) ?? "no target";
    byTarget[key] = (byTarget[key] ?? 0) + count;
  }
  return { quotas, held: byTarget, defaultQuota, ...(Object.keys(setBy).length > 0 ? { setBy } : {}) };
}

/** The capacity setting and its name in the face's words: --instance-quota, else the churn quota's setting. */
function quotaSetting(s: WindowSettings): { value: number; name: string } | undefined {
  if (s.instanceQuota !== undefined) return { value: s.instanceQuota, name: "--instance-quota" };
  if (s.quota === undefined) return undefined;
  const origin = s.quotaOrigin ?? "the quota setting";
  return { value: s.quota, name: origin === "policy config" ? "the policy config's quota" : origin };
}

/** A target's quota as read, and the setting that holds it below the instance's own: what instanceCapacities takes. */
export function quotaOfTarget(c: CapacityRead): (target: string) => Pick<TargetCapacity, "quota" | "setBy"> {
  return (target) => {
    const setBy = c.setBy?.[target];
    return { quota: c.quotas[target] ?? c.defaultQuota, ...(setBy ? { setBy } : {}) };
  };
}

/**
 * The instances the plan claims into that hold no number (the listing of every target does not name them), by ARN:
 * their own quota is read as any other's, not taken for the account's default.
 */
async function emptyClaimTargets(
  reads: Pick<AccountReads, "accountId" | "region">,
  listed: readonly string[],
  claims: Readonly<Record<string, number>> | undefined,
): Promise<string[]> {
  const seen = new Set(listed.map((arn) => targetKey(arn)));
  const empty = Object.keys(claims ?? {}).filter((key) => key.startsWith("instance/") && !seen.has(key));
  if (empty.length === 0) return [];
  const place = { accountId: await reads.accountId(), region: reads.region };
  return empty.map((key) => instanceArnOf(place, key));
}

/**
 * The quota an instance's room is counted from, by every face and the provider's apply-time check: its own
 * L-8F812903 (Service Quotas with its ARN as ContextId: a resource-level quota, raised or lowered per instance, the
 * limit AWS fails its claims at); with a quota setting, the setting, but never above that one when it can be read
 * (core's capacityQuota). Not the account's default: an instance raised above it has the room its own quota gives,
 * and one lowered below it has less.
 */
export async function instanceQuota(
  reads: Pick<AccountReads, "quota">,
  instanceArn: string,
  setting: { value: number; name: string } | undefined,
): Promise<Pick<TargetCapacity, "quota" | "setBy">> {
  if (setting === undefined) return { quota: await reads.quota(instanceArn) };
  // A setting is often there because Service Quotas cannot be read: that is no reason to fail, only not to cap.
  return instanceQuotaOf(setting, await reads.quota(instanceArn).catch(() => undefined));
}

/** Whole days (rounded up) of the window no source saw. */
export function unseenDays(w: Pick<AccountWindow, "unseenMs">): number {
  return Math.ceil(w.unseenMs / DAY_MS);
}

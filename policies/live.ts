import { ChurnEvent, LEGACY_RESOURCE_TAG, ownershipFromTags, parseUrn, stackKey } from "../core";
import { loadHistory } from "../aws/history";
import { listNumbers } from "../aws/inventory";
import { readPhoneNumberQuota } from "../aws/quota";
import { AwsSession } from "../aws/session";
import { ChurnPolicyConfig } from "./config";
import { OwnedNumber } from "./derive";

/** What the policy reads from the account: the stack's numbers, the account's count, history and quota. */
export interface LiveAccount {
  owned: OwnedNumber[];
  activeNumbers: number;
  events: ChurnEvent[];
  coveredDays: number;
  historySources: string[];
  quota: number;
  quotaSource: string;
  now: number;
}

export class LiveReadError extends Error {
  constructor(
    readonly what: "inventory" | "history" | "quota",
    cause: unknown,
  ) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

async function step<T>(what: LiveReadError["what"], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new LiveReadError(what, err);
  }
}

/**
 * Lists the whole account+region (one page per 1,000 numbers) and describes every number for its ownership tags:
 * a number the program no longer declares may sit on a target the program no longer mentions, and its tags are
 * the only record of who owns it.
 */
export async function readLiveAccount(aws: AwsSession, config: ChurnPolicyConfig, stack: { project: string; stack: string }): Promise<LiveAccount> {
  const key = stackKey(stack.project, stack.stack);
  const numbers = await step("inventory", () => listNumbers(aws.connect, { withTags: true }));
  const owned = numbers.flatMap((n) => {
    const o = ownershipFromTags(n.tags);
    // The resource name from the display URN (new tags) or 0.1's resource tag.
    const resourceName = o?.stack === key ? ((o.urnTag && parseUrn(o.urnTag)?.name) ?? n.tags[LEGACY_RESOURCE_TAG]) : undefined;
    return resourceName ? [{ phoneNumberId: n.phoneNumberId, phoneNumber: n.phoneNumber, countryCode: n.countryCode, type: n.type, targetArn: n.targetArn, resourceName }] : [];
  });
  const quota = config.quota ?? (await step("quota", () => readPhoneNumberQuota(aws.quotas)));
  const now = aws.clock.now();
  const history = await step("history", () =>
    loadHistory({ cloudTrail: config.cloudTrail ? aws.cloudTrail : undefined, files: config.historyFiles, now, windowDays: config.windowDays }),
  );
  return {
    owned,
    activeNumbers: numbers.length,
    events: history.events,
    coveredDays: history.coveredDays,
    historySources: history.sources,
    quota,
    quotaSource: config.quota !== undefined ? "policy config" : "Service Quotas L-8F812903",
    now,
  };
}

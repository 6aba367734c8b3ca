import { ClaimedNumber, EmulatorSettings, Partition, isFailedClaim } from "./model";
import { DAY_MS } from "./store";

/**
 * The emulator's own reading of AWS's 200% rule, written apart from core/ so it can referee core's predictions:
 * claims, releases and imports in the rolling window (now - W, now] may not exceed ratioPercent of the quota.
 */
export function churnInWindow(p: Partition, settings: EmulatorSettings, now: number): number {
  const windowStart = now - settings.windowDays * DAY_MS;
  let count = 0;
  for (const e of p.events) if (e.at > windowStart && e.at <= now) count++;
  return count;
}

export function churnBudget(settings: EmulatorSettings): number {
  return Math.floor((settings.quota * settings.ratioPercent) / 100);
}

/** Why a claim now would be refused, or undefined when it may go ahead. */
export function claimRefusal(p: Partition, settings: EmulatorSettings, now: number): string | undefined {
  const used = churnInWindow(p, settings, now);
  const budget = churnBudget(settings);
  if (used + 1 <= budget) return undefined;
  const windowMs = settings.windowDays * DAY_MS;
  const inWindow = p.events
    .filter((e) => e.at > now - windowMs && e.at <= now)
    .map((e) => e.at)
    .sort((a, b) => a - b);
  // Room for one claim needs used - (budget - 1) of the oldest events gone.
  const mustAgeOut = inWindow[used - budget];
  const until = mustAgeOut === undefined ? "never at this quota" : new Date(mustAgeOut + windowMs).toISOString();
  return (
    `Claims are blocked: ${used} claims and releases in the last ${settings.windowDays} days reach ${settings.ratioPercent}% ` +
    `of the phone number quota (${settings.quota}, budget ${budget}). Claims are possible again from ${until}, or ask AWS Support for a quota exception.`
  );
}

function activeNumbers(p: Partition, except?: ClaimedNumber): number {
  return p.numbers.filter((n) => n !== except && !isFailedClaim(n)).length;
}

const isTrafficDistributionGroup = (arn: string): boolean => arn.includes(":traffic-distribution-group/");

/**
 * The numbers a claim into this target competes with under the "Phone numbers per instance" quota: an instance's
 * own numbers and those on traffic distribution groups, whose instance AWS does not say [U]. A claim into a traffic
 * distribution group is compared with every active number of the account and region, for the same reason. With one
 * instance that is every number, as before; a second instance has its own room, as the provider, `check` and the
 * pack count it. `except` leaves out the number a move carries in: it competes for the place it asks for, not
 * with itself.
 */
export function activeNumbersOn(p: Partition, targetArn: string, except?: ClaimedNumber): number {
  if (isTrafficDistributionGroup(targetArn)) return activeNumbers(p, except);
  return p.numbers.filter(
    (n) => n !== except && !isFailedClaim(n) && (n.targetArn === targetArn || isTrafficDistributionGroup(n.targetArn)),
  ).length;
}

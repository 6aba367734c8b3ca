import { capacityFix, capacitySentence } from "./capacity";
import { Verdict } from "./verdict";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** The churn the plan causes, e.g. "2 claims and 1 release". */
export function describeChurn(v: Pick<Verdict, "planned">): string {
  return `${plural(v.planned.claims, "claim")} and ${plural(v.planned.releases, "release")}`;
}

/** One paragraph a person reads: what happens, by how much it is over, when it frees up, what to do. */
export function explainVerdict(v: Verdict): string {
  const churn = v.planned.claims + v.planned.releases;
  const window = `the rolling ${v.windowDays}-day window`;
  const budgetText =
    v.reserved > 0
      ? `${v.limit} usable (AWS budget ${v.budget} = ${v.ratioPercent}% of quota ${v.quota}, ${v.reserved} held in reserve)`
      : `${v.budget} (${v.ratioPercent}% of quota ${v.quota})`;
  const head = `This plan makes ${describeChurn(v)}; ${window} already holds ${v.used} of ${budgetText}`;

  const alreadyOver =
    v.overBefore > 0
      ? ` The account is already over budget before this plan (${v.used} of ${v.limit}, ${v.overBefore} over): no claim or release fits${v.nextFitsAt === null ? " at this quota" : ` until ${isoDate(v.nextFitsAt)}`}, and a claim now would be refused.`
      : "";
  if (v.ok) {
    if (churn === 0)
      return `This plan claims and releases no phone numbers; ${window} holds ${v.used} of ${budgetText}.${alreadyOver}`;
    return `${head}, so it comes to ${v.projected} and is within budget (${v.limit - v.projected} to spare).`;
  }

  const parts: string[] = [];
  if (v.blockedBy.includes("plan-exceeds-budget")) {
    parts.push(
      `${head}. The plan alone needs ${churn}, more than the whole budget of ${v.limit}, so it can never go through at once: ` +
        `split it into smaller changes (connect-numbers plan-waves gives a safe schedule) or ask AWS Support for a quota exception.`,
    );
  } else if (v.blockedBy.includes("over-budget")) {
    const when =
      v.freesAt === null ? "" : ` It would fit from ${isoDate(v.freesAt)}, when older events leave the window.`;
    parts.push(
      `${head}, so it would reach ${v.projected}: ${v.overBy} over. Going over blocks every new claim in the account until old events age out.${when} ` +
        `To go ahead: split the change (connect-numbers plan-waves gives a safe schedule), wait, or ask AWS Support for a quota exception.`,
    );
  }
  for (const o of v.overCapacity) {
    parts.push(
      `Applied at once, the plan would put ${o.held + o.claims} numbers active on ${o.target}, more than the quota of ${o.quota} per instance: ${capacitySentence(o)}. ` +
        `To go ahead: ${capacityFix(o.target)}; \`connect-numbers plan-waves\` schedules only what fits.`,
    );
  }
  return parts.join(" ") + alreadyOver;
}

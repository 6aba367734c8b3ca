import { capacityFix, capacitySentence, overrunInto } from "./capacity";
import { PHONE_NUMBER_SET_TYPE } from "./fleet";
import { parseUrn } from "./owner";
import { pendingDeleteWayOut } from "./pending-delete";
import { alreadyCountedSentence } from "./released-once";
import { Verdict } from "./verdict";

/** A count and its noun, in every face's words: "1 claim", "3 releases"; `many` where adding an s is wrong. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The verb that agrees with a count: agreeing(1, "waits", "wait") is "waits"; with plural() in every face's words. */
export function agreeing(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * Claims and releases in words, said this way by every face: "2 claims and 1 release", the parts that are zero left
 * out ("6 releases"), or with `zeros` kept ("0 claims and 2 releases").
 */
export function churnWords(c: { claims: number; releases: number }, options: { zeros?: boolean } = {}): string {
  const parts = [
    c.claims > 0 || options.zeros ? plural(c.claims, "claim") : "",
    c.releases > 0 || options.zeros ? plural(c.releases, "release") : "",
  ];
  return parts.filter((p) => p !== "").join(" and ");
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

const SET_LABEL = /^PhoneNumberSet "/;

/**
 * How every face names a PhoneNumberSet: by its name when it is a URN, else as given (the provider's label, which
 * is these words already). Undefined: not a set.
 */
export function setLabelOf(resource: string): string | undefined {
  if (SET_LABEL.test(resource)) return resource;
  const urn = parseUrn(resource);
  return urn?.type === PHONE_NUMBER_SET_TYPE ? `PhoneNumberSet "${urn.name}"` : undefined;
}

/** The set whose batch is the plan's whole churn, if it is one set's: a batch the provider takes whole, never split. */
function wholeSetBatch(v: Pick<Verdict, "contributions">): string | undefined {
  const churning = v.contributions.filter((c) => c.claims + c.releases > 0);
  const set = churning.length === 1 ? setLabelOf(churning[0].resource) : undefined;
  return set === undefined ? undefined : `${set} makes its ${churnWords(churning[0])} as one batch`;
}

/**
 * The way out of a plan over the churn budget, said once for every face: split the change (plan-waves), or, when
 * the churn is one PhoneNumberSet's batch, which the provider takes whole and no schedule splits, when it fits
 * (`fits` false: never, the batch is larger than the whole budget).
 */
export function overBudgetAdvice(v: Pick<Verdict, "contributions" | "freesAt">, fits: boolean): string {
  const set = wholeSetBatch(v);
  if (set === undefined)
    return fits
      ? "split the change (connect-numbers plan-waves gives a safe schedule), wait, or ask AWS Support for a quota exception."
      : "split it into smaller changes (connect-numbers plan-waves gives a safe schedule) or ask AWS Support for a quota exception.";
  const batch = `${set}, which the provider takes whole and no schedule splits`;
  return fits && v.freesAt !== null
    ? `${batch}: wait, the whole batch fits from ${isoDate(v.freesAt)} (connect-numbers plan-waves schedules it then), or ask AWS Support for a quota exception.`
    : `${batch}: release fewer numbers a change (name fewer in its \`release\`), declare growBy: "fits" for its growth, or ask AWS Support for a quota exception.`;
}

/** The ledger a face read the window from, and its region: what `connect-numbers ledger sync` is run with. */
export interface LedgerOfWindow {
  /** As --ledger takes it: dynamodb:<table>, file:<path>. */
  ledger: string;
  region: string;
}

/** A value as a shell takes it: quoted where it holds anything but plain characters (a `?region=` of a ledger). */
const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/**
 * Reservations a deployment took and never settled count like events: say so, and how they are freed, when some of
 * the window's count is theirs (a deployment killed mid-apply leaves them). The face that read the ledger names it.
 */
function reservationsSentence(v: Pick<Verdict, "reservations" | "used">, ledger: LedgerOfWindow | undefined): string {
  if (v.reservations === 0) return "";
  const sync = ledger
    ? `connect-numbers ledger sync --ledger ${shellWord(ledger.ledger)} --region ${shellWord(ledger.region)}`
    : "connect-numbers ledger sync --ledger <the ledger> --region <region>";
  return (
    ` ${v.reservations} of the ${v.used} counted are reservations of deployments that have not finished (or died): ` +
    `if none is running, \`${sync}\` frees those AWS has no record of ` +
    "once they are older than the grace (an hour) and CloudTrail's lag (about 15 minutes)."
  );
}

/**
 * One paragraph a person reads: what happens, by how much it is over, when it frees up, what to do. `ledger`: the
 * ledger the window was read from, named in the commands the paragraph gives.
 */
export function explainVerdict(v: Verdict, ledger?: LedgerOfWindow): string {
  const churn = v.planned.claims + v.planned.releases;
  const counted = v.alreadyCounted.map(alreadyCountedSentence);
  const window = `the rolling ${v.windowDays}-day window`;
  const budgetText =
    v.reserved > 0
      ? `${v.limit} usable (AWS budget ${v.budget} = ${v.ratioPercent}% of quota ${v.quota}, ${v.reserved} held in reserve)`
      : `${v.budget} (${v.ratioPercent}% of quota ${v.quota})`;
  const head = `This plan makes ${churnWords(v.planned, { zeros: true })}; ${window} already holds ${v.used} of ${budgetText}`;

  const alreadyOver =
    v.overBefore > 0
      ? ` The account is already over budget before this plan (${v.used} of ${v.limit}, ${v.overBefore} over): no claim or release fits${v.nextFitsAt === null ? " at this quota" : ` until ${isoDate(v.nextFitsAt)}`}, and a claim now would be refused.`
      : "";
  if (v.ok) {
    if (churn === 0)
      return `This plan claims and releases no phone numbers; ${window} holds ${v.used} of ${budgetText}.${alreadyOver}`;
    return [
      `${head}, so it comes to ${v.projected} and is within budget (${v.limit - v.projected} to spare).`,
      ...counted,
    ].join(" ");
  }

  const parts: string[] = [];
  if (v.blockedBy.includes("plan-exceeds-budget")) {
    parts.push(
      `${head}. The plan alone needs ${churn}, more than the whole budget of ${v.limit}, so it can never go through at once: ` +
        overBudgetAdvice(v, false),
    );
  } else if (v.blockedBy.includes("over-budget")) {
    const when =
      v.freesAt === null ? "" : ` It would fit from ${isoDate(v.freesAt)}, when older events leave the window.`;
    parts.push(
      `${head}, so it would reach ${v.projected}: ${v.overBy} over. Going over blocks every new claim in the account until old events age out.${when} ` +
        `To go ahead: ${overBudgetAdvice(v, true)}${reservationsSentence(v, ledger)}`,
    );
  }
  if (v.blockedBy.includes("plan-exceeds-budget") || v.blockedBy.includes("over-budget")) {
    parts.push(...counted);
    for (const c of v.contributions.filter((c) => c.reasons.includes("pending-delete") && c.releases > 0))
      parts.push(pendingDeleteWayOut(c.resource, c.phoneNumbers[0]));
  }
  for (const o of v.overCapacity) {
    parts.push(
      `Applied at once, the plan would put ${o.held + o.claims} numbers active on ${o.target}, more than the quota of ${o.quota} per instance: ${capacitySentence(o)}. ` +
        `To go ahead: ${capacityFix(o.target, o.setBy, overrunInto(o))}; \`connect-numbers plan-waves\` schedules only what fits.`,
    );
  }
  return parts.join(" ") + alreadyOver;
}

/**
 * What a removal with retainOnDelete does to a resource's numbers, in every face's words: Pulumi forgets the
 * resource without its delete, so each number stays in the account, claimed, no release and no churn.
 */
export function retainedSentence(resource: string, numbers: readonly string[]): string {
  const which =
    numbers.length === 0
      ? "its numbers"
      : `${agreeing(numbers.length, "its number", "its numbers")} ${numbers.join(", ")}`;
  return (
    `${setLabelOf(resource) ?? resource} is removed with retainOnDelete: ${which} ${agreeing(numbers.length, "stays", "stay")} in the account, ` +
    "kept, not released (no churn), and this stack no longer manages them; adopt them to manage them again."
  );
}

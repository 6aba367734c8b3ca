import {
  LedgerOfWindow,
  agreeing,
  explainVerdict,
  noAliasApplies,
  unseenSpan,
  numbersAtStake,
  renameReleaseWords,
  parseUrn,
  plural,
  renameShrinkSentence,
  setLabelOf,
} from "../core";
import { Allowance } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { BlockReason, Findings, Report, ReleaseView, SmsReleaseView } from "./model";

/** What every face says of a released number: said once, here. */
export const GONE_FOR_GOOD = "a released number goes into a cooldown of up to 180 days and is never ours again";

/** The resource's own name from a Pulumi URN (a Terraform address is short already). */
export function resourceName(resource: string): string {
  return parseUrn(resource)?.name ?? resource;
}

/** "+18005550100 (id …)" or the id alone. */
export function numberLabel(x: { phoneNumber?: string; phoneNumberId?: string }): string {
  if (x.phoneNumber && x.phoneNumberId) return `${x.phoneNumber} (${x.phoneNumberId})`;
  return x.phoneNumber ?? x.phoneNumberId ?? "unknown number";
}

/** "from SMS arn:…" for a Connect number imported from End User Messaging SMS. */
export function importLabel(from: string): string {
  return from === "unknown" ? "imported from an SMS number known at apply" : `imported from ${from}`;
}

/** Why AWS would refuse an SMS release, in a few words. */
export function refusalLabel(x: Pick<SmsReleaseView, "refused">): string {
  return x.refused?.reason === "pool" ? "in a pool" : "deletion protection";
}

/** Why a number is released, in a few words. */
export function reasonLabel(reason: ReleaseView["reason"]): string {
  if (reason === "shrink") return "named in the set's release";
  return reason === "delete" ? "removed" : reason === "replace" ? "replaced" : "pending delete";
}

/**
 * What a resource's change does, in a few words: the step's op, and for a set that stays declared (an update) how it
 * changes: "update (grows by 3, releases 2 named numbers)". Every face says it this way.
 */
export function changeLabel(x: { op: string; claims: number; releases: number }): string {
  if (x.op !== "update") return x.op;
  const how = [
    x.claims > 0 ? `grows by ${x.claims}` : "",
    x.releases > 0 ? `releases ${plural(x.releases, "named number")}` : "",
  ].filter((t) => t !== "");
  return `update (${how.join(", ")})`;
}

const REFUSAL_LABEL: Record<NonNullable<ReleaseView["refused"]>["reason"], string> = {
  "deletion-protection": "deletion protection",
  "unnamed-shrink": "a set's shrink names no number to release",
  "kept-for":
    "kept for a renamed resource by an earlier refused rename; the stack's connect-numbers:allowReleases naming it releases it on purpose",
};

/**
 * An allowance as its list spells it: `--allow-release x`, or the stack's connect-numbers:allowReleases (which check
 * adds to --allow-release), or the pack's policy config. A report never credits one list with another's entry.
 */
export function allowanceWords(a: Allowance): string {
  if (a.source === "stack-config") return `stack config connect-numbers:allowReleases ${a.entry}`;
  if (a.source === "pack-config") return `allowReleases ${JSON.stringify(a.entry)} (policy config)`;
  return `--allow-release ${a.entry}`;
}

/** "; --allow-release x cannot waive it" where an allowance names a release that blocks whatever it says. */
const cannotWaive = (a: Allowance | undefined) => (a ? `; ${allowanceWords(a)} cannot waive it` : "");

export type StatusLevel = "blocked" | "accepted" | "planned";

/** What one Connect release's status is, in every human format: the plan only plans it, nothing is released yet. */
export function releaseStatus(x: ReleaseView): { level: StatusLevel; text: string } {
  if (x.declaredElsewhere)
    return {
      level: "blocked",
      text: `blocking: its delete would release a number a connect-numbers stack holds${cannotWaive(x.accepted)}`,
    };
  if (x.refused)
    return {
      level: "blocked",
      text: `blocking: the provider refuses (${REFUSAL_LABEL[x.refused.reason]}${cannotWaive(x.accepted)})`,
    };
  if (x.accepted) return { level: "accepted", text: `accepted by ${allowanceWords(x.accepted)}` };
  if (x.blocking) return { level: "blocked", text: "blocking (--fail-on release)" };
  return { level: "planned", text: "to be released" };
}

/** What one SMS release's status is, in every human format. */
export function smsStatus(x: SmsReleaseView): { level: StatusLevel; text: string } {
  if (x.refused)
    return {
      level: "blocked",
      text: `blocking: AWS refuses (${refusalLabel(x)}${cannotWaive(x.accepted)})`,
    };
  if (x.accepted) return { level: "accepted", text: `accepted by ${allowanceWords(x.accepted)}` };
  if (x.blocking) return { level: "blocked", text: "blocking (--fail-on release)" };
  return { level: "planned", text: "to be released" };
}

export function renameSentence(f: Findings["renames"][number]): string {
  const number = numbersAtStake(f);
  const several = (f.phoneNumbers?.length ?? 0) > 1;
  const assumed = f.assumed.length > 0 ? ` (assumed: ${f.assumed.join(", ")} unknown at preview)` : "";
  // The fix in the plan's own tool (JSON carries both).
  const pulumi = f.released.resource.startsWith("urn:pulumi:");
  if (f.kind === "adopt-release") {
    return `${f.released.resource} releases ${number} when the plan deletes it (only connect-numbers' own PhoneNumber skips that release), after ${f.claim.resource} adopts it: the number is gone for good; migrate it instead: ${pulumi ? f.fix.pulumi : f.fix.terraform}.`;
  }
  if (f.kind === "same-number") {
    return `${f.released.resource} is replaced and claims ${number} again, the very number its old instance releases: released and claimed in one apply, the number goes into its cooldown and the apply fails halfway; ${pulumi ? f.fix.pulumi : f.fix.terraform}.`;
  }
  const how =
    f.kind === "rename"
      ? "claims the same number"
      : `searches for ${several ? "numbers" : "a number"} it meets (${[f.claim.countryCode, f.claim.type, f.claim.prefix].filter(Boolean).join(" ") || "any"}), and a search takes a fresh number, never the one another resource lets go${f.released.ours ? ` (${renameReleaseWords(f, several)})` : ""}`;
  const chain = f.chain
    ? ` (one chain: ${f.chain.join(" ← ")}, each replacement claiming the number the next one releases)`
    : "";
  const noAlias = noAliasApplies(f);
  const fix = noAlias
    ? pulumi
      ? `Pulumi \`${f.fix.pulumi}\`${f.fix.pulumiNote === undefined ? "" : ` ${f.fix.pulumiNote}`}`
      : `Terraform: ${f.fix.terraform}`
    : pulumi
      ? `Pulumi \`${f.fix.pulumi}\` on ${f.claim.resource}`
      : `a Terraform \`${f.fix.terraform.replace(/\s*\n\s*/g, " ").replace(/\s+/g, " ")}\` block`;
  const shrink = f.shrink ? ` ${renameShrinkSentence(f.shrink)}` : "";
  const stackOnly = f.stackOnly ? ` ${f.stackOnly}` : "";
  return `${f.released.resource} releases ${number} while ${f.claim.resource} ${how}${assumed}${chain}; keep ${several ? "them" : "the number"} with ${fix}.${shrink}${stackOnly}`;
}

/**
 * What a pair that loses its number is, in a few words, as the provider would carry it out: a rename (a new resource
 * takes or searches for the number another lets go), a replacement that releases the number and claims it (or one
 * it meets) again, or an adoption whose old resource releases it.
 */
export function lossKind(f: Pick<Findings["renames"][number], "kind" | "released" | "claim">): keyof typeof LOSS_LABEL {
  if (f.kind === "adopt-release") return "adoption";
  if (f.kind === "same-number" || f.released.byReplacement || f.claim.byReplacement) return "replacement";
  return "rename";
}

/**
 * What every format calls a pair: a replacement (a Terraform count index shift) that claims the very number another
 * instance releases, or searches for one it meets, is a "replacement", never a "rename" or a "reclaim", as its loss
 * and headline say; the other kinds keep their names.
 */
export function pairKind(
  f: Pick<Findings["renames"][number], "kind" | "released" | "claim">,
): Findings["renames"][number]["kind"] | "replacement" {
  return (f.kind === "rename" || f.kind === "reclaim") && lossKind(f) === "replacement" ? "replacement" : f.kind;
}

/** The loss label as a sentence's start: "A replacement would release …". */
export function lossTitle(f: Pick<Findings["renames"][number], "kind" | "released" | "claim">): string {
  const label = LOSS_LABEL[lossKind(f)];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export const LOSS_LABEL = {
  rename: "a rename would lose a number",
  replacement: "a replacement would release a number and claim it (or one it meets) again, losing it",
  adoption: "an adoption's old resource would release the number",
} as const;

/** "one of these releases" or "3 of these releases". */
const ofThese = (n: number) => (n === 1 ? "one of these releases" : `${n} of these releases`);

/**
 * What the provider refuses, as it refuses it: a PhoneNumberSet's delete is refused whole (the set keeps every
 * number, none is released), never "one of these releases"; any other refused release is one of the plan's.
 */
function refusedWords(refused: readonly ReleaseView[]): string {
  const wholeSets = [
    ...new Set(refused.filter((r) => r.reason === "delete" && setLabelOf(r.resource)).map((r) => r.resource)),
  ];
  const others = refused.filter((r) => !(r.reason === "delete" && wholeSets.includes(r.resource)));
  const sets = wholeSets.map((s) => setLabelOf(s)!);
  const setWords =
    sets.length === 0
      ? ""
      : `the delete of ${sets.join(" and ")} whole (${agreeing(sets.length, "the set keeps", "each set keeps")} every number it holds: none is released)`;
  return [others.length > 0 ? ofThese(others.length) : "", setWords].filter((w) => w !== "").join(", and ");
}

/** Why a plan is blocked, and the sentences that say the verdict and each blocking finding. */
export function judge(
  verdict: Report["verdict"],
  findings: Findings,
  ledger?: LedgerOfWindow,
): { blockedBy: BlockReason[]; sentences: string[] } {
  const blockedBy: BlockReason[] = [...verdict.blockedBy];
  const blockingRenames = findings.renames.filter((f) => !f.accepted);
  if (blockingRenames.length > 0) blockedBy.push("rename");
  if (findings.releases.some((r) => r.blocking) || findings.sms.releases.some((r) => r.blocking))
    blockedBy.push("release");
  const providerRefused = findings.releases.filter((r) => r.refused);
  if (providerRefused.length > 0) blockedBy.push("release-refused");
  const declaredElsewhere = findings.releases.filter((r) => r.declaredElsewhere);
  if (declaredElsewhere.length > 0) blockedBy.push("declared-elsewhere");
  const refused = findings.sms.releases.filter((r) => r.refused);
  if (refused.length > 0) blockedBy.push("sms-release-refused");
  const sentences = [explainVerdict(verdict, ledger)];
  if (blockingRenames.length > 0) {
    const lost = blockingRenames.reduce((n, f) => n + Math.max(1, f.phoneNumbers?.length ?? 0), 0);
    sentences.push(
      `${lost === 1 ? "One number would be released while another resource (or the same one, replaced) takes it again, which loses the number" : `${lost} numbers would be released while other resources (or the same ones, replaced) take them again, which loses them`}: ${blockingRenames.map(renameSentence).join(" ")}`,
    );
  }
  if (declaredElsewhere.length > 0) {
    // The why and the fix are said once, with each release (its declaredElsewhere.message): here only who and what.
    const which = declaredElsewhere.map(
      (r) => `${r.resource} deletes ${numberLabel(r)}, which stack ${r.declaredElsewhere!.holderStack} holds`,
    );
    sentences.push(
      `${declaredElsewhere.length === 1 ? "One of these releases is" : `${declaredElsewhere.length} of these releases are`} blocked, whatever --allow-release says: ${which.join("; ")}. Such a delete calls ReleasePhoneNumber whoever holds the number; how to let ${agreeing(declaredElsewhere.length, "it", "them")} go without ${agreeing(declaredElsewhere.length, "its", "their")} delete is said with ${agreeing(declaredElsewhere.length, "the release", "each release")}.`,
    );
  }
  if (providerRefused.length > 0) {
    sentences.push(
      `The provider would refuse ${refusedWords(providerRefused)}, so the apply would stop halfway, after the changes applied before it: ${[...new Set(providerRefused.map((r) => r.refused!.message))].join(" ")}`,
    );
  }
  const blockingReleases = [...findings.releases, ...findings.sms.releases].filter((r) => r.blocking);
  if (blockingReleases.length > 0)
    sentences.push(
      `--fail-on release: the plan releases ${plural(blockingReleases.length, "number")} no --allow-release names.`,
    );
  if (findings.imports.length > 0) {
    sentences.push(
      `${plural(findings.imports.length, "Connect number")} imported from End User Messaging SMS (ImportPhoneNumber): each import counts as a claim against Connect's budget, and its later release from Connect as a release.`,
    );
  }
  if (findings.sms.releases.length > 0)
    sentences.push(
      `The plan releases ${plural(findings.sms.releases.length, "SMS origination number")} of End User Messaging SMS, listed apart: ${SMS_NOT_COUNTED}.`,
    );
  if (refused.length > 0)
    sentences.push(
      `AWS would refuse ${ofThese(refused.length)}, so the apply would stop halfway, after the changes applied before it: ${refused.map((r) => r.refused!.message).join(" ")}`,
    );
  const accepted = findings.renames.flatMap((f) =>
    f.accepted ? [`${f.released.resource} (${numbersAtStake(f)}) with ${allowanceWords(f.accepted)}`] : [],
  );
  if (accepted.length > 0) sentences.push(`Released on purpose, as accepted: ${accepted.join("; ")}.`);
  return { blockedBy, sentences };
}

/** The one-line status every human format leads with. */
export function headline(r: Pick<Report, "ok" | "blockedBy" | "verdict" | "history" | "findings">): {
  level: "ok" | "warning" | "blocked";
  text: string;
} {
  if (!r.ok) {
    const why: string[] = [];
    if (r.blockedBy.includes("rename"))
      why.push(...new Set(r.findings.renames.filter((f) => !f.accepted).map((f) => LOSS_LABEL[lossKind(f)])));
    if (r.blockedBy.includes("over-budget") || r.blockedBy.includes("plan-exceeds-budget"))
      why.push("churn over budget");
    if (r.blockedBy.includes("over-active-quota")) why.push("more active numbers than the quota");
    if (r.blockedBy.includes("release")) why.push("releases a number (--fail-on release)");
    if (r.blockedBy.includes("declared-elsewhere"))
      why.push("deletes a number a connect-numbers stack holds (that delete releases it)");
    if (r.blockedBy.includes("release-refused")) {
      const reasons = new Set(
        r.findings.releases.flatMap((x) =>
          x.refused
            ? [
                x.refused.reason === "unnamed-shrink"
                  ? "a set's shrink that names none"
                  : REFUSAL_LABEL[x.refused.reason],
              ]
            : [],
        ),
      );
      why.push(
        `deletes a number the provider refuses to release (${[...reasons].join(", ")}), so the apply would stop halfway`,
      );
    }
    if (r.blockedBy.includes("sms-release-refused"))
      why.push("deletes an SMS number AWS refuses to release, so the apply would stop halfway");
    return { level: "blocked", text: `Phone-number plan blocked: ${why.join("; ")}` };
  }
  if (r.verdict.overBefore > 0)
    return {
      level: "warning",
      text: `Account already over its phone-number churn budget (${r.verdict.used} of ${r.verdict.limit})`,
    };
  if (r.history.unseenDays > 0)
    return {
      level: "warning",
      text: `Phone-number churn within budget, but ${unseenSpan(r.history.unseenMs)} of history unseen`,
    };
  return { level: "ok", text: "Phone-number churn within budget" };
}

/** When the plan fits, in a few words: "now" within budget, the date it would fit, or never. */
export function fitsLabel(v: Report["verdict"], iso: (ms: number) => string): string {
  if (v.ok) return "now";
  if (v.freesAt === null) return "never at once (split the change)";
  return iso(v.freesAt);
}

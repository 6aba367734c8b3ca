/** The pack's words for what a plan releases: failOn's list, renames, adoptions, and SMS releases AWS refuses. */
import {
  agreeing,
  RenameFinding,
  fixText,
  noAliasApplies,
  numbersAtStake,
  renameReleaseWords,
  renameShrinkSentence,
  plural,
} from "../../core";
import { SmsDeleteRefusalReason } from "../../core/sms";
import { GONE_FOR_GOOD } from "../words";

/** A Connect number the plan releases, as the pack derived it. */
export interface PackRelease {
  resource: string;
  phoneNumber: string;
  phoneNumberId: string;
  region: string;
  /** "shrink": a set that stays declared releases a number its `release` names; "pending-delete": see words.ts. */
  reason: "delete" | "replace" | "shrink" | "pending-delete";
  /** For a replacement: the inputs that force it. */
  forcedBy?: readonly string[];
  importedFrom?: string;
}

/** An SMS origination number the plan releases, and whether AWS would refuse. */
export interface PackSmsRelease extends Omit<PackRelease, "importedFrom"> {
  refused?: { reason: SmsDeleteRefusalReason; message: string; assumed?: "forceDisassociate" };
}

/** The failOn verdict; released SMS numbers are listed after the Connect ones. */
export function failOnReleaseMessage(releases: readonly PackRelease[], sms: readonly PackSmsRelease[] = []): string {
  const removed = releases.filter(isRemoval).length + sms.filter(isRemoval).length;
  const certain = releases.length + sms.length - removed;
  return [
    `failOn includes "release", and of the numbers not named in allowReleases this plan ${releasesAndRemovals(certain, removed)}; ${GONE_FOR_GOOD}:`,
    ...releases.map(releaseLine),
    ...(sms.length > 0
      ? [
          "SMS origination numbers (End User Messaging SMS; a released one is never ours again either):",
          ...sms.map(smsReleaseLine),
        ]
      : []),
    "To release on purpose, name each number (or its resource) in allowReleases: the output then says so.",
    removed > 0 ? REMOVED_UNSEEN : "",
  ]
    .filter((l) => l !== "")
    .join("\n");
}

/**
 * A removed resource's delete releases its number only if the resource does not retain on delete, which CrossGuard
 * cannot see: the pack says what the plan removes and what its delete then does, never the release as a fact.
 */
export function isRemoval(r: { reason: PackRelease["reason"] }): boolean {
  return r.reason === "delete";
}

/** "the resource holding 1 number", "the resources holding 3 numbers" (a set is one resource holding several). */
function removedHolders(n: number, word: string): string {
  return `${agreeing(n, "the resource", "the resources")} holding ${plural(n, word)}`;
}

/**
 * What a removal does, in the one wording every list of the pack uses: "removes the resources holding 2 numbers:
 * unless they retain on delete (retainOnDelete), their delete releases each". `of` follows the numbers' word.
 */
export function removalWords(n: number, word: string, of = ""): string {
  return (
    `removes ${removedHolders(n, word)}${of}: ` +
    agreeing(
      n,
      "unless it retains on delete (retainOnDelete), its delete releases the number",
      "unless they retain on delete (retainOnDelete), their delete releases each",
    )
  );
}

/** "releases 1 number and removes the resources holding 2 more numbers: …", the parts that are zero left out. */
function releasesAndRemovals(certain: number, removed: number): string {
  const releases = certain > 0 ? `releases ${plural(certain, "number")}` : "";
  const removes = removed > 0 ? removalWords(removed, certain > 0 ? "more number" : "number") : "";
  return [releases, removes].filter((p) => p !== "").join(" and ");
}

export function releaseLine(r: PackRelease): string {
  const why =
    r.reason === "replace"
      ? `replaced (${r.forcedBy?.join(", ")} changed)`
      : r.reason === "shrink"
        ? "named in its release (the set stays declared and shrinks)"
        : r.reason === "pending-delete"
          ? "pending delete in the stack's state (an earlier replacement or delete did not finish): this up releases it"
          : "no longer declared";
  const imported = r.importedFrom
    ? ` (imported from End User Messaging SMS ${r.importedFrom}: a Connect release, counted against Connect's budget)`
    : "";
  return `  - ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource}: ${why}${imported}`;
}

/**
 * A rename or re-claim the pack blocks: a search (or a number unknown at preview) under a new name, which takes a
 * fresh number and lets the old one go. A specific number declared anew is a hand-over (core/pairing.ts), never here.
 * Pulumi advice only: CrossGuard judges Pulumi programs.
 */
/** `stackOnly`: for a rename the provider refuses unless the stack's list names it, how to (stackOnlySentence). */
export function renameMessage(f: RenameFinding, stackOnly?: string): string {
  const number = numbersAtStake(f);
  const several = (f.phoneNumbers?.length ?? 0) > 1;
  if (f.kind === "adopt-release") {
    return (
      `A lost adoption: ${f.claim.resource} adopts ${number}, which ${f.released.resource} holds, and this plan removes ${f.released.resource} without retainOnDelete (read from the stack's state): ` +
      `its provider's delete calls ReleasePhoneNumber after the adoption (only connect-numbers' own delete skips it), and ${number} is gone for good. ` +
      `Migrate in two steps: ${f.fix.pulumi} (\`connect-numbers migrate\` prints the steps).`
    );
  }
  const what =
    f.kind === "rename"
      ? `${f.claim.resource} would claim ${number}, the very number ${f.released.resource} holds and this plan releases`
      : several
        ? `${f.claim.resource} searches for numbers that ${f.released.resource}'s ${number} match, and this plan lets them go`
        : `${f.claim.resource} searches for a number that ${number} (held by ${f.released.resource}, which this plan lets go) matches`;
  const assumed = f.assumed.length > 0 ? ` (${f.assumed.join(", ")} unknown at preview: assumed to match)` : "";
  return (
    `A rename or re-claim${assumed}: ${what}. A search takes a fresh number, never another resource's: applied, this costs ${several ? "a claim each" : "a claim"}, and ${renameReleaseWords(f, several)}. ` +
    `If this is the same line under a new name or place, keep ${several ? "them" : "the number"}: ` +
    (noAliasApplies(f)
      ? `set ${fixText(f.fix)}. `
      : `add the resource option ${f.fix.pulumi} to ${f.claim.resource}. `) +
    (f.shrink ? `${renameShrinkSentence(f.shrink)} ` : "") +
    (stackOnly ??
      `To release ${several ? "them" : "it"} on purpose, name ${several ? "the numbers" : number} or the resource in allowReleases.`)
  );
}

/** What CrossGuard cannot see of a removed resource, said wherever a removal is listed as a release. */
export const REMOVED_UNSEEN =
  "CrossGuard cannot see a removed resource's options: with retainOnDelete nothing is released, and with deletionProtection the provider refuses the delete and the apply stops there (`connect-numbers check` on `pulumi preview --json --show-replacement-steps` sees both).";

/** An adoption of a number this package's resources of the stack do not hold, and what CrossGuard cannot tell of it. */
export function adoptionLine(a: { resource: string; number: string; stateRead?: boolean }): string {
  if (a.stateRead)
    return `${a.resource} adopts ${a.number}, which no resource of this stack holds (its state read): no claim, no release.`;
  return (
    `${a.resource} adopts ${a.number}, which no connect-numbers resource of this stack holds. CrossGuard cannot see removed resources: if a pulumi-aws or aws-native PhoneNumber ` +
    `of this stack holds it and this plan removes it, that delete releases ${a.number} after the adoption (only connect-numbers' own delete skips it), and the number is gone for good. ` +
    "Migrate it instead: set retainOnDelete: true on the old resource and run `pulumi up` first, then remove it and adopt (`connect-numbers check` on the preview blocks the one-step plan)."
  );
}

export function smsReleaseLine(r: PackSmsRelease): string {
  const why =
    r.reason === "replace"
      ? `replaced (${r.forcedBy?.join(", ")} changed)`
      : r.reason === "pending-delete"
        ? "an old instance pending delete in the stack's state (a replacement or delete that did not finish), " +
          "which the next up releases"
        : "no longer declared";
  return `  - ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource}: ${why}`;
}

/** The mandatory violation: a release AWS refuses, so `pulumi up` would stop halfway. */
export function refusedReleaseMessage(r: PackSmsRelease): string {
  const refused = r.refused!;
  const assumed =
    refused.assumed === "forceDisassociate"
      ? ` CrossGuard does not show a removed resource's inputs: if ${r.resource} has forceDisassociate: true in the stack's state, its delete leaves the pool first and is not refused; then name ${r.phoneNumber} in allowReleases to go ahead (connect-numbers check on \`pulumi preview --json\` reads the state).`
      : "";
  return (
    `This plan releases the SMS number ${r.phoneNumber} (${r.phoneNumberId}, ${r.region}) held by ${r.resource} (${r.reason === "replace" ? `replaced: ${r.forcedBy?.join(", ")} changed` : "no longer declared"}), ` +
    `and AWS refuses to release it: applied, \`pulumi up\` would stop there, halfway, after the steps before it. ${refused.message}${assumed}`
  );
}

import { connectSdk } from "../../aws/sdk";
import type { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import {
  HAND_OVER_INTO_GROWING_SET,
  KEPT_FOR_TAG,
  Owner,
  ReleasedNumber,
  RenameFinding,
  allowReleaseCommand,
  keptForRefusal,
  pairNumbers,
  parseUrn,
  releasedOurs,
  renameShrinkSentence,
  setLabelOf,
} from "../../core";
import { Deployment } from "./deployment";
import { meetsInputs } from "./ownership";
import { Place } from "./place";

/**
 * A rename of a searched number without an alias, as the provider meets it: Pulumi creates the new resource (a
 * search claims a fresh number) before it deletes the old one, and the old one's release would lose its number to a
 * cooldown of up to 180 days. The pack and `check` block the plan; `up --skip-preview` and the Automation API never
 * show it to them, so the provider refuses the release itself.
 *
 * Why refuse at delete rather than hand the old number to the new resource at create (no churn at all): a create
 * runs while the program is still registering resources, so whether the old resource is declared further down is
 * not known yet, and taking its number would take one that another declaration still wants. At delete every
 * declaration is known: refusing costs the one claim already made and loses nothing.
 *
 * The refusal keeps the old resource in the stack (its delete fails) and marks its number with the new resource's
 * owner key, so a plain retry of `up`, which creates nothing, refuses again instead of releasing it.
 */
export async function refuseRenameRelease(
  dep: Deployment,
  place: Place,
  owner: Owner,
  summary: ClaimedPhoneNumberSummary,
  label: string,
): Promise<void> {
  const [kept] = keptNumbers(dep, place, owner, [summary]);
  if (!kept) return;
  const unmarked = await mark(place, summary, kept.claimant.key);
  throw new Error(refusal(label, owner, summary, kept.claimant, dep.config.allowReleases) + (unmarked ?? ""));
}

/**
 * The same rule for a PhoneNumberSet's delete, which releases its numbers as one batch: when any of them pairs with a
 * new claim of this deployment (core's pairing, as the pack and `check` pair a set renamed without an alias) or is
 * kept for a resource the program declares, the whole delete is refused and the set keeps every number. Each number
 * kept is marked for its claimant, so a retry that creates nothing refuses again.
 */
export async function refuseSetRenameRelease(
  dep: Deployment,
  place: Place,
  owner: Owner,
  summaries: readonly ClaimedPhoneNumberSummary[],
  label: string,
): Promise<void> {
  const kept = keptNumbers(dep, place, owner, summaries);
  if (kept.length === 0) return;
  const unmarked: string[] = [];
  for (const k of kept) {
    const failed = await mark(place, k.summary, k.claimant.key);
    if (failed) unmarked.push(failed);
  }
  throw new Error(setRefusal(label, owner, summaries, kept, dep.config.allowReleases) + unmarked.join(""));
}

/** The resource the number would have been lost to, and whether an earlier deployment found it. */
interface Claimant {
  urn: string;
  key: string;
  /** The number its search got, when this deployment claimed it. */
  phoneNumber?: string;
  earlier: boolean;
  /** A set that held numbers before this deployment and grew: no alias can carry a number to it, nor is it removed. */
  grows?: boolean;
}

/** A number whose release is refused, the resource it is kept for, and what core's pairing found of the pair. */
interface Kept {
  summary: ClaimedPhoneNumberSummary;
  claimant: Claimant;
  shrink?: RenameFinding["shrink"];
}

/**
 * The numbers a new claim of this deployment would have taken (core's pairing, as the pack and `check` apply it: this
 * resource's numbers with every claim, each claim standing for one of them, whatever other deletes paired), and those
 * an earlier refusal marked for a resource the program still declares (a PhoneNumber with inputs the number meets,
 * or a set).
 */
function keptNumbers(
  dep: Deployment,
  place: Place,
  owner: Owner,
  summaries: readonly ClaimedPhoneNumberSummary[],
): Kept[] {
  const released = summaries.map((s): ReleasedNumber =>
    releasedOurs(owner.urn, {
      phoneNumber: s.PhoneNumber,
      phoneNumberId: s.PhoneNumberId,
      countryCode: s.PhoneNumberCountryCode,
      type: s.PhoneNumberType,
      region: place.region,
    }),
  );
  const fresh = dep.claimsOf(owner.stack, place.accountId);
  const { findings } = pairNumbers(
    released,
    fresh.map((c) => c.claim),
  );
  const kept: Kept[] = [];
  summaries.forEach((summary, i) => {
    const finding = findings.find((f) => f.released === released[i]);
    const paired = finding && fresh.find((c) => c.claim === finding.claim);
    const claimant: Claimant | undefined = paired
      ? {
          urn: paired.claim.resource,
          key: paired.ownerKey,
          phoneNumber: paired.phoneNumber,
          earlier: false,
          ...(paired.claim.grows ? { grows: true } : {}),
        }
      : markedFor(dep, owner, summary);
    if (!claimant) return;
    if (!keptForRefusal({ released: released[i], keptFor: { urn: claimant.urn }, allowed: dep.config.allowReleases }))
      return;
    kept.push({ summary, claimant, shrink: finding?.shrink });
  });
  return kept;
}

/** The declared resource an earlier refusal marked this number for, if the program still wants it there. */
function markedFor(dep: Deployment, owner: Owner, summary: ClaimedPhoneNumberSummary): Claimant | undefined {
  const key = summary.Tags?.[KEPT_FOR_TAG];
  if (key === undefined || key === owner.key) return undefined;
  const wanted = dep.declaredInputs(key);
  if (wanted && meetsInputs(summary, wanted, dep.regions.defaultRegion))
    return { urn: wanted.ownerUrn, key, earlier: true };
  const set = dep.declaredSetUrn(key);
  return set === undefined ? undefined : { urn: set, key, earlier: true };
}

/** Marks the number for later deployments; a failure is said, not fatal: the refusal stands either way. */
async function mark(place: Place, summary: ClaimedPhoneNumberSummary, key: string): Promise<string | undefined> {
  if (summary.Tags?.[KEPT_FOR_TAG] === key) return undefined;
  try {
    await place.session.connect.send(
      new connectSdk.TagResourceCommand({ resourceArn: summary.PhoneNumberArn, tags: { [KEPT_FOR_TAG]: key } }),
    );
    return undefined;
  } catch (err) {
    return ` (The number could not be tagged ${KEPT_FOR_TAG} (${(err as Error).message}), so a later \`up\` that creates nothing would release it: follow one of the ways above first.)`;
  }
}

function refusal(
  label: string,
  owner: Owner,
  summary: ClaimedPhoneNumberSummary,
  claimant: Claimant,
  allowed: readonly string[],
): string {
  const number = summary.PhoneNumber ?? summary.PhoneNumberId!;
  const oldName = parseUrn(owner.urn)?.name ?? owner.urn;
  const newLabel = claimantLabel(claimant, oldName);
  const found = claimant.earlier
    ? `${newLabel} searches for a number that ${number} meets, and an earlier \`up\` refused this release as a rename without an alias`
    : `${newLabel}, ${claimant.grows ? "grown" : "created"} by this \`up\`, searched for a new number${claimant.phoneNumber ? ` (it got ${claimant.phoneNumber})` : ""} and ${number} meets its criteria: ` +
      (claimant.grows
        ? GROWN
        : "a rename without an alias (Pulumi creates the new resource before it deletes the old one)");
  const fresh = claimant.phoneNumber ?? `the number ${newLabel} got`;
  return (
    `${label}: refusing to release ${number} (${summary.PhoneNumberId}): ${found}. ` +
    `Released, ${number} would go into a cooldown of up to 180 days, never to be ours again; ${label} stays in the stack and keeps it. Ways out: ` +
    `keep it: declare ${label} again as it was (${newLabel} keeps ${fresh} too); ` +
    (claimant.grows
      ? `or hand it to ${newLabel}: list ${number} in its phoneNumbers (${HAND_OVER_INTO_GROWING_SET}); `
      : `or move it to the new name: declare ${label} again and remove ${newLabel} (that releases ${fresh}), run \`pulumi up\`, then rename with aliases: [{ name: "${oldName}" }]; `) +
    `or release ${number} on purpose: ${allowReleaseCommand(number, allowed)} (the stack's list, the only one the provider reads: a number, id or resource name; the pack's allowReleases and check's --allow-release do not pass this release).`
  );
}

/** Why a grown set's search is no rename: it existed before this deployment, so no alias can carry a number to it. */
const GROWN =
  "a number let go while a set that already existed searches for one it meets (no alias applies: the set existed before this `up`)";

/** The resource a number is kept for, by kind and name; a move under another parent keeps the name: then its URN. */
function claimantLabel(claimant: Claimant, oldName: string): string {
  const name = parseUrn(claimant.urn)?.name ?? claimant.urn;
  const kind = setLabelOf(claimant.urn) === undefined ? "PhoneNumber" : "PhoneNumberSet";
  return name === oldName ? `${kind} "${name}" (${claimant.urn})` : `${kind} "${name}"`;
}

function setRefusal(
  label: string,
  owner: Owner,
  summaries: readonly ClaimedPhoneNumberSummary[],
  kept: readonly Kept[],
  allowed: readonly string[],
): string {
  const oldName = parseUrn(owner.urn)?.name ?? owner.urn;
  const numberOf = (s: ClaimedPhoneNumberSummary) => s.PhoneNumber ?? s.PhoneNumberId!;
  const all = summaries.map(numberOf).sort();
  const found = [...new Set(kept.map((k) => k.claimant.urn))].map((urn) => {
    const mine = kept.filter((k) => k.claimant.urn === urn);
    const newLabel = claimantLabel(mine[0].claimant, oldName);
    const numbers = mine.map((k) => numberOf(k.summary)).sort();
    const got = mine.map((k) => k.claimant.phoneNumber).filter((n): n is string => n !== undefined);
    return mine[0].claimant.earlier
      ? `${numbers.join(", ")} ${numbers.length === 1 ? "is" : "are"} kept for ${newLabel}, which the program declares: an earlier \`up\` refused this release as a rename without an alias`
      : `${newLabel}, ${mine[0].claimant.grows ? "grown" : "created"} by this \`up\`, searched for new numbers${got.length > 0 ? ` (it got ${got.sort().join(", ")})` : ""} and ${numbers.join(", ")} ${numbers.length === 1 ? "meets" : "meet"} its criteria: ` +
          (mine[0].claimant.grows
            ? GROWN
            : "a rename without an alias (Pulumi creates the new resource before it deletes the old one)");
  });
  const first = kept[0];
  const newLabel = claimantLabel(first.claimant, oldName);
  const shrink = first.shrink ? ` ${renameShrinkSentence(first.shrink)}` : "";
  return (
    `${label}: refusing to release its ${all.length === 1 ? "number" : `${all.length} numbers`} (${all.join(", ")}): ${found.join("; ")}. ` +
    `Released, they would go into a cooldown of up to 180 days, never to be ours again; ${label} stays in the stack and keeps ${all.length === 1 ? "it" : `all ${all.length}`}. Ways out: ` +
    `keep them: declare ${label} again as it was (${newLabel} keeps what it got too); ` +
    (first.claimant.grows
      ? `or hand them to ${newLabel}: list them in its phoneNumbers (${HAND_OVER_INTO_GROWING_SET}).${shrink} `
      : `or move them to the new name: declare ${label} again and remove ${newLabel} (that releases what it got), run \`pulumi up\`, then rename with aliases: [{ name: "${oldName}" }].${shrink} `) +
    `Or release them on purpose: ${allowReleaseCommand(oldName, allowed)} (the stack's list, the only one the provider reads: a number, id or resource name; the pack's allowReleases and check's --allow-release do not pass this release).`
  );
}

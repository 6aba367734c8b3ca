import { connectSdk } from "../../aws/sdk";
import type { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { KEPT_FOR_TAG, Owner, ReleasedNumber, findRenames, keptForRefusal, parseUrn } from "../../core";
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
  const released: ReleasedNumber = {
    resource: owner.urn,
    phoneNumber: summary.PhoneNumber,
    phoneNumberId: summary.PhoneNumberId,
    countryCode: summary.PhoneNumberCountryCode,
    type: summary.PhoneNumberType,
    region: place.region,
  };
  const claimant = claimantOf(dep, place, owner, summary, released);
  if (!claimant) return;
  if (!keptForRefusal({ released, keptFor: { urn: claimant.urn }, allowed: dep.config.allowReleases })) return;
  const unmarked = await mark(place, summary, claimant.key);
  throw new Error(refusal(label, owner, summary, claimant) + (unmarked ?? ""));
}

/** The resource the number would have been lost to, and whether an earlier deployment found it. */
interface Claimant {
  urn: string;
  key: string;
  /** The number its search got, when this deployment claimed it. */
  phoneNumber?: string;
  earlier: boolean;
}

/**
 * A new claim of this deployment that would have taken the number (core's rule, as the pack and `check` apply it;
 * each claim stands for one release), else the resource an earlier refusal marked, while the program still declares
 * it with inputs the number meets. Synchronous: parallel deletes cannot both pair with one claim.
 */
function claimantOf(
  dep: Deployment,
  place: Place,
  owner: Owner,
  summary: ClaimedPhoneNumberSummary,
  released: ReleasedNumber,
): Claimant | undefined {
  const fresh = dep.unpairedClaims(owner.stack, place.accountId);
  const [finding] = findRenames(
    [released],
    fresh.map((c) => c.claim),
  );
  const paired = finding && fresh.find((c) => c.claim === finding.claim);
  if (paired) {
    paired.paired = true;
    return { urn: paired.claim.resource, key: paired.ownerKey, phoneNumber: paired.phoneNumber, earlier: false };
  }
  const key = summary.Tags?.[KEPT_FOR_TAG];
  const wanted = key === undefined || key === owner.key ? undefined : dep.declaredInputs(key);
  if (wanted && meetsInputs(summary, wanted, dep.regions.defaultRegion))
    return { urn: wanted.ownerUrn, key: key!, earlier: true };
  return undefined;
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

function refusal(label: string, owner: Owner, summary: ClaimedPhoneNumberSummary, claimant: Claimant): string {
  const number = summary.PhoneNumber ?? summary.PhoneNumberId!;
  const oldName = parseUrn(owner.urn)?.name ?? owner.urn;
  const newName = parseUrn(claimant.urn)?.name ?? claimant.urn;
  // A move under another parent keeps the name: then the URN tells the two apart.
  const newLabel = newName === oldName ? `PhoneNumber "${newName}" (${claimant.urn})` : `PhoneNumber "${newName}"`;
  const found = claimant.earlier
    ? `${newLabel} searches for a number that ${number} meets, and an earlier \`up\` refused this release as a rename without an alias`
    : `${newLabel}, created by this \`up\`, searched for a new number${claimant.phoneNumber ? ` (it got ${claimant.phoneNumber})` : ""} and ${number} meets its criteria: ` +
      "a rename without an alias (Pulumi creates the new resource before it deletes the old one)";
  const fresh = claimant.phoneNumber ?? `the number ${newLabel} got`;
  return (
    `${label}: refusing to release ${number} (${summary.PhoneNumberId}): ${found}. ` +
    `Released, ${number} would go into a cooldown of up to 180 days, never to be ours again; ${label} stays in the stack and keeps it. Ways out: ` +
    `keep it: declare ${label} again as it was (${newLabel} keeps ${fresh} too); ` +
    `or move it to the new name: declare ${label} again and remove ${newLabel} (that releases ${fresh}), run \`pulumi up\`, then rename with aliases: [{ name: "${oldName}" }]; ` +
    `or release ${number} on purpose: \`pulumi config set --path 'connect-numbers:allowReleases[0]' '${number}' --type string\` (a number, id or resource name, as the pack's allowReleases and check's --allow-release take).`
  );
}

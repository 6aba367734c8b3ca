import { RenameFinding, isAllowedRelease } from "../core";
import { Release } from "./connect/plan-types";
import { SmsRelease } from "./sms/plan";

type Named = Pick<RenameFinding, "released" | "claim">;

const asFinding = (r: { resource: string; phoneNumber?: string; phoneNumberId?: string }): Named => ({
  released: { resource: r.resource, phoneNumber: r.phoneNumber, phoneNumberId: r.phoneNumberId },
  claim: { resource: r.resource, unknown: [] },
});

/**
 * allowReleases entries that name nothing this plan releases (no Connect release, no rename, no SMS release): a typo
 * in a number meant to be released on purpose, or an opt-out left behind. `smsReleases` undefined: SMS numbers could
 * not be read, and the line says so. Empty when every entry names something.
 */
export function unmatchedAllowReleasesLine(
  allow: readonly string[],
  releases: readonly Release[],
  renames: readonly RenameFinding[],
  smsReleases: readonly SmsRelease[] | undefined,
): string {
  const named: Named[] = [...releases.map(asFinding), ...renames, ...(smsReleases ?? []).map(asFinding)];
  const unmatched = allow.filter((entry) => !named.some((f) => isAllowedRelease(f, [entry])));
  if (unmatched.length === 0) return "";
  const list = unmatched.map((e) => JSON.stringify(e)).join(", ");
  return (
    `allowReleases names ${unmatched.length === 1 ? "an entry" : `${unmatched.length} entries`} that this plan does not release: ${list}. ` +
    "A typo in a number or resource meant to be released on purpose goes unnoticed this way, and an entry left behind waves through a later release of what it names: " +
    `check the spelling (E.164 such as +18005550100, the number's id, the resource's URN or name), or remove the entry.${smsReleases === undefined ? " (SMS numbers could not be read: an entry may name one of those.)" : ""}`
  );
}

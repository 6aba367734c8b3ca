import { NewClaim, ReleasedNumber, RenameFinding, findRenames, isAllowedRelease, parseUrn } from "../core";
import { ClaimRecord, ReleaseRecord } from "./changes";
import { BuiltSms, SmsReleaseRecord, SmsRequestRecord } from "./sms-changes";
import { SourceLine } from "./steps";

/** A number the plan releases, as every format lists it. */
export interface ReleaseView {
  resource: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  reason: ReleaseRecord["reason"];
  /** A number imported from End User Messaging SMS (its SourcePhoneNumberArn, or "unknown" until apply). */
  importedFrom?: string;
  source?: SourceLine;
  /** The --allow-release value that accepts this release, if one does. */
  acceptedBy?: string;
  /** True when --fail-on release blocks it. */
  blocking: boolean;
}

/** An SMS origination number the plan releases: listed apart from Connect's, never counted in its budget. */
export interface SmsReleaseView extends Omit<SmsReleaseRecord, "instance"> {
  acceptedBy?: string;
  /** True when --fail-on release blocks it (a refusal blocks whatever --allow-release says: AWS refuses). */
  blocking: boolean;
}

export interface SmsFindings {
  releases: SmsReleaseView[];
  requests: SmsRequestRecord[];
}

/** A rename or re-claim: blocking unless --allow-release names the number or either resource. */
export interface RenameView extends RenameFinding {
  acceptedBy?: string;
  source?: SourceLine;
}

export interface Findings {
  renames: RenameView[];
  releases: ReleaseView[];
  /** --allow-release values that name nothing this plan releases: a stale opt-out should be seen. */
  unmatchedAllows: string[];
  sms: SmsFindings;
  /** Connect numbers the plan imports from End User Messaging SMS: each import counts as a claim. */
  imports: Array<{ resource: string; from: string }>;
}

/** The number's names an opt-out may use: E.164, id, URN or address, and a Pulumi resource's name. */
function namesOf(r: ReleaseRecord): string[] {
  return [r.facts.phoneNumber, r.facts.phoneNumberId, r.resource, parseUrn(r.resource)?.name].filter((x): x is string => x !== undefined);
}

const NO_SMS: BuiltSms = { releases: [], requests: [], hiddenReplacementSteps: [] };

export function findingsOf(claims: ClaimRecord[], releases: ReleaseRecord[], allow: readonly string[], failOnRelease: boolean, sms: BuiltSms = NO_SMS): Findings {
  const released: ReleasedNumber[] = releases.map((r) => ({ resource: r.resource, ...r.facts }));
  const newClaims: NewClaim[] = claims.map((c) => ({ resource: c.resource, ...c.facts }));
  const claimSources = new Map(newClaims.map((c, i) => [c, claims[i].source]));
  const used = new Set<string>();
  const accept = (match: (a: string) => boolean) => {
    const hit = allow.find(match);
    if (hit !== undefined) used.add(hit);
    return hit;
  };
  const renames: RenameView[] = pairRenames(releases, released, claims, newClaims).map((f) => {
    const acceptedBy = accept((a) => isAllowedRelease(f, [a]));
    return { ...f, acceptedBy, source: claimSources.get(f.claim) };
  });
  const renamedAccepted = new Map(renames.filter((r) => r.acceptedBy).map((r) => [r.released.resource, r.acceptedBy!]));
  const views: ReleaseView[] = releases.map((r) => {
    const names = namesOf(r);
    const acceptedBy = accept((a) => names.includes(a)) ?? renamedAccepted.get(r.resource);
    return { resource: r.resource, phoneNumber: r.facts.phoneNumber, phoneNumberId: r.facts.phoneNumberId, reason: r.reason, importedFrom: r.facts.importsFrom, source: r.source, acceptedBy, blocking: failOnRelease && acceptedBy === undefined };
  });
  const smsViews: SmsReleaseView[] = sms.releases.map(({ instance: _instance, ...r }) => {
    const names = [r.phoneNumber, r.phoneNumberId, r.arn, r.resource, parseUrn(r.resource)?.name].filter((x): x is string => x !== undefined);
    const acceptedBy = accept((a) => names.includes(a));
    return { ...r, acceptedBy, blocking: failOnRelease && acceptedBy === undefined };
  });
  const imports = claims.flatMap((c) => (c.facts.importsFrom !== undefined ? [{ resource: c.resource, from: c.facts.importsFrom }] : []));
  return { renames, releases: views, unmatchedAllows: allow.filter((a) => !used.has(a)), sms: { releases: smsViews, requests: sms.requests }, imports };
}

/**
 * Which releases and new resources may be one number under two names. Exact numbers first, so a search that a
 * released number happens to meet never takes the pairing from a resource that claims that very number. A new
 * resource only (a replacement keeps its own identity), and a release of any kind for the same E.164, but only a
 * delete or a pending delete for a search: a replacement's old number was let go on purpose.
 */
function pairRenames(records: ReleaseRecord[], released: ReleasedNumber[], claimRecords: ClaimRecord[], claims: NewClaim[]): RenameFinding[] {
  const creates = claims.filter((_, i) => claimRecords[i].replaces === undefined);
  // Exact numbers can only pair with the same E.164: group by it, so a plan of thousands stays linear.
  const byNumber = new Map<string, { released: ReleasedNumber[]; claims: NewClaim[] }>();
  const group = (n: string) => byNumber.get(n) ?? byNumber.set(n, { released: [], claims: [] }).get(n)!;
  for (const r of released) if (r.phoneNumber !== undefined) group(r.phoneNumber).released.push(r);
  for (const c of creates) if (c.phoneNumber !== undefined && !c.unknown.includes("phoneNumber")) group(c.phoneNumber).claims.push(c);
  const exact = [...byNumber.values()].filter((g) => g.released.length > 0 && g.claims.length > 0).flatMap((g) => findRenames(g.released, g.claims));
  const pairedReleases = new Set(exact.map((f) => f.released));
  const pairedClaims = new Set(exact.map((f) => f.claim));
  // A claim of a known number that is not released here is no re-claim of another: only searches are left.
  // An import (ImportPhoneNumber) takes exactly the SMS number it names: it searches for nothing.
  const imports = new Set(claims.filter((_, i) => claimRecords[i].facts.importsFrom !== undefined));
  const searches = creates.filter((c) => !pairedClaims.has(c) && !imports.has(c) && (c.phoneNumber === undefined || c.unknown.includes("phoneNumber")));
  const searched =
    searches.length === 0
      ? []
      : findRenames(
          released.filter((r, i) => records[i].reason !== "replace" && !pairedReleases.has(r)),
          searches,
        );
  return [...exact, ...searched];
}

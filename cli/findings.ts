import {
  Allowance,
  allowanceOf,
  byResourcePair,
  isAllowedRelease,
  parseUrn,
  providerGuardsRename,
  renameAllowance,
  stackOnlySentence,
} from "../core";
import { Findings, ReleaseView, RenameView, SmsReleaseView } from "../report";
import { PairFinding } from "../plan/changes";
import { ClaimRecord, ReleaseRecord } from "../plan/records";
import { BuiltSms } from "../plan/sms-changes";

/** The number's names an opt-out may use: E.164, id, URN or address, and a Pulumi resource's name. */
function namesOf(r: ReleaseRecord): string[] {
  return [r.facts.phoneNumber, r.facts.phoneNumberId, r.resource, parseUrn(r.resource)?.name].filter(
    (x): x is string => x !== undefined,
  );
}

const NO_SMS: BuiltSms = { releases: [], requests: [], hiddenReplacementSteps: [] };

/** What a plan releases and claims, and the pairs of them that lose a number (cli/changes.ts, core/pairing.ts). */
export interface PlanPairs {
  claims: ClaimRecord[];
  releases: ReleaseRecord[];
  renames: PairFinding[];
  sms?: BuiltSms;
}

/**
 * `allow` is every release check lets through on purpose (--allow-release with the stack's list); `stackAllow` the
 * stack's connect-numbers:allowReleases alone (undefined outside the project): a rename the provider refuses passes
 * only by that list (core/connect/stack-allowance.ts).
 */
export function findingsOf(
  plan: PlanPairs,
  allow: readonly string[],
  failOnRelease: boolean,
  stackAllow: readonly string[] | undefined,
): Findings {
  const { claims, releases } = plan;
  const sms = plan.sms ?? NO_SMS;
  const used = new Set<string>();
  // `allow` is --allow-release with the stack's list added: each entry says which list it came from.
  const accept = (match: (a: string) => boolean): Allowance | undefined => {
    const hit = allow.find(match);
    if (hit === undefined) return undefined;
    used.add(hit);
    return allowanceOf(hit, stackAllow, "flag");
  };
  const guardedReleases = new Set<string>();
  const judged: RenameView[] = plan.renames.map((f) => {
    if (!providerGuardsRename(f)) return { ...f, accepted: accept((a) => isAllowedRelease(f, [a])) };
    const allowance = renameAllowance(f, stackAllow, allow);
    const entry = allowance.allowedBy ?? allowance.ownOnly;
    if (entry !== undefined) used.add(entry);
    if (allowance.allowedBy !== undefined)
      return { ...f, accepted: { entry: allowance.allowedBy, source: "stack-config" as const } };
    guardedReleases.add(f.released.resource);
    const own = allowance.ownOnly === undefined ? undefined : `--allow-release ${allowance.ownOnly}`;
    const name = parseUrn(f.released.resource)?.name ?? f.released.resource;
    return { ...f, stackOnly: stackOnlySentence({ own, name, stack: stackAllow, afterClaim: true }) };
  });
  // A set renamed without an alias is one rename, said once with its numbers.
  const renames = byResourcePair(judged, (f) => f.accepted?.entry ?? "");
  const renamedAccepted = new Map(renames.flatMap((r) => (r.accepted ? [[r.released.resource, r.accepted]] : [])));
  const views: ReleaseView[] = releases.map((r) => {
    const names = namesOf(r);
    // A release of a rename the provider refuses is not accepted by check's own list: the rename says why.
    const accepted = guardedReleases.has(r.resource)
      ? undefined
      : (accept((a) => names.includes(a)) ?? renamedAccepted.get(r.resource));
    return {
      resource: r.resource,
      phoneNumber: r.facts.phoneNumber,
      phoneNumberId: r.facts.phoneNumberId,
      reason: r.reason,
      importedFrom: r.facts.importsFrom,
      source: r.source,
      accepted,
      blocking: failOnRelease && accepted === undefined,
      ...(r.refused ? { refused: r.refused } : {}),
      ...(r.declaredElsewhere ? { declaredElsewhere: r.declaredElsewhere } : {}),
    };
  });
  const smsViews: SmsReleaseView[] = sms.releases.map(({ instance: _instance, ...r }) => {
    const names = [r.phoneNumber, r.phoneNumberId, r.arn, r.resource, parseUrn(r.resource)?.name].filter(
      (x): x is string => x !== undefined,
    );
    const accepted = accept((a) => names.includes(a));
    return { ...r, accepted, blocking: failOnRelease && accepted === undefined };
  });
  const imports = claims.flatMap((c) =>
    c.facts.importsFrom !== undefined ? [{ resource: c.resource, from: c.facts.importsFrom }] : [],
  );
  return {
    renames,
    releases: views,
    unmatchedAllows: allow.filter((a) => !used.has(a)),
    sms: { releases: smsViews, requests: sms.requests },
    imports,
  };
}

import { ConnectDeleteRefusal, RenameFinding, isAllowedRelease, parseUrn } from "../core";
import { ClaimRecord, PairFinding, ReleaseRecord } from "../plan/changes";
import { BuiltSms, SmsReleaseRecord, SmsRequestRecord } from "../plan/sms-changes";
import { SourceLine } from "../plan/steps";

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
  /** The provider refuses this delete (deletion protection): blocking whatever --allow-release says. */
  refused?: ConnectDeleteRefusal;
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

/** What a plan releases and claims, and the pairs of them that lose a number (cli/changes.ts, core/pairing.ts). */
export interface PlanPairs {
  claims: ClaimRecord[];
  releases: ReleaseRecord[];
  renames: PairFinding[];
  sms?: BuiltSms;
}

export function findingsOf(plan: PlanPairs, allow: readonly string[], failOnRelease: boolean): Findings {
  const { claims, releases } = plan;
  const sms = plan.sms ?? NO_SMS;
  const used = new Set<string>();
  const accept = (match: (a: string) => boolean) => {
    const hit = allow.find(match);
    if (hit !== undefined) used.add(hit);
    return hit;
  };
  const renames: RenameView[] = plan.renames.map((f) => ({ ...f, acceptedBy: accept((a) => isAllowedRelease(f, [a])) }));
  const renamedAccepted = new Map(renames.filter((r) => r.acceptedBy).map((r) => [r.released.resource, r.acceptedBy!]));
  const views: ReleaseView[] = releases.map((r) => {
    const names = namesOf(r);
    const acceptedBy = accept((a) => names.includes(a)) ?? renamedAccepted.get(r.resource);
    return {
      resource: r.resource,
      phoneNumber: r.facts.phoneNumber,
      phoneNumberId: r.facts.phoneNumberId,
      reason: r.reason,
      importedFrom: r.facts.importsFrom,
      source: r.source,
      acceptedBy,
      blocking: failOnRelease && acceptedBy === undefined,
      ...(r.refused ? { refused: r.refused } : {}),
    };
  });
  const smsViews: SmsReleaseView[] = sms.releases.map(({ instance: _instance, ...r }) => {
    const names = [r.phoneNumber, r.phoneNumberId, r.arn, r.resource, parseUrn(r.resource)?.name].filter((x): x is string => x !== undefined);
    const acceptedBy = accept((a) => names.includes(a));
    return { ...r, acceptedBy, blocking: failOnRelease && acceptedBy === undefined };
  });
  const imports = claims.flatMap((c) => (c.facts.importsFrom !== undefined ? [{ resource: c.resource, from: c.facts.importsFrom }] : []));
  return { renames, releases: views, unmatchedAllows: allow.filter((a) => !used.has(a)), sms: { releases: smsViews, requests: sms.requests }, imports };
}

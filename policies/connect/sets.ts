import type { PolicyResource } from "@pulumi/policy";
import {
  NewClaim,
  PHONE_NUMBER_SET_TYPE,
  ReleasedNumber,
  SetFacts,
  SetMember,
  claimOf,
  isFailedMember,
  readSetFacts,
  releaseEntryFailures,
  releaseEntryRefusal,
  releaseOf,
  releasedOurs,
  setChangeOf,
  unnamedShrinkRefusal,
} from "../../core";
import { ownerKeysOf } from "./declared";
import { plainProps } from "../props";
import type { RegionalOperation, Release, StackNumber } from "./plan-types";

/** A PhoneNumberSet the new program declares: its owner keys (URN and aliases) and what it declares. */
export interface DeclaredSet {
  urn: string;
  name: string;
  ownerKeys: string[];
  facts: SetFacts;
}

export function declaredSets(resources: readonly PolicyResource[]): DeclaredSet[] {
  return resources
    .filter((r) => r.type === PHONE_NUMBER_SET_TYPE)
    .map((r) => ({
      urn: r.urn,
      name: r.name,
      ownerKeys: ownerKeysOf(r),
      facts: readSetFacts(plainProps(r.props) as Record<string, unknown>),
    }));
}

export interface SetDerivation {
  operations: RegionalOperation[];
  releases: Release[];
  released: ReleasedNumber[];
  claims: NewClaim[];
  /** Owner keys whose numbers the sets account for: no other rule releases them. */
  ownerKeys: string[];
  /** What the provider would refuse at preview: a shrink that names nothing, a declaration the plan cannot count. */
  refusals: Array<{ resource: string; message: string }>;
}

/**
 * What the declared sets claim and release, by core's set rule over the numbers each holds (the ledger's index or
 * the tags, under its URN or an alias's) and what it declares now. CrossGuard shows a set's new inputs, not the
 * slot each held number filled: the rule places them as well as any assignment could, so growth and named shrinks
 * count exactly; the adopted numbers of a set with adoptExisting cannot be told from the rest, so its surplus is
 * taken as adopted, never refused. A number a single resource of the program declares leaves its set handed out
 * (paired by core/pairing.ts); a set no longer declared releases what it holds by the single-number rule.
 */
export function deriveSets(
  sets: readonly DeclaredSet[],
  byKey: ReadonlyMap<string, StackNumber[]>,
  takenElsewhere: (m: SetMember) => boolean,
  defaultRegion: string,
): SetDerivation {
  const out: SetDerivation = { operations: [], releases: [], released: [], claims: [], ownerKeys: [], refusals: [] };
  for (const s of sets) {
    out.ownerKeys.push(...s.ownerKeys);
    // A member whose claim AWS reports FAILED holds no slot (core/set-members.ts): the provider claims it again.
    const held = s.ownerKeys.flatMap((k) => byKey.get(k) ?? []).filter((n) => !isFailedMember(n));
    const hidden = s.facts.unknown.filter((k) => k !== "target");
    if (hidden.length > 0) {
      out.refusals.push({
        resource: s.urn,
        message: `PhoneNumberSet "${s.name}": its ${hidden.join(", ")} cannot be read at preview, so what it claims or releases cannot be counted; make them known at preview (plain values or stack config).`,
      });
      continue;
    }
    const region = s.facts.region ?? defaultRegion;
    const byId = new Map(held.map((n) => [n.phoneNumberId, n]));
    const change = setChangeOf(
      held.map((n) => ({ phoneNumber: n.phoneNumber, phoneNumberId: n.phoneNumberId })),
      s.facts.declaration,
      takenElsewhere,
    );
    if (change.unwanted.length > 0 && s.facts.declaration.adoptExisting !== true)
      out.refusals.push({
        resource: s.urn,
        message: unnamedShrinkRefusal(`PhoneNumberSet "${s.name}"`, change.unwanted, change.candidates),
      });
    // Each `release` entry that is no number, or names none the set holds, is its own refusal. The pack sees no
    // earlier release (CrossGuard shows new inputs only): an entry naming a number the set released before is the
    // provider's to judge (provider/set/diff.ts), which the same preview shows.
    for (const f of releaseEntryFailures(s.facts.declaration.release ?? []))
      out.refusals.push({ resource: s.urn, message: releaseEntryRefusal(`PhoneNumberSet "${s.name}"`, f) });
    for (const c of change.claims) {
      out.operations.push({
        ...claimOf(s.urn, change.claimReason, {
          phoneNumber: c.phoneNumber,
          ...(s.facts.growBy === "fits" ? { fitsLater: true } : {}),
        }),
        region,
      });
      out.claims.push({
        resource: s.urn,
        phoneNumber: c.phoneNumber,
        countryCode: s.facts.countryCode,
        type: s.facts.type,
        prefix: c.prefix,
        region,
        unknown: [],
        ours: true,
        ...(change.claimReason === "grow" ? { grows: true } : {}),
      });
    }
    for (const m of [...change.releases, ...change.handedOut]) {
      const n = byId.get(m.phoneNumberId)!;
      const named = change.releases.includes(m);
      if (named) {
        out.operations.push({
          ...releaseOf(s.urn, "shrink", { phoneNumber: n.phoneNumber, phoneNumberId: n.phoneNumberId }),
          region: n.region,
        });
        out.releases.push({
          resource: s.urn,
          phoneNumber: n.phoneNumber,
          phoneNumberId: n.phoneNumberId,
          region: n.region,
          reason: "shrink",
        });
      }
      out.released.push(releasedOurs(s.urn, n));
    }
  }
  return out;
}

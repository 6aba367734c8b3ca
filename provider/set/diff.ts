import {
  SetMember,
  foreignReleaseFailures,
  isFailedMember,
  releaseEntryRefusal,
  setChangeOf,
  unnamedShrinkRefusal,
} from "../../core";
import { resourceName } from "../../core/inputs/connect";
import { isUnknown, placeOfArn } from "../shape";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs, declarationOf, setLabel } from "./shape";

/** Inputs whose change is applied in place (a move, metadata, tags, an alias's new owner) or changes what the set holds. */
const COMPARED = [
  "targetArn",
  "instanceId",
  "description",
  "tags",
  "deletionProtection",
  "prefixes",
  "count",
  "phoneNumbers",
  "release",
  "adoptExisting",
  "growBy",
  "ownerUrn",
] as const;

/**
 * A set changes in place, always: growing claims, a named shrink releases, a move moves every number. What cannot be
 * done in place is refused at preview, before any claim: another region (a number never leaves its region),
 * another country or type for the numbers it holds, and a shrink that names nothing to release (core's rule).
 * `declaredElsewhere` tells a number a single resource of the program now declares: it leaves the set without a release.
 */
export function diffSet(
  olds: PhoneNumberSetOutputs,
  news: PhoneNumberSetInputs,
  declaredElsewhere: (m: SetMember) => boolean,
  defaultRegion?: string,
) {
  const label = setLabel(resourceName(news));
  const anyUnknown =
    Object.values(news).some(isUnknown) ||
    (news.prefixes !== undefined && Object.values(news.prefixes).some(isUnknown));
  const changed = COMPARED.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
  const numbers = olds.numbers ?? [];
  if (!anyUnknown) {
    const region = placeOfArn(news.targetArn)?.region ?? news.region ?? defaultRegion;
    if (region !== undefined && olds.region !== undefined && region !== olds.region && numbers.length > 0) {
      throw new Error(
        `${label}: its ${numbers.length} numbers live in ${olds.region} and a number cannot move to another region (the new target is in ${region}). Declare a new set for ${region}.`,
      );
    }
    for (const k of ["countryCode", "type"] as const) {
      if (numbers.length > 0 && olds[k] !== undefined && news[k] !== olds[k]) {
        throw new Error(
          `${label}: changing ${k} from ${olds[k]} to ${news[k]} would leave every number it holds unwanted. Declare another set for ${news[k]}, and shrink this one by name.`,
        );
      }
    }
    const plan = setChangeOf(
      numbers.filter((n) => !isFailedMember(n)),
      declarationOf(news),
      declaredElsewhere,
    );
    if (plan.unwanted.length > 0) throw new Error(unnamedShrinkRefusal(label, plan.unwanted, plan.candidates));
    const foreign = foreignReleaseFailures(news.release ?? [], numbers, olds.release);
    if (foreign.length > 0) throw new Error(foreign.map((f) => releaseEntryRefusal(label, f)).join("\n"));
    if (plan.releases.length > 0 && news.deletionProtection === true) {
      throw new Error(
        `${label} has deletionProtection: releasing ${plan.releases.map((m) => m.phoneNumber).join(", ")} is refused. If you mean it, set deletionProtection: false in the same change.`,
      );
    }
    const work =
      plan.claims.length > 0 ||
      plan.releases.length > 0 ||
      plan.handedOut.length > 0 ||
      numbers.some((n) => n.status !== "CLAIMED");
    // growBy "fits" left claims for later and nothing else changed: while the window has no room an update could claim
    // nothing, so the set shows no change (a diff on every run would break `pulumi preview --expect-no-changes`).
    // Whether it has room is the current window's to say, not the date stored when the claims were deferred (a raised
    // quota makes room before it): `waiting` asks the runtime, which reads the window (provider/set/runtime). Claims
    // that wait for room on the instance are not asked about: the diff cannot see when room is made, so the growth
    // shows and each `pulumi up` tries it.
    const waitsForInstance = olds.deferredUntil?.startsWith("when ") === true;
    const waiting =
      news.growBy === "fits" &&
      changed.length === 0 &&
      plan.claims.length > 0 &&
      plan.claims.length === olds.deferred &&
      plan.releases.length === 0 &&
      plan.handedOut.length === 0 &&
      numbers.every((n) => n.status === "CLAIMED") &&
      olds.deferredUntil !== undefined &&
      !waitsForInstance
        ? { label, claims: plan.claims.length }
        : undefined;
    if (waiting !== undefined) return { changes: true, replaces: [] as string[], deleteBeforeReplace: false, waiting };
    return { changes: work || changed.length > 0, replaces: [] as string[], deleteBeforeReplace: false };
  }
  return { changes: true, replaces: [] as string[], deleteBeforeReplace: false };
}

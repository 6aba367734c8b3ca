import { TaggedOwnership, agreeing, declaredElsewhereBlock, phoneNumberIdOf } from "../core";
import { releasedNumber } from "../plan/changes";
import { ReleaseRecord } from "../plan/records";

/** The releases another package's delete makes: the only ones the declared-elsewhere rule judges. */
export function foreignReleases(releases: readonly ReleaseRecord[]): ReleaseRecord[] {
  return releases.filter((r) => !releasedNumber(r).ours && r.facts.phoneNumberId !== undefined);
}

/**
 * The declared-elsewhere rule (core/connect/declared-elsewhere.ts) on check's releases: with the holders read
 * (--cloudtrail), another package's delete of a number a connect-numbers stack holds is marked declaredElsewhere;
 * without them, a note says who holds those numbers was not read.
 */
export function withDeclaredElsewhere(
  releases: readonly ReleaseRecord[],
  holders: ReadonlyMap<string, TaggedOwnership> | undefined,
  removed: readonly string[],
): { releases: ReleaseRecord[]; notes: string[] } {
  const foreign = new Set(foreignReleases(releases));
  if (foreign.size === 0) return { releases: [...releases], notes: [] };
  if (holders === undefined) {
    return {
      releases: [...releases],
      notes: [
        `Without --cloudtrail check cannot see whether a connect-numbers stack now holds ${agreeing(foreign.size, "the number", "the numbers")} that this plan's ${agreeing(foreign.size, "delete", "deletes")} of ${[...foreign].map((r) => r.resource).join(", ")} ${agreeing(foreign.size, "releases", "release")}: such a delete releases a declared number (a migration whose first step was skipped). Run check with --cloudtrail to see it.`,
      ],
    };
  }
  return {
    releases: releases.map((r) => {
      if (!foreign.has(r)) return r;
      const declaredElsewhere = declaredElsewhereBlock({
        released: releasedNumber(r),
        holder: holders.get(phoneNumberIdOf(r.facts.phoneNumberId!)),
        removed,
      });
      return declaredElsewhere ? { ...r, declaredElsewhere } : r;
    }),
    notes: [],
  };
}

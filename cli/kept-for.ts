import { KEPT_FOR_TAG, keptForRefusal, keptForResource, phoneNumberIdOf } from "../core";
import { Findings } from "../report";

/**
 * The kept-for rule (core/connect/kept-for.ts) on check's findings: with the marks read (--cloudtrail), a release of
 * a marked number becomes a refusal unless --allow-release names it; without them, a note says the mark was not seen.
 */
export function withKeptFor(
  findings: Findings,
  marks: ReadonlyMap<string, string> | undefined,
  /** The plan's resources (a digest lists no unchanged one) and those it removes. */
  plan: { resources: readonly string[]; removed: readonly string[] },
  allow: readonly string[],
): { findings: Findings; notes: string[] } {
  if (findings.releases.length === 0) return { findings, notes: [] };
  if (marks === undefined) {
    return {
      findings,
      notes: [
        `Without --cloudtrail check cannot see the ${KEPT_FOR_TAG} mark of the numbers this plan releases: the provider refuses the release of a number an earlier refused rename kept, unless allowReleases names it. Run check with --cloudtrail to see it.`,
      ],
    };
  }
  const views = findings.releases.map((r) => {
    if (r.refused || r.phoneNumberId === undefined) return r;
    const released = { resource: r.resource, phoneNumber: r.phoneNumber, phoneNumberId: r.phoneNumberId };
    const refusal = keptForRefusal({
      released,
      keptFor: keptForResource(marks.get(phoneNumberIdOf(r.phoneNumberId)), plan.resources, plan.removed),
      allowed: allow,
    });
    return refusal ? { ...r, refused: refusal } : r;
  });
  return { findings: { ...findings, releases: views }, notes: [] };
}

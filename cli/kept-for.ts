import { KEPT_FOR_TAG, keptForJudgement, keptForResource, phoneNumberIdOf } from "../core";
import { Findings } from "../report";

/**
 * The kept-for rule (core/connect/kept-for.ts) on check's findings: with the marks read (--cloudtrail), a release of
 * a marked number becomes a refusal unless the stack's connect-numbers:allowReleases names it (as the provider reads
 * it: the number, its id or either resource); --allow-release alone does not pass it. Without the marks, a note says
 * the mark was not seen.
 */
export function withKeptFor(
  findings: Findings,
  marks: ReadonlyMap<string, string> | undefined,
  /** The plan's resources (a digest lists no unchanged one) and those it removes. */
  plan: { resources: readonly string[]; removed: readonly string[] },
  allow: readonly string[],
  /** The stack's connect-numbers:allowReleases; undefined outside the project. */
  stackAllow: readonly string[] | undefined,
): { findings: Findings; notes: string[] } {
  if (findings.releases.length === 0) return { findings, notes: [] };
  if (marks === undefined) {
    return {
      findings,
      notes: [
        `Without --cloudtrail check cannot see the ${KEPT_FOR_TAG} mark of the numbers this plan releases: the provider refuses the release of a number an earlier refused rename kept, unless the stack's connect-numbers:allowReleases names it. Run check with --cloudtrail to see it.`,
      ],
    };
  }
  // An entry that lets a kept number go (its claimant's name, say) names something this plan releases.
  const used = new Set<string>();
  const views = findings.releases.map((r) => {
    if (r.refused || r.phoneNumberId === undefined) return r;
    const mark = marks.get(phoneNumberIdOf(r.phoneNumberId));
    const kept = {
      released: { resource: r.resource, phoneNumber: r.phoneNumber, phoneNumberId: r.phoneNumberId },
      keptFor: keptForResource(mark, plan.resources, plan.removed),
      allowed: stackAllow,
      own: { entries: allow, spelled: (e: string) => `--allow-release ${e}` },
      mark,
    };
    const { entry, refusal } = keptForJudgement(kept);
    if (entry !== undefined) used.add(entry);
    return refusal ? { ...r, refused: refusal } : r;
  });
  const unmatchedAllows = findings.unmatchedAllows.filter((a) => !used.has(a));
  return { findings: { ...findings, releases: views, unmatchedAllows }, notes: [] };
}

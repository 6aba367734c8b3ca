import { parseUrn } from "../core";
import { Findings } from "../report";

/**
 * A Pulumi plan judged where no stack config was read (outside the stack's project, without --stack): the stack's
 * connect-numbers:allowReleases, which lets `pulumi up` make a release on purpose, is not counted. When the plan
 * holds a release that blocks only for want of an allowance, say so, so a check that blocks what the provider then
 * does is not taken for the stack's own verdict.
 */
export function unreadAllowanceNotes(f: Findings, stackRead: boolean, pulumiPlan: boolean): string[] {
  if (stackRead || !pulumiPlan) return [];
  const renames = f.renames.filter((r) => r.accepted === undefined);
  const releases = f.releases.filter(
    (r) => r.blocking && !r.refused && !r.declaredElsewhere && r.accepted === undefined,
  );
  const waiting = [...renames.map((r) => r.released.resource), ...releases.map((r) => r.resource)];
  if (waiting.length === 0) return [];
  const waitingOwn = releases.length > 0 || renames.some((r) => r.stackOnly === undefined);
  const names = [...new Set(waiting.map((w) => parseUrn(w)?.name ?? w))];
  return [
    `No stack config was read (run outside the stack's Pulumi project, without --stack), so the stack's connect-numbers:allowReleases ` +
      `is not counted: if it names ${names.join(", ")}, the provider makes the release on purpose. ` +
      // A rename the provider refuses passes only by the stack's list (stackOnly): --allow-release is no way out.
      `Run check in the project (or with --stack) to judge with it${waitingOwn ? ", or name it with --allow-release" : ""}.`,
  ];
}

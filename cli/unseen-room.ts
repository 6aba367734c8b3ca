import { PlannedOperation, claimsByTarget, plural } from "../core";

/**
 * Without --cloudtrail what each instance holds is not read: check counts only the plan's own numbers there, so a
 * claim into an instance another stack or the console filled passes here while the pack and the provider refuse it.
 * Where the plan claims into an instance, a note says so (a face that cannot know says what it cannot see).
 */
export function unseenRoomNotes(
  operations: ReadonlyArray<Pick<PlannedOperation, "action" | "target">>,
  held: Readonly<Record<string, number>> | undefined,
): string[] {
  if (held !== undefined) return [];
  const claims = Object.entries(claimsByTarget(operations)).filter(([target]) => target.startsWith("instance/"));
  if (claims.length === 0) return [];
  const named = claims.map(([target, n]) => `${target} (${plural(n, "claim")})`).join(", ");
  return [
    `Without --cloudtrail check cannot see how many numbers ${claims.length > 1 ? "these instances hold" : "this instance holds"} beyond this plan's own: ${named}. The pack and the provider refuse a claim past an instance's room (its "Phone numbers per instance" quota less what it holds). Run check with --cloudtrail to see it.`,
  ];
}

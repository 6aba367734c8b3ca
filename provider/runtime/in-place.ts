import { connectSdk } from "../../aws/sdk";
import type { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { Owner, moveToken, ownershipTags, userTags } from "../../core";
import { PhoneNumberInputs } from "../shape";
import { TargetCapacities } from "./capacity";
import { ClaimFailedError, describe, waitSettled } from "./numbers";
import { Place } from "./place";

/**
 * A move that AWS answered without moving the number is the replay of an earlier identical request (same number,
 * same targets, same count within AWS's idempotency period): the next count is a new request. Each replay is one
 * earlier move, so this bound is never reached unless the service misbehaves; then the error says so.
 */
const MAX_MOVE_REQUESTS = 50;

/** A move failed after `moveCount` requests: the count is kept in state so the next attempt is a new request. */
export class MoveFailedError extends Error {
  constructor(
    message: string,
    readonly moveCount: number,
    readonly summary: ClaimedPhoneNumberSummary | undefined,
  ) {
    super(message);
  }
}

export interface InPlaceResult {
  summary: ClaimedPhoneNumberSummary;
  moveCount: number;
}

/**
 * Makes a number what the inputs ask, without a claim or a release: moves it (UpdatePhoneNumber, then waits for
 * CLAIMED), sets the description (UpdatePhoneNumberMetadata), then tags: the user's, and the ownership tags of
 * this owner and lease, written last so that a crash before the end leaves the number with its former holder,
 * whose delete never runs before this create succeeds. A move takes a place on its new instance as a claim does
 * (`capacity`), refused before AWS sees it when the instance is full, and frees its place on the old one.
 */
export async function applyInPlace(
  place: Place,
  capacity: TargetCapacities,
  summary: ClaimedPhoneNumberSummary,
  inputs: PhoneNumberInputs,
  holding: { owner: Owner; lease: string; moveCount: number },
  timeoutSeconds: number,
  label: string,
): Promise<InPlaceResult> {
  const { connect } = place.session;
  const id = summary.PhoneNumberId!;
  let current = summary;
  let moveCount = holding.moveCount;
  if (current.PhoneNumberStatus?.Status === "IN_PROGRESS")
    current = await waitSettled(connect, id, timeoutSeconds, label, "move");
  const wanted = inputs.targetArn ?? inputs.instanceId;
  for (let requests = 0; wanted !== undefined && !onTarget(current.TargetArn, inputs); requests++) {
    if (requests >= MAX_MOVE_REQUESTS) {
      throw new MoveFailedError(
        `${label}: AWS accepted ${requests} moves of ${current.PhoneNumber} to ${wanted} without moving it; check the number in the Connect console.`,
        moveCount,
        current,
      );
    }
    const token = moveToken({ phoneNumberId: id, fromTarget: current.TargetArn ?? "", toTarget: wanted, moveCount });
    const from = current.TargetArn;
    const slot = await capacity.reserve(label, inputs, current.PhoneNumber ?? id);
    try {
      await connect.send(
        new connectSdk.UpdatePhoneNumberCommand({
          PhoneNumberId: id,
          ...(inputs.targetArn !== undefined ? { TargetArn: inputs.targetArn } : { InstanceId: inputs.instanceId }),
          ClientToken: token,
        }),
      );
    } catch (err) {
      slot.free();
      throw err;
    }
    moveCount++;
    try {
      current = await waitSettled(connect, id, timeoutSeconds, label, "move");
    } catch (err) {
      slot.free();
      throw new MoveFailedError(
        (err as Error).message,
        moveCount,
        err instanceof ClaimFailedError ? err.summary : undefined,
      );
    }
    if (onTarget(current.TargetArn, inputs)) {
      slot.claimed();
      capacity.released(from);
    } else slot.free();
  }
  const wantedTags: Record<string, string> = {
    ...userTags(inputs.tags),
    ...ownershipTags(holding.owner, holding.lease),
  };
  const have = current.Tags ?? {};
  const toSet = Object.fromEntries(Object.entries(wantedTags).filter(([k, v]) => have[k] !== v));
  const toRemove = Object.keys(have).filter((k) => !(k in wantedTags));
  // Untag first: AWS counts at most 50 tags, and 0.1's ownership tags may still be there.
  if (toRemove.length > 0)
    await connect.send(new connectSdk.UntagResourceCommand({ resourceArn: current.PhoneNumberArn, tagKeys: toRemove }));
  if (Object.keys(toSet).length > 0)
    await connect.send(new connectSdk.TagResourceCommand({ resourceArn: current.PhoneNumberArn, tags: toSet }));
  // The description after the tags: a hand-over whose tagging failed leaves the description as it was, so the next
  // `up` (after a refresh) still finds it to change, and its update writes this instance's tags back (campaign seed
  // 134844700: with both written, the retry had nothing to do, and the old instance's delete took the number for
  // handed over and leaked it).
  const describing = inputs.description !== undefined && inputs.description !== current.PhoneNumberDescription;
  if (describing) {
    await connect.send(
      new connectSdk.UpdatePhoneNumberMetadataCommand({
        PhoneNumberId: id,
        PhoneNumberDescription: inputs.description,
      }),
    );
  }
  // Nothing written since the last describe: it is the number as it stands (a move of a fleet is bound by
  // DescribePhoneNumber's 2 requests/second, so a third describe a number is a third of the move's time).
  if (!describing && toRemove.length === 0 && Object.keys(toSet).length === 0) return { summary: current, moveCount };
  const final = await describe(connect, current.PhoneNumberArn ?? id);
  if (!final)
    throw new Error(`${label}: phone number ${id} disappeared while it was being updated (released elsewhere?)`);
  return { summary: final, moveCount };
}

/** Whether the number is on the target the inputs name (an ARN, or an instance id). */
export function onTarget(
  targetArn: string | undefined,
  inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">,
): boolean {
  if (targetArn === undefined) return false;
  if (inputs.targetArn !== undefined) return targetArn === inputs.targetArn;
  if (inputs.instanceId !== undefined) return targetArn.endsWith(`:instance/${inputs.instanceId}`);
  return true;
}

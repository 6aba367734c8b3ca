import { randomUUID } from "node:crypto";
import {
  failedFromTags,
  failedOperationOf,
  isFailedClaim,
  ownershipFromTags,
  pendingDeleteWayOut,
  phoneNumberIdOf,
} from "../../core";
import { PhoneNumberInputs, PhoneNumberOutputs } from "../shape";
import { PartialCreateError, labelOf } from "./create";
import { Deployment } from "./deployment";
import { MoveFailedError, applyInPlace } from "./in-place";
import { Hold, describe, outputsOf, waitSettled, withoutUndefined } from "./numbers";
import { describeHolder, holdsIt, meetsInputs, ownerOf, ownerOfState } from "./ownership";
import { placeOfState, regionOfInputs } from "./place";
import { refuseRenameRelease } from "./rename-release";
import { BudgetRefusedError } from "./guard";
import { releaseNumber } from "./release";
import { letGoFailedClaim, markFailed } from "./failed-claims";

/**
 * Refresh: the number as AWS has it now, asked in the number's own region. Released (NotFound there) leaves the
 * stack; a NotFound from a region the stack only guessed proves nothing, so the state stays as it is.
 */
export async function read(
  dep: Deployment,
  id: string,
  props: PhoneNumberOutputs,
): Promise<{ id: string; props: PhoneNumberOutputs | Record<string, never> }> {
  const label = labelOf(props);
  const place = await placeOfState(dep, props, label);
  const summary = await describe(place.session.connect, props.arn ?? id);
  if (!summary) return place.certain ? { id: "", props: {} } : { id, props };
  const owner = ownerOfState(props, label);
  const holding: Hold = {
    owner,
    lease: props.lease ?? "",
    moveCount: props.moveCount ?? 0,
    origin: props.origin ?? "claim",
    claimGeneration: props.claimGeneration,
  };
  const operation = failedOperationOf(props, failedFromTags(summary.Tags));
  const refreshed = outputsOf(props as PhoneNumberInputs, summary, place, holding, operation);
  // 0.1 state keeps its owner fields until the next update rewrites them; the lease is never invented here.
  return {
    id,
    props: withoutUndefined({
      ...refreshed,
      ownerUrn: props.ownerUrn,
      lease: props.lease,
      description: summary.PhoneNumberDescription,
    }),
  };
}

/**
 * In place: target (a move with its own token), description, tags, and the ownership tags of the current URN
 * (an alias, a new parent, or 0.1 state rewrites them) with this instance's lease.
 */
export async function update(
  dep: Deployment,
  id: string,
  olds: PhoneNumberOutputs,
  news: PhoneNumberInputs,
): Promise<{ outs: PhoneNumberOutputs }> {
  const label = labelOf(news);
  const place = await placeOfState(dep, olds, label, regionOfInputs(news, undefined));
  const owner = ownerOf(news.ownerUrn, label);
  let summary = await describe(place.session.connect, olds.arn ?? id);
  if (!summary) {
    throw new Error(
      place.certain
        ? `${label}: phone number ${olds.phoneNumber ?? id} no longer exists in ${place.region} (released outside Pulumi?); run \`pulumi refresh\` to drop it from the stack.`
        : `${label}: phone number ${id} is not in ${place.region}, the region the stack assumes for it; set the region input (or connect-numbers:region) to the number's region.`,
    );
  }
  const tagged = ownershipFromTags(summary.Tags);
  const previousOwner = ownerOfState(olds, label);
  if (
    tagged &&
    tagged.key !== previousOwner.key &&
    tagged.key !== owner.key &&
    !holdsIt(olds, summary.Tags, previousOwner)
  ) {
    throw new Error(
      `${label}: ${summary.PhoneNumber} is now held by ${describeHolder(tagged)}, not this resource; remove one of the two declarations.`,
    );
  }
  if (summary.PhoneNumberStatus?.Status === "IN_PROGRESS")
    summary = await waitSettled(place.session.connect, id, dep.config.claimTimeoutSeconds, label, "claim");
  // An update is of the instance in state, never of one being replaced: a lease in the tags that differs but is
  // this owner's is a hand-over that crashed before its instance was recorded, and comes back here.
  const holding: Hold = {
    owner,
    lease: olds.lease ?? randomUUID(),
    moveCount: olds.moveCount ?? 0,
    origin: olds.origin ?? "claim",
    claimGeneration: olds.claimGeneration,
  };
  const ledger = await dep.ledger(place.scope);
  const record = {
    service: "connect" as const,
    phoneNumberId: summary.PhoneNumberId!,
    phoneNumber: summary.PhoneNumber!,
    phoneNumberArn: summary.PhoneNumberArn,
    stack: owner.stack,
    ownerUrn: owner.urn,
    ownerKey: owner.key,
    lease: holding.lease,
    targetArn: summary.TargetArn,
    countryCode: summary.PhoneNumberCountryCode,
    type: summary.PhoneNumberType,
  };
  await ledger.putOwnership(place.scope, { ...record, updatedAt: place.session.clock.now() });
  try {
    const done = await applyInPlace(
      place,
      dep.capacity(place.scope, place.session),
      summary,
      news,
      holding,
      dep.config.claimTimeoutSeconds,
      label,
    );
    dep.noteLive(owner.key, id);
    // An update that moved nothing leaves a FAILED number as it found it: which operation failed is the state's (a
    // description or a rename by alias must not turn a failed move into a failed claim, whose delete releases nothing).
    const failedOperation = failedOperationOf(olds, failedFromTags(done.summary.Tags));
    return {
      outs: outputsOf(news, done.summary, place, { ...holding, moveCount: done.moveCount }, failedOperation),
    };
  } catch (err) {
    if (!(err instanceof MoveFailedError)) throw err;
    // The failed move's requests are counted in state, so the next `pulumi up` sends a new request.
    const now = err.summary ?? summary;
    const outs = outputsOf(news, now, place, { ...holding, moveCount: err.moveCount }, "move");
    // The index and the tags say it is a move that failed (the number still held), as the state does: every face
    // reads it so.
    const failed = now.PhoneNumberStatus?.Status === "FAILED";
    if (failed)
      await ledger.putOwnership(place.scope, {
        ...record,
        updatedAt: place.session.clock.now(),
        failed,
        failedMove: true,
      });
    const message = err.message + (failed ? await markFailed(place.session.connect, now, "move") : "");
    throw new PartialCreateError(message, id, outs as unknown as Record<string, unknown>, [message]);
  }
}

/**
 * Delete: releases the number, in its own region, only if this instance still holds it. A number whose tags name
 * another lease or owner was handed over (a replacement, or a rename without alias), and a number the program
 * still declares with inputs it meets is about to be taken again (delete-before-replace): both leave the stack
 * without a release. A number another resource of the stack searched for in this deployment (a rename without an
 * alias) is kept, the delete refused (rename-release.ts). A number already gone (NotFound in its own region) is what
 * a delete wants.
 */
export async function remove(dep: Deployment, id: string, props: PhoneNumberOutputs): Promise<void> {
  const who = labelOf(props);
  const place = await placeOfState(dep, props, who);
  const owner = ownerOfState(props, who);
  const { connect } = place.session;
  const ledger = await dep.ledger(place.scope);
  const summary = await describe(connect, props.arn ?? id);
  if (!summary) {
    // Gone (an earlier attempt's release whose answer was lost, or a release by hand): the ownership index, which
    // the pack reads, must not go on listing it as held.
    if (place.certain) {
      await ledger.dropOwnership(place.scope, id, props.lease ?? "");
      return;
    }
    throw new Error(
      `${who}: phone number ${id} is not in ${place.region}, the region the stack assumes for it, so whether it is released cannot be told. ` +
        "Set the region input (or connect-numbers:region) to the number's region and run the delete again; `pulumi state delete` drops it without a release.",
    );
  }
  if (!holdsIt(props, summary.Tags, owner)) {
    await ledger.dropOwnership(place.scope, id, props.lease ?? "");
    return;
  }
  // A FAILED claim holds nothing: no release (core/connect/failed-claim.ts); AWS returns the number on its own. The
  // state says which operation failed, as every face reads it; AWS must say FAILED still (not retried since).
  if (isFailedClaim(props) && summary.PhoneNumberStatus?.Status === "FAILED") {
    const left = await letGoFailedClaim(connect, summary);
    if (left) dep.warn(left);
    await ledger.dropOwnership(place.scope, id, props.lease ?? "");
    return;
  }
  const wanted = dep.declaredInputs(owner.key);
  if (wanted && meetsInputs(summary, wanted, dep.regions.defaultRegion)) return;
  // A set whose state holds this number lists it still (the program declared it twice, and this resource took it
  // first): it goes back to the set, never released.
  const back = dep.setHolding(summary.PhoneNumberId!);
  if (back && !wanted) return back(summary, props.lease);
  if (wanted && namesNumber(wanted, summary.PhoneNumber, id)) {
    // The program still asks for this very number, elsewhere (another region): a release would put it in its
    // cooldown and the claim there would fail. Found by the campaign (seed 359681299).
    throw new Error(
      `${who}: the program still declares ${summary.PhoneNumber}, now in ${regionOfInputs(wanted, dep.regions.defaultRegion) ?? "another region"}, but it lives in ${place.region} ` +
        "and a number cannot move between regions: releasing it here would lose it. Keep the resource in its region, or choose another number for the new one.",
    );
  }
  // Before protection: a rename's refusal names the way out that keeps the number, which protection's does not.
  await refuseRenameRelease(dep, place, owner, summary, who);
  // A replaced instance can never be updated: the program's declaration turning protection off speaks for it.
  const protectedNow =
    props.deletionProtection === true && (wanted === undefined || wanted.deletionProtection === true);
  if (protectedNow) {
    throw new Error(
      // The first line is what Pulumi's progress rows repeat; the explanation and the fix follow once, under Diagnostics.
      `${who} (${props.phoneNumber}) has deletionProtection: the delete is refused and the number kept.\n` +
        "Releasing it would put the number into a cooldown of up to 180 days, never to be ours again. " +
        `If you really mean to release it: set deletionProtection: false, run \`pulumi up\`, then remove it. To stop managing it without releasing, ` +
        `use the retainOnDelete resource option or \`pulumi state delete\`.`,
    );
  }
  try {
    await releaseNumber(dep, place, summary, { who, ownerUrn: owner.urn, lease: props.lease ?? "" });
  } catch (err) {
    // The program still declares the resource: this is an old instance, which Pulumi's state keeps pending delete
    // when its release fails, and every next `up` retries first. Say how to keep the number and unblock the stack.
    if (!(err instanceof BudgetRefusedError) || wanted === undefined) throw err;
    throw new BudgetRefusedError(`${err.message} ${pendingDeleteWayOut(owner.urn, summary.PhoneNumber)}`, err.freesAt);
  }
}

/** Whether inputs ask for this exact number (by E.164 or by id), whatever the region. */
function namesNumber(inputs: PhoneNumberInputs, phoneNumber: string | undefined, id: string): boolean {
  return (
    (inputs.phoneNumber !== undefined && inputs.phoneNumber === phoneNumber) ||
    (inputs.phoneNumberId !== undefined && phoneNumberIdOf(inputs.phoneNumberId) === id)
  );
}

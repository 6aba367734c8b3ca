import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { isFailedMember, ownershipFromTags } from "../../../core";
import { resourceName } from "../../../core/inputs/connect";
import { Deployment } from "../../runtime/deployment";
import { describe, withoutUndefined } from "../../runtime/numbers";
import { ownerOf } from "../../runtime/ownership";
import { placeOfInputs } from "../../runtime/place";
import { refuseSetRenameRelease } from "../../runtime/rename-release";
import { releaseWhole } from "./releases";
import { letGoFailedClaim } from "../../runtime/failed-claims";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber, setLabel } from "../shape";
import { placeInputs } from "./context";
import { converge } from "./converge";

export const create = (dep: Deployment, inputs: PhoneNumberSetInputs) => converge(dep, undefined, undefined, inputs);

export async function update(
  dep: Deployment,
  id: string,
  olds: PhoneNumberSetOutputs,
  news: PhoneNumberSetInputs,
): Promise<{ outs: PhoneNumberSetOutputs }> {
  const { outs } = await converge(dep, id, olds, news);
  return { outs };
}

/** Refresh: every number as AWS has it now; one released outside Pulumi leaves the set's state. */
export async function read(
  dep: Deployment,
  id: string,
  props: PhoneNumberSetOutputs,
): Promise<{ id: string; props: PhoneNumberSetOutputs }> {
  const label = setLabel(resourceName(props));
  const place = await placeOfInputs(dep, placeInputs(props), label);
  const numbers: SetNumber[] = [];
  for (const n of props.numbers ?? []) {
    const s = await describe(place.session.connect, n.arn || n.phoneNumberId);
    if (s) numbers.push({ ...n, status: s.PhoneNumberStatus?.Status ?? n.status });
  }
  return { id, props: withoutUndefined({ ...props, numbers }) };
}

/**
 * Delete: releases every number the set still holds, through the guard, as one batch (releaseWhole). A number whose
 * tags name another holder was taken over (a hand-over to a single resource), and one a single resource of the
 * program declares is about to be: neither is released. deletionProtection refuses the whole delete, and so does a
 * rename without an alias, as a PhoneNumber's delete refuses it (rename-release.ts): the set keeps every number.
 */
export async function remove(dep: Deployment, _id: string, props: PhoneNumberSetOutputs): Promise<void> {
  const label = setLabel(resourceName(props));
  const numbers = props.numbers ?? [];
  if (props.deletionProtection === true && numbers.length > 0) {
    throw new Error(
      `${label} has deletionProtection: the delete would release its ${numbers.length} numbers, and is refused.\n` +
        "Releasing puts each number into a cooldown of up to 180 days, never to be ours again. If you really mean to release them: set deletionProtection: false, " +
        "run `pulumi up`, then remove the set. To stop managing them without releasing, use the retainOnDelete resource option or `pulumi state delete`.",
    );
  }
  const place = await placeOfInputs(dep, placeInputs(props), label);
  const ledger = await dep.ledger(place.scope);
  const owner = ownerOf(props.ownerUrn, label);
  const releasing: ClaimedPhoneNumberSummary[] = [];
  for (const n of numbers) {
    const s = await describe(place.session.connect, n.arn || n.phoneNumberId);
    if (!s) {
      await ledger.dropOwnership(place.scope, n.phoneNumberId, props.lease);
      continue;
    }
    const tagged = ownershipFromTags(s.Tags);
    // The set's lease names it across renames (a rename's re-tag may have failed part way); without one, its key.
    const handedAway =
      tagged !== undefined && (tagged.lease !== undefined ? tagged.lease !== props.lease : tagged.key !== owner.key);
    if (handedAway || dep.declaresNumber(n.phoneNumber, n.phoneNumberId, owner.key)) {
      if (handedAway) await ledger.dropOwnership(place.scope, n.phoneNumberId, props.lease);
      continue;
    }
    // A member whose claim FAILED holds nothing: no release (core/connect/failed-claim.ts), as every face counts it.
    if (isFailedMember(n) && isFailedMember({ status: s.PhoneNumberStatus?.Status })) {
      const left = await letGoFailedClaim(place.session.connect, s);
      if (left) dep.warn(left);
      await ledger.dropOwnership(place.scope, n.phoneNumberId, props.lease);
      continue;
    }
    releasing.push(s);
  }
  // A rename without an alias (a new resource of this `up` searched for what these numbers meet): refused whole.
  await refuseSetRenameRelease(dep, place, owner, releasing, label);
  await releaseWhole(dep, place, releasing, { who: label, ownerUrn: owner.urn, lease: props.lease });
}

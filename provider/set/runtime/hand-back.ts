import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { resourceName } from "../../../core/inputs/connect";
import { record } from "../../runtime/create";
import { Deployment } from "../../runtime/deployment";
import { applyInPlace } from "../../runtime/in-place";
import { ownerOf } from "../../runtime/ownership";
import { placeOfInputs } from "../../runtime/place";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs, setLabel } from "../shape";
import { memberInputs, placeInputs, setContext, tagsOnlyInputs } from "./context";

/**
 * Tells the deployment which numbers this set's state holds and its new inputs still list, so that a PhoneNumber
 * that took one of them (created before the set was checked, in a program declaring the number twice) and is now
 * removed hands it back to the set instead of releasing it: its tags then name the set again, as its state does.
 */
export function noteSetHoldings(dep: Deployment, olds: PhoneNumberSetOutputs, news: PhoneNumberSetInputs): void {
  const listed = new Set(news.phoneNumbers ?? []);
  for (const n of olds.numbers ?? []) {
    if (!listed.has(n.phoneNumber)) continue;
    dep.noteSetHolding(n.phoneNumberId, (summary, fromLease) => handBack(dep, olds, news, summary, fromLease));
  }
}

async function handBack(
  dep: Deployment,
  olds: PhoneNumberSetOutputs,
  news: PhoneNumberSetInputs,
  summary: ClaimedPhoneNumberSummary,
  fromLease: string | undefined,
): Promise<void> {
  const label = setLabel(resourceName(news));
  const place = await placeOfInputs(dep, placeInputs(news), label);
  const owner = ownerOf(news.ownerUrn, label);
  const lease = olds.lease!;
  const ctx = {
    ...setContext(dep, place, owner, lease, label, await dep.ledger(place.scope)),
    inputs: memberInputs(news),
  };
  await record(ctx, summary, fromLease);
  // Tags only: where the number routes is the set's next update's to change, as for any number it holds.
  await applyInPlace(
    place,
    dep.capacity(place.scope, place.session),
    summary,
    tagsOnlyInputs(news),
    { owner, lease, moveCount: 0 },
    dep.config.claimTimeoutSeconds,
    label,
  );
}

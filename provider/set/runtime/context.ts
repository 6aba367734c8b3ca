import { Owner, SetClaim } from "../../../core";
import { ChurnLedger } from "../../../ledger/types";
import { TargetCapacities } from "../../runtime/capacity";
import { ClaimContext } from "../../runtime/claim";
import { Deployment } from "../../runtime/deployment";
import { withoutUndefined } from "../../runtime/numbers";
import { Place } from "../../runtime/place";
import { PhoneNumberInputs } from "../../shape";
import { PhoneNumberSetInputs } from "../shape";

/** What each number of one set is claimed, recorded and re-tagged with; its instance's capacity whole, for a growth. */
export type SetContext = Omit<ClaimContext, "inputs" | "capacity"> & { capacity: TargetCapacities };

export function setContext(
  dep: Deployment,
  place: Place,
  owner: Owner,
  lease: string,
  label: string,
  ledger: ChurnLedger,
): SetContext {
  return {
    place,
    owner,
    lease,
    label,
    guard: dep.guard(place.scope, place.session),
    capacity: dep.capacity(place.scope, place.session),
    ledger,
    defaultRegion: dep.regions.defaultRegion,
  };
}

/** The inputs one number of the set is claimed, moved and tagged with: the shared PhoneNumber code reads these. */
export function memberInputs(i: PhoneNumberSetInputs, claim?: SetClaim): PhoneNumberInputs {
  const what =
    claim === undefined
      ? {}
      : claim.phoneNumber !== undefined
        ? { phoneNumber: claim.phoneNumber }
        : { countryCode: i.countryCode, type: i.type, prefix: claim.prefix };
  return withoutUndefined({
    targetArn: i.targetArn,
    instanceId: i.instanceId,
    region: i.region,
    description: i.description,
    tags: i.tags,
    ownerUrn: i.ownerUrn,
    ...what,
  });
}

export function placeInputs(
  i: Pick<PhoneNumberSetInputs, "targetArn" | "instanceId" | "region" | "ownerUrn">,
): PhoneNumberInputs {
  return withoutUndefined({ targetArn: i.targetArn, instanceId: i.instanceId, region: i.region, ownerUrn: i.ownerUrn });
}

/** A member's tags and ownership only: no target, no move, no description (where it routes is the set update's). */
export function tagsOnlyInputs(i: PhoneNumberSetInputs): PhoneNumberInputs {
  return withoutUndefined({ ...memberInputs(i), targetArn: undefined, instanceId: undefined, description: undefined });
}

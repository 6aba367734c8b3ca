import { connectSdk } from "../../aws/sdk";
import type { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { outcomeOfFailure } from "../../aws/attempts";
import { isAccessDenied } from "../../aws/failure";
import { releaseToken } from "../../core";
import { Deployment } from "./deployment";
import { waitSettled } from "./numbers";
import { Place } from "./place";

/** Who asks for a release: the resource for messages, the owner for the ledger, and the lease whose record it drops. */
export interface Releaser {
  who: string;
  ownerUrn: string;
  lease: string;
  /** A churn slot reserved for this release already (a set's releases, reserved in one write: guard.reserveMany). */
  reserved?: string;
}

/**
 * Releases one number this resource holds, through the guard (one churn slot), then forgets its holder. Shared by a
 * PhoneNumber's delete and a PhoneNumberSet's named releases: the judgements before it (who holds it, protection)
 * are each resource's own.
 */
export async function releaseNumber(
  dep: Deployment,
  place: Place,
  summary: ClaimedPhoneNumberSummary,
  by: Releaser,
): Promise<void> {
  const { connect } = place.session;
  const id = summary.PhoneNumberId!;
  if (summary.PhoneNumberStatus?.Status === "IN_PROGRESS")
    await waitSettled(connect, id, dep.config.claimTimeoutSeconds, by.who, "claim").catch(() => undefined);
  try {
    await dep.guard(place.scope, place.session).run(
      {
        action: "release",
        resource: by.who,
        phoneNumber: summary.PhoneNumber,
        phoneNumberId: id,
        ownerUrn: by.ownerUrn,
        clientToken: releaseToken(id),
      },
      async () => {
        try {
          await connect.send(
            new connectSdk.ReleasePhoneNumberCommand({
              PhoneNumberId: summary.PhoneNumberArn ?? id,
              ClientToken: releaseToken(id),
            }),
          );
        } catch (err) {
          // Released between the describe and now: nothing new happened here, unless an earlier attempt of this
          // call (its answer lost) was the release.
          if (err instanceof connectSdk.ResourceNotFoundException)
            return { result: undefined, effect: outcomeOfFailure(err, "ReleasePhoneNumber") };
          throw err;
        }
        return { result: undefined, effect: { phoneNumberId: id, phoneNumber: summary.PhoneNumber } };
      },
      by.reserved,
    );
  } catch (err) {
    if (isAccessDenied(err)) {
      throw new Error(
        `${by.who}: AWS denied the release of ${summary.PhoneNumber ?? id} (${summary.PhoneNumberArn ?? id}): ${(err as Error).message}. ` +
          `Grant connect:ReleasePhoneNumber on that number (or on phone-number/* of the account) to the identity \`pulumi up\` runs as, then run it again: the number is still held.`,
      );
    }
    if (err instanceof connectSdk.ResourceInUseException) {
      throw new Error(
        `${by.who}: AWS will not release ${summary.PhoneNumber}: it is in use by ${err.ResourceType ?? "another resource"} ${err.ResourceId ?? ""} (${err.message}). ` +
          "Detach it there first (for example disassociate its contact flow or remove it from the traffic distribution group), then run the delete again.",
      );
    }
    throw err;
  }
  dep.capacity(place.scope, place.session).released(summary.TargetArn);
  const ledger = await dep.ledger(place.scope);
  await ledger.dropOwnership(place.scope, id, by.lease);
}

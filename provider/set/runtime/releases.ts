import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { Deployment } from "../../runtime/deployment";
import { Place } from "../../runtime/place";
import { Releaser, releaseNumber } from "../../runtime/release";

/**
 * Releases numbers of one set as one batch, as the gates count a set's delete or shrink: every churn slot is reserved
 * in one write of the ledger's window before the first release, all or none. A batch the budget cannot take is
 * refused whole, with its whole count and the instant it fits (the words `check` uses), and nothing is released.
 * `released` hears of each number as it goes, so a failure part way leaves a true record of what the set still holds.
 */
export async function releaseWhole(
  dep: Deployment,
  place: Place,
  summaries: readonly ClaimedPhoneNumberSummary[],
  by: Releaser,
  released: (phoneNumberId: string) => void = () => undefined,
): Promise<void> {
  if (summaries.length === 0) return;
  const guard = dep.guard(place.scope, place.session);
  const pool = await guard.reserveMany(
    { action: "release", resource: by.who, ownerUrn: by.ownerUrn },
    summaries.length,
    false,
    summaries.map((s) => ({ phoneNumberId: s.PhoneNumberId, phoneNumber: s.PhoneNumber })),
  );
  const ahead = [...pool.reservationIds];
  try {
    if (pool.refusal) throw pool.refusal;
    for (const summary of summaries) {
      await releaseNumber(dep, place, summary, { ...by, reserved: ahead.shift() });
      released(summary.PhoneNumberId!);
    }
  } finally {
    await guard.free(ahead);
  }
}

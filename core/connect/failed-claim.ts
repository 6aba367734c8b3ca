/**
 * A number whose claim AWS reported FAILED holds nothing: AWS keeps it for this account for a day, to claim again,
 * then returns it to its inventory on its own (connect-api-facts.md, PhoneNumberStatus). So:
 * - its delete releases nothing: a release would put a number the account does not hold into a cooldown, and may
 *   count as churn; left alone, it returns to the inventory without either;
 * - its replacement (and a rename's new resource) is a new claim, of the same number while AWS keeps it (a day
 *   after the failure), else of what the inputs find then: one claim either way.
 * A FAILED move (UpdatePhoneNumber) is another matter: the number is still held, on its old target, and the move is
 * retried in place. Where which operation failed is unknown (a status read from AWS alone), it is taken for a claim.
 */
export function isFailedClaim(x: { status?: unknown; failedOperation?: unknown }): boolean {
  return x.status === "FAILED" && x.failedOperation !== "move";
}

/** How long AWS keeps a FAILED claim's number for this account to claim again ("one day to retry"). */
export const FAILED_CLAIM_HOLD_MS = 86_400_000;

/** The sentence every face gives for the retry of a FAILED claim: a replacement that claims its number again. */
export function failedClaimRetried(resource: string, number: string, phoneNumber: string | undefined): string {
  return `${resource} is replaced to claim ${number} again: AWS reported its claim FAILED, so the old instance holds nothing to release, and the new claim counts as one (of ${phoneNumber ?? "that number"} while AWS keeps it for the account, a day after the failure; after that, of what its inputs find).`;
}

/** The sentence every face gives for a FAILED claim its plan lets go: what happens to the number, and why no churn. */
export function failedClaimLetGo(resource: string, number: string): string {
  return `${resource} lets go ${number}, whose claim AWS reported FAILED: it holds nothing, so its delete releases nothing (no churn); AWS returns the number to its inventory a day after the failure.`;
}

/**
 * Which operation failed, for a number AWS now reports FAILED, from what the state said before and the number's tags
 * (core/owner.ts FAILED_TAG): a state that knew says; else the tag; else a number whose claim had ended CLAIMED was
 * moved since (a move whose failure no state or tag recorded: a crash before they were written), and is still held.
 */
export function failedOperationOf(
  state: { status?: string; failedOperation?: "claim" | "move" },
  tagged: { status?: "FAILED"; failedOperation?: "move" },
): "claim" | "move" {
  if (state.failedOperation !== undefined) return state.failedOperation;
  if (tagged.status === "FAILED") return tagged.failedOperation ?? "claim";
  return state.status === "CLAIMED" ? "move" : "claim";
}

/**
 * Set by the provider when AWS reports an operation of the number FAILED: "claim" or "move" (core/connect/
 * failed-claim.ts tells them apart). Tags are what the gates read of a stack's numbers without a describe each
 * (GetResources); the next successful update or claim of the number rewrites its tags without it.
 */
export const FAILED_TAG = "connect-numbers:failed";

/** The status a number's tags say (FAILED_TAG), in HeldNumber's terms: nothing when they say none. */
export function failedFromTags(tags: Record<string, string> | undefined): {
  status?: "FAILED";
  failedOperation?: "move";
} {
  const v = tags?.[FAILED_TAG];
  if (v === "move") return { status: "FAILED", failedOperation: "move" };
  return v === "claim" ? { status: "FAILED" } : {};
}

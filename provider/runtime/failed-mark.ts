import type { ClaimedPhoneNumberSummary, ConnectClient } from "@aws-sdk/client-connect";
import { connectSdk } from "../../aws/sdk";
import { FAILED_TAG } from "../../core";

/**
 * Tags a number whose claim or move AWS reported FAILED with which it was (core/owner.ts FAILED_TAG), so the gates,
 * which read a stack's numbers by their tags, judge it as the provider will (core/connect/failed-claim.ts). Resolves
 * to "" once written, else to a sentence for the error the caller throws: what the gates may then misjudge.
 */
export async function markFailed(
  connect: ConnectClient,
  summary: ClaimedPhoneNumberSummary,
  operation: "claim" | "move",
): Promise<string> {
  return connect
    .send(
      new connectSdk.TagResourceCommand({
        resourceArn: summary.PhoneNumberArn,
        tags: { [FAILED_TAG]: operation },
      }),
    )
    .then(
      () => "",
      (e: Error) =>
        ` (Its tags could not say the ${operation} FAILED (${e.message}): the policy pack and \`connect-numbers check\` may judge it as ${operation === "claim" ? "a held number" : "a claim"} until \`connect-numbers ledger sync\` or the next \`up\`.)`,
    );
}

/** What the provider does about a claim or move AWS reported FAILED (core/connect/failed-claim.ts has the rule). */
import type { ClaimedPhoneNumberSummary, ConnectClient } from "@aws-sdk/client-connect";
import { connectSdk } from "../../aws/sdk";
import { FAILED_TAG, OWNERSHIP_TAG_KEYS } from "../../core";
import type { Deployment } from "./deployment";

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

/**
 * Lets a FAILED claim go (its delete releases nothing: core/connect/failed-claim.ts): its ownership tags come off, so
 * no reader takes it for the stack's any more (`ledger sync` would put it back in the index from them, and the pack
 * would name a resource the stack no longer has) until AWS returns it to its inventory. Resolves to "" once done,
 * else to a warning: a tag left only makes the pack say the number is let go again, at no churn.
 */
export async function letGoFailedClaim(connect: ConnectClient, summary: ClaimedPhoneNumberSummary): Promise<string> {
  const keys = Object.keys(summary.Tags ?? {}).filter((k) => (OWNERSHIP_TAG_KEYS as readonly string[]).includes(k));
  if (keys.length === 0) return "";
  return connect.send(new connectSdk.UntagResourceCommand({ resourceArn: summary.PhoneNumberArn, tagKeys: keys })).then(
    () => "",
    (e: Error) =>
      `connect-numbers: ${summary.PhoneNumber} (${summary.PhoneNumberId}), a FAILED claim let go with no release, keeps its ownership tags (${e.message}): the policy pack may name it until AWS returns it to its inventory (a day after the failure). Nothing else depends on them.`,
  );
}

/**
 * The FAILED claim of the instance this create replaces under an alias (tagged for the old owner, so not held by
 * this one), as its state says it: retried first, as every face says (core/pairing.ts "retry").
 */
export function replacedUnderAlias(dep: Deployment, ownerKey: string): ClaimedPhoneNumberSummary[] {
  const olds = dep.failedClaimsReplaced.get(ownerKey);
  if (!olds?.phoneNumber) return [];
  return [
    {
      PhoneNumberId: olds.phoneNumberId,
      PhoneNumberArn: olds.arn,
      PhoneNumber: olds.phoneNumber,
      PhoneNumberCountryCode: olds.countryCode as ClaimedPhoneNumberSummary["PhoneNumberCountryCode"],
      PhoneNumberType: olds.type as ClaimedPhoneNumberSummary["PhoneNumberType"],
      TargetArn: olds.targetArn,
      PhoneNumberStatus: { Status: "FAILED" },
    },
  ];
}

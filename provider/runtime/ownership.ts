import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { heldByNumber, numbersTagged } from "../../aws/inventory";
import { failureFix } from "../../aws/failure";
import {
  LEGACY_CLAIM_KEY_TAG,
  LEGACY_RESOURCE_TAG,
  OWNER_KEY_TAG,
  Owner,
  PHONE_NUMBER_TYPE,
  TaggedOwnership,
  meets,
  ownerFromUrn,
  ownerUrn,
  ownershipFromTags,
  phoneNumberIdOf,
  wantedNumber,
  isFailedClaim,
} from "../../core";
import { ChurnLedger } from "../../ledger/types";
import { PhoneNumberInputs, PhoneNumberOutputs, placeOfArn } from "../shape";
import { describe } from "./numbers";
import { Place, regionOfInputs } from "./place";

/**
 * Who holds a number, and the O(1) lookups of it: the numbers one owner holds (the ledger's index, and a tag
 * query for what the ledger never saw), and who holds one E.164 number (the ledger, else one list call by prefix).
 * Never a describe of every number.
 */

export function ownerOf(urn: string, label: string): Owner {
  const owner = ownerFromUrn(urn);
  if (!owner)
    throw new Error(
      `${label}: ownerUrn ${JSON.stringify(urn)} is not a Pulumi URN; create the resource with connect-numbers' PhoneNumber class.`,
    );
  return owner;
}

/** The owner a stored resource names: its URN, or for 0.1 state the top-level resource of its stored name. */
export function ownerOfState(props: PhoneNumberOutputs, label: string): Owner {
  if (props.ownerUrn) return ownerOf(props.ownerUrn, label);
  const stack = props.ownerStack ?? "";
  const slash = stack.indexOf("/");
  if (slash < 0 || !props.ownerResource)
    throw new Error(
      `${label}: the stack's record of ${props.phoneNumberId} names no owner (neither ownerUrn nor 0.1's ownerStack/ownerResource).`,
    );
  return ownerOf(
    ownerUrn({
      project: stack.slice(0, slash),
      stack: stack.slice(slash + 1),
      type: PHONE_NUMBER_TYPE,
      name: props.ownerResource,
    }),
    label,
  );
}

/**
 * Whether this resource instance still holds the number it has in state, by the number's tags: "moved" when the
 * tags name another lease or owner (a replacement or a rename without alias took it over), so its delete must
 * drop it from the stack without releasing it. Untagged numbers count as held: nobody else claims them.
 */
export function holdsIt(props: PhoneNumberOutputs, tags: Record<string, string> | undefined, owner: Owner): boolean {
  const t = ownershipFromTags(tags);
  if (!t) return true;
  if (props.lease !== undefined) return t.lease === props.lease || (t.lease === undefined && t.key === owner.key);
  // 0.1 state (no lease): its own tags were the claim key and the resource name.
  if (t.legacy) {
    return (
      (props.claimKey !== undefined && tags?.[LEGACY_CLAIM_KEY_TAG] === props.claimKey) ||
      (tags?.[LEGACY_RESOURCE_TAG] === props.ownerResource && t.stack === props.ownerStack)
    );
  }
  return t.key === owner.key && t.lease === undefined;
}

/**
 * Whether a number meets inputs (core/connect meets), in the region the provider looks in: the inputs' own, else
 * stack config's. A FAILED claim meets nothing: its retry is a new claim.
 */
export function meetsInputs(
  s: ClaimedPhoneNumberSummary,
  inputs: PhoneNumberInputs,
  defaultRegion: string | undefined,
): boolean {
  if (s.PhoneNumberStatus?.Status === "FAILED" || s.PhoneNumberId === undefined) return false;
  const wanted = wantedNumber(inputs);
  const held = {
    phoneNumberId: s.PhoneNumberId,
    phoneNumber: s.PhoneNumber,
    countryCode: s.PhoneNumberCountryCode,
    type: s.PhoneNumberType,
    region: placeOfArn(s.PhoneNumberArn)?.region,
  };
  return meets(held, { ...wanted, region: regionOfInputs(inputs, defaultRegion) });
}

/** What to do about a failed look-up: not every failure is a missing permission (aws/failure.ts). */
export const tagLookupFix = (err: unknown) =>
  failureFix(err, { endpoint: undefined, setting: "connect-numbers:endpoint", grant: "tag:GetResources" });

/**
 * The numbers an owner holds in a region: normally none (a create) or one (a replacement); more only after a
 * crash. The ledger knows what this deployment (or a durable ledger, any) recorded; the tag query knows what the
 * ledger never saw. Together they cover the tagging index's lag and the ledger's gaps.
 */
export async function ownedBy(
  place: Place,
  ledger: ChurnLedger,
  owner: Owner,
  label: string,
): Promise<ClaimedPhoneNumberSummary[]> {
  const fromLedger = (await ledger.ownershipByOwner(place.scope, owner.key)).map(
    (o) => o.phoneNumberArn ?? o.phoneNumberId,
  );
  let fromTags: string[];
  try {
    fromTags = (await numbersTagged(place.session.tagging, { [OWNER_KEY_TAG]: owner.key })).map((r) => r.arn);
  } catch (err) {
    throw new Error(
      `${label}: cannot look up the numbers this resource already holds in ${place.region} (Resource Groups Tagging API GetResources: ${(err as Error).message}). ` +
        `Without it a retry could claim a second number: ${tagLookupFix(err)}, and run \`pulumi up\` again.`,
    );
  }
  const seen = new Set<string>();
  const found: ClaimedPhoneNumberSummary[] = [];
  for (const ref of [...fromLedger, ...fromTags]) {
    const id = phoneNumberIdOf(ref);
    if (seen.has(id)) continue;
    seen.add(id);
    const s = await describe(place.session.connect, ref);
    if (s && ownershipFromTags(s.Tags)?.key === owner.key) found.push(s);
  }
  return found;
}

/** A held number as DescribePhoneNumber reports it, with the owner its tags name. */
export interface DescribedHeldNumber {
  summary: ClaimedPhoneNumberSummary;
  ownership: TaggedOwnership | undefined;
  /** Its claim FAILED: it holds nothing to hand over. */
  failedClaim?: true;
}

/** Who in this account and region holds this E.164 number, if anyone: the ledger's stack index, else one list call. */
export async function holderOf(
  place: Place,
  ledger: ChurnLedger,
  stack: string,
  phoneNumber: string,
): Promise<DescribedHeldNumber | undefined> {
  const indexed = (await ledger.ownershipByStack(place.scope, stack)).find((o) => o.phoneNumber === phoneNumber);
  const refs = [
    indexed && (indexed.phoneNumberArn ?? indexed.phoneNumberId),
    async () => (await heldByNumber(place.session.connect, phoneNumber))?.arn,
  ];
  for (const ref of refs) {
    const r = typeof ref === "function" ? await ref() : ref;
    const summary = r ? await describe(place.session.connect, r) : undefined;
    if (summary?.PhoneNumber === phoneNumber)
      return {
        summary,
        ownership: ownershipFromTags(summary.Tags),
        // A FAILED claim (core/connect/failed-claim.ts), unless the index says a move failed (still held).
        ...(isFailedClaim({
          status: summary.PhoneNumberStatus?.Status,
          failedOperation: indexed?.phoneNumberId === summary.PhoneNumberId && indexed?.failedMove ? "move" : undefined,
        })
          ? { failedClaim: true as const }
          : {}),
      };
  }
  return undefined;
}

export { describeHolder } from "../../core";

import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { listNumbers, numbersTagged } from "../../../aws/inventory";
import {
  ADOPTED_GROUP,
  OWNER_KEY_TAG,
  Owner,
  TaggedOwnership,
  isFailedMember,
  ownershipFromTags,
  phoneNumberIdOf,
} from "../../../core";
import { ChurnLedger } from "../../../ledger/types";
import { describe } from "../../runtime/numbers";
import { DescribedHeldNumber, describeHolder, holderOf, tagLookupFix } from "../../runtime/ownership";
import { Place } from "../../runtime/place";
import { PhoneNumberSetInputs, SetNumber } from "../shape";

/**
 * What a set holds before it changes anything, read with O(1) calls per page of numbers (never a describe per held
 * number when nothing asks for one): the numbers in state, checked against the tag index; the numbers tagged for the
 * set that state lacks (an earlier attempt's claims, recorded by neither a crash nor a lost answer); the numbers
 * adoptExisting brings in; and who holds each specific number the set asks for.
 */
export interface HeldReading {
  /** Numbers the set holds now, each with the summary when one was read. */
  held: SetNumber[];
  summaries: Map<string, ClaimedPhoneNumberSummary>;
  /** State's numbers now tagged for another resource (taken over by it): dropped, never released. */
  handedAway: SetNumber[];
  /** Specific numbers another resource of this stack (or nobody) holds: taken over, no claim. */
  handIns: Array<{ phoneNumber: string; holder: DescribedHeldNumber }>;
  /** Why adoptExisting left numbers of its target alone (another tool's FAILED claim): one sentence each. */
  notAdopted: string[];
}

/**
 * The set's numbers: its state, plus whatever its tags say it holds, plus adoptions and hand-ins. A number of the state
 * whose tags carry the set's lease is the set's under any owner key: a rename whose re-tag failed part way recorded
 * the new owner in state while the number still names the old one.
 */
export async function readHeld(
  place: Place,
  ledger: ChurnLedger,
  owners: Owner[],
  lease: string | undefined,
  inState: readonly SetNumber[],
  inputs: PhoneNumberSetInputs,
  label: string,
): Promise<HeldReading> {
  const keys = new Set(owners.map((o) => o.key));
  const tagged = new Map<string, Record<string, string>>();
  for (const owner of owners) {
    for (const t of await taggedFor(place, owner, label)) tagged.set(phoneNumberIdOf(t.arn), t.tags);
    for (const o of await ledger.ownershipByOwner(place.scope, owner.key))
      if (!tagged.has(o.phoneNumberId)) tagged.set(o.phoneNumberId, {});
  }
  const summaries = new Map<string, ClaimedPhoneNumberSummary>();
  const held: SetNumber[] = [];
  const handedAway: SetNumber[] = [];
  const ours = (o: TaggedOwnership | undefined) => o === undefined || keys.has(o.key);
  const oursInState = (o: TaggedOwnership | undefined) => ours(o) || (lease !== undefined && o?.lease === lease);
  for (const n of inState) {
    const tags = tagged.get(n.phoneNumberId);
    if (tags && Object.keys(tags).length > 0 && oursInState(ownershipFromTags(tags))) {
      held.push(n);
      continue;
    }
    // Not in the tag index as ours (its lag, or another holder now): the number itself tells.
    const s = await describe(place.session.connect, n.arn || n.phoneNumberId);
    if (!s) continue;
    summaries.set(n.phoneNumberId, s);
    if (oursInState(ownershipFromTags(s.Tags))) held.push(n);
    else handedAway.push(n);
  }
  const known = new Set(inState.map((n) => n.phoneNumberId));
  for (const id of tagged.keys()) {
    if (known.has(id)) continue;
    const s = await describe(place.session.connect, id);
    // A FAILED claim is kept too (converge fills no slot with it): left out, it would leak from the stack.
    if (!s || !ours(ownershipFromTags(s.Tags)) || ownershipFromTags(s.Tags) === undefined) continue;
    summaries.set(id, s);
    held.push(memberOf(s, { origin: "claim" }));
  }
  const notAdopted: string[] = [];
  if (inputs.adoptExisting === true) {
    const target = inputs.targetArn ?? targetArnOfInstance(place, inputs);
    const onTarget = await listNumbers(place.session.connect, {
      targetArns: target ? [target] : undefined,
      countryCodes: [inputs.countryCode!],
      types: [inputs.type!],
      withTags: true,
    });
    for (const n of onTarget) {
      if (
        known.has(n.phoneNumberId) ||
        held.some((h) => h.phoneNumberId === n.phoneNumberId) ||
        ownershipFromTags(n.tags) !== undefined
      )
        continue;
      const s = await describe(place.session.connect, n.arn);
      if (!s) continue;
      // Another tool's FAILED claim holds no number (core/set-members.ts): adopted, it would fill a slot with nothing.
      if (isFailedMember({ status: s.PhoneNumberStatus?.Status })) {
        notAdopted.push(failedClaimNotAdopted(label, s));
        continue;
      }
      summaries.set(n.phoneNumberId, s);
      held.push(memberOf(s, { origin: "adopt", group: ADOPTED_GROUP }));
    }
  }
  const handIns: HeldReading["handIns"] = [];
  for (const phoneNumber of new Set(inputs.phoneNumbers ?? [])) {
    if (held.some((h) => h.phoneNumber === phoneNumber)) continue;
    const holder = await holderOf(place, ledger, owners[0].stack, phoneNumber);
    if (!holder) continue;
    const o = holder.ownership;
    if (o && o.stack !== owners[0].stack) {
      throw new Error(
        `${label}: ${phoneNumber} is held by ${describeHolder(o)}. Take it out of that stack without releasing it (retainOnDelete, then remove it), clear its ownership tags, then list it here.`,
      );
    }
    if (!o && inputs.adoptExisting !== true) {
      throw new Error(
        `${label}: account ${place.accountId} already holds ${phoneNumber} in ${place.region}, managed by no stack. To bring it into the set with no claim and no churn, set adoptExisting: true.`,
      );
    }
    handIns.push({ phoneNumber, holder });
  }
  return { held, summaries, handedAway, handIns, notAdopted };
}

function failedClaimNotAdopted(label: string, s: ClaimedPhoneNumberSummary): string {
  const why = s.PhoneNumberStatus?.Message ? ` (${s.PhoneNumberStatus.Message})` : "";
  return (
    `connect-numbers: ${label} does not adopt ${s.PhoneNumber ?? s.PhoneNumberId} (${s.PhoneNumberId}): its claim by another tool has status FAILED${why}, so it holds no number. ` +
    "That tool retries the claim within a day (ClaimPhoneNumber of the same number) or releases it; once it is CLAIMED the next `pulumi up` adopts it."
  );
}

/** The ARN of the instance an instanceId names, for a listing by target; undefined leaves the listing account-wide. */
function targetArnOfInstance(place: Place, inputs: PhoneNumberSetInputs): string | undefined {
  return inputs.instanceId === undefined
    ? undefined
    : `arn:aws:connect:${place.region}:${place.accountId}:instance/${inputs.instanceId}`;
}

async function taggedFor(place: Place, owner: Owner, label: string) {
  try {
    return await numbersTagged(place.session.tagging, { [OWNER_KEY_TAG]: owner.key });
  } catch (err) {
    throw new Error(
      `${label}: cannot look up the numbers this set already holds in ${place.region} (Resource Groups Tagging API GetResources: ${(err as Error).message}). ` +
        `Without it a retry could claim numbers twice: ${tagLookupFix(err)}, and run \`pulumi up\` again.`,
    );
  }
}

/** A set number from AWS's summary. */
export function memberOf(
  s: ClaimedPhoneNumberSummary,
  how: { origin: SetNumber["origin"]; group?: string; moveCount?: number },
): SetNumber {
  const group = how.group ?? "";
  return {
    phoneNumber: s.PhoneNumber!,
    phoneNumberId: s.PhoneNumberId!,
    arn: s.PhoneNumberArn ?? "",
    group,
    prefix: group.startsWith("prefix:") ? group.slice("prefix:".length) : "",
    origin: how.origin,
    status: s.PhoneNumberStatus?.Status ?? "CLAIMED",
    moveCount: how.moveCount ?? 0,
  };
}

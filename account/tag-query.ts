import { ConnectClient } from "@aws-sdk/client-connect";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { OWNER_STACK_TAG, failedFromTags, ownershipFromTags, phoneNumberIdOf } from "../core";
import { HeldNumber, listNumbers, numbersTagged } from "../aws/inventory";
import { TargetHolding } from "../aws/held-on-target";
import type { RoomNeeds, StackHeldNumber, OwnedNumbersSource, StackNumbers } from "./owned-numbers";

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * A stack's numbers by their ownership tags, with no call per number: the Resource Groups Tagging API lists the
 * numbers tagged `connect-numbers:stack` = the stack (one GetResources per 100), and, when there are any, one
 * ListPhoneNumbersV2 per 1,000 numbers of the account gives their E.164 form, country and type (tags carry
 * neither) and drops a number released since the tag index last saw it. Assumed [U]: GetResources may lag a new
 * tag by a moment; a number claimed that moment ago is then not seen as held, so its resource counts as a claim (the
 * safe side).
 */
export class TagQuerySource implements OwnedNumbersSource {
  constructor(
    private readonly connect: ConnectClient,
    private readonly tagging: ResourceGroupsTaggingAPIClient,
  ) {}

  async ownedBy(stack: string): Promise<StackNumbers> {
    const tagged = await numbersTagged(this.tagging, { [OWNER_STACK_TAG]: stack });
    const listing = tagged.length === 0 ? [] : await listNumbers(this.connect);
    const byId = new Map<string, HeldNumber>(listing.map((n) => [n.phoneNumberId, n]));
    const owned: StackHeldNumber[] = [];
    for (const t of tagged) {
      const owner = ownershipFromTags(t.tags);
      const held = byId.get(phoneNumberIdOf(t.arn));
      if (owner?.stack !== stack || !held) continue;
      owned.push({
        phoneNumberId: held.phoneNumberId,
        phoneNumber: held.phoneNumber,
        countryCode: held.countryCode,
        type: held.type,
        targetArn: held.targetArn,
        importedFrom: held.sourcePhoneNumberArn,
        ...failedFromTags(t.tags),
        owner,
      });
    }
    const listed = tagged.length === 0 ? "" : `, ListPhoneNumbersV2 of ${plural(listing.length, "number")}`;
    return {
      owned,
      description: `tag query: ${plural(owned.length, "number")} tagged ${OWNER_STACK_TAG}=${stack} (GetResources${listed})`,
    };
  }

  /** One ListPhoneNumbersV2 per target (per 1,000 numbers on it); describes only where `room` is short. */
  async activeOn(targetArns: readonly string[], room?: RoomNeeds): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const t of targetArns) {
      const holding = await TargetHolding.read(this.connect, t);
      const needs = room?.get(t);
      if (needs) await holding.settleRoom(needs.quota, needs.need);
      counts.set(t, holding.held);
    }
    return counts;
  }
}

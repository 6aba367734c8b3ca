import { ConnectClient } from "@aws-sdk/client-connect";
import { ownershipFromTags } from "../core";
import { HeldNumber, listNumbers } from "../aws/inventory";
import type { OwnedNumber, OwnedNumbersSource, StackNumbers } from "./owned-numbers";

/**
 * Ownership from the numbers' own tags: every number of the account and region is listed (one call per 1,000) and
 * described (one call each; ListPhoneNumbersV2 has no tags). A number the program no longer declares may sit on a
 * target the program no longer names, so nothing narrower is safe without an index. 1 + N calls.
 */
export class InventorySource implements OwnedNumbersSource {
  private listing?: Promise<HeldNumber[]>;

  constructor(private readonly connect: ConnectClient) {}

  private all(): Promise<HeldNumber[]> {
    this.listing ??= listNumbers(this.connect, { withTags: true });
    return this.listing;
  }

  async ownedBy(stack: string): Promise<StackNumbers> {
    const numbers = await this.all();
    const owned: OwnedNumber[] = [];
    for (const n of numbers) {
      const owner = ownershipFromTags(n.tags);
      if (owner?.stack !== stack) continue;
      owned.push({ phoneNumberId: n.phoneNumberId, phoneNumber: n.phoneNumber, countryCode: n.countryCode, type: n.type, targetArn: n.targetArn, importedFrom: n.sourcePhoneNumberArn, owner });
    }
    return { owned, description: `inventory of ${numbers.length} number${numbers.length === 1 ? "" : "s"} (ListPhoneNumbersV2, DescribePhoneNumber each)` };
  }

  async activeOn(targetArns: readonly string[]): Promise<Map<string, number>> {
    const numbers = await this.all();
    const counts = new Map(targetArns.map((t) => [t, 0]));
    for (const n of numbers) if (n.targetArn !== undefined && counts.has(n.targetArn)) counts.set(n.targetArn, counts.get(n.targetArn)! + 1);
    return counts;
  }
}

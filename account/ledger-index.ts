import { LedgerAdmin, LedgerScope, Ownership } from "../ledger";
import type { RoomNeeds, StackHeldNumber, OwnedNumbersSource, StackNumbers } from "./owned-numbers";

/** An opened ledger and the account and region the pack reads from it. */
export interface LedgerHandle {
  ledger: LedgerAdmin;
  scope: LedgerScope;
}

/**
 * A stack's numbers from the churn ledger's ownership index, one Query however many numbers the stack holds, when
 * the ledger vouches for that stack's index (ledger/stack-marks.ts has the rule: reconciled, and every write since
 * finished); otherwise, and without a ledger, from the tags (`fallback`), saying why. Counting numbers per target
 * is the fallback's (one ListPhoneNumbersV2 per target): the index does not follow moves between targets.
 */
export class LedgerIndexSource implements OwnedNumbersSource {
  constructor(
    private readonly handle: () => Promise<LedgerHandle | undefined>,
    private readonly fallback: OwnedNumbersSource,
  ) {}

  async ownedBy(stack: string): Promise<StackNumbers> {
    const h = await this.handle();
    if (!h) return this.fallback.ownedBy(stack);
    const index = await h.ledger.stackIndex(h.scope, stack);
    if (!index.vouched) {
      const tags = await this.fallback.ownedBy(stack);
      return {
        owned: tags.owned,
        description: `${tags.description}, not the ledger ${h.ledger.description} (${index.reason})`,
      };
    }
    const owned = index.holders.filter((o) => o.service === "connect" && o.stack === stack).map(ownedOf);
    return {
      owned,
      statusesRead: true,
      description: `ledger ${h.ledger.description}: ${owned.length} number${owned.length === 1 ? "" : "s"} of ${stack} in its ownership index (one Query; ${index.reason})`,
    };
  }

  activeOn(targetArns: readonly string[], room?: RoomNeeds): Promise<Map<string, number>> {
    return this.fallback.activeOn(targetArns, room);
  }
}

/** The holder record as the tags would say it: the URN it records is the owner's (checked against the key in derive). */
function ownedOf(o: Ownership): StackHeldNumber {
  return {
    phoneNumberId: o.phoneNumberId,
    phoneNumber: o.phoneNumber,
    countryCode: o.countryCode,
    type: o.type,
    targetArn: o.targetArn,
    ...(o.failed ? { status: "FAILED" } : {}),
    ...(o.failed && o.failedMove ? { failedOperation: "move" as const } : {}),
    owner: {
      stack: o.stack,
      key: o.ownerKey,
      urnTag: o.ownerUrn || undefined,
      lease: o.lease || undefined,
      legacy: false,
    },
  };
}

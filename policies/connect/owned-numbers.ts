import { AwsSession } from "../../aws/session";
import { OwnedNumbersSource } from "./held-source";
import { TagQuerySource } from "./inventory-source";
import { LedgerHandle, LedgerIndexSource } from "./ledger-source";

export type { OwnedNumbersSource, StackHeldNumber, StackNumbers } from "./held-source";

/** The pack's source of a stack's numbers: the ledger's ownership index when it vouches for the stack, else a tag query. */
export function ownedNumbersSource(aws: AwsSession, ledger: () => Promise<LedgerHandle | undefined>): OwnedNumbersSource {
  return new LedgerIndexSource(ledger, new TagQuerySource(aws.connect, aws.tagging));
}

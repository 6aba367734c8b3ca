import { AwsSettings } from "../../aws/clients";
import { openLedger } from "../../ledger/open";
import { describeLocation } from "../../ledger/settings";
import { LedgerAdmin, LedgerScope } from "../../ledger/types";
import { ProviderConfig } from "./config";

/**
 * Where the ledger of one account and region is, as a key: scopes that reach the same table (or file) share one
 * opened ledger, so a process's own reservations go out together (group commit) and never race each other. A
 * DynamoDB table is in `?region=` if given, else the stack's `connect-numbers:region`, else the number's region.
 */
export function ledgerLocationKey(config: ProviderConfig, scope: LedgerScope): string {
  const l = config.ledger;
  if (l.kind !== "dynamodb") return describeLocation(l);
  return `dynamodb:${l.table} ${l.region ?? config.aws.region ?? scope.region} ${l.endpoint ?? config.aws.endpoint ?? ""}`;
}

/**
 * Opens the churn ledger the stack config names (docs/ledger.md): the one place that
 * chooses it. Opened inside the runtime, from the resolved setting: the serialized provider carries no path and no
 * client. A file ledger is created on first use (the per-user default included); a DynamoDB table must exist
 * (`connect-numbers ledger init`, or your IaC), and the first call says so if it does not. Reached with the same
 * AWS settings as Connect, so `dynamodb:<table>` against the emulator goes to the emulator's embedded DynamoDB.
 */
export async function ledgerFor(config: ProviderConfig, scope: LedgerScope): Promise<LedgerAdmin> {
  const l = config.ledger;
  const aws: AwsSettings =
    l.kind === "dynamodb" ? { ...config.aws, region: l.region ?? config.aws.region ?? scope.region } : config.aws;
  const ledger = await openLedger(l, aws, { createIfMissing: l.kind === "file" });
  // openLedger opens every location but `off`, which the config refuses.
  if (!ledger) throw new Error("connect-numbers: no churn ledger configured");
  return ledger;
}

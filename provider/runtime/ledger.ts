import { AwsSession } from "../../aws/session";
import { ownerKey } from "../../core";
import { MemoryLedger } from "../../ledger/memory";
import { ChurnLedger } from "../../ledger/types";
import { ProviderConfig } from "./config";

/**
 * The churn ledger the provider's guard and ownership index use: the one place that chooses it, so a durable
 * store (a file, a DynamoDB table) replaces this in-process one with a change here alone. The in-process ledger
 * lives as long as the deployment (the provider process); its history before that comes from CloudTrail and the
 * history files, imported at the first claim or release.
 */
export function ledgerFor(_config: ProviderConfig, _session: AwsSession): ChurnLedger {
  return new MemoryLedger(ownerKey);
}

import { AwsSettings, dynamoDbClient, regionOrEnv } from "../aws/clients";
import { KvLedger } from "./kv-ledger";
import { LedgerLocation, chooseLedger } from "./settings";
import { DynamoDbStore } from "./stores/dynamodb";
import { FileStore } from "./stores/file";
import { MemoryStore } from "./stores/memory";
import { LedgerAdmin } from "./types";

export interface OpenLedgerOptions {
  /** A file ledger that does not exist yet is created (never a DynamoDB table: that is `ledger init` or your IaC). */
  createIfMissing?: boolean;
  /**
   * A file ledger that does not exist yet reads as empty, for the gates: the provider creates it on its first claim
   * or release and starts from empty, so judging against empty is judging what it will do.
   */
  absentFileReadsEmpty?: boolean;
  /** The clock commits and imports stamp with when the caller gives none (default: this machine's). */
  clock?: () => number;
}

/**
 * The one factory: the ledger a setting names (a string as users write it, or parsed; unset: CONNECT_NUMBERS_LEDGER,
 * else the per-user file), with DynamoDB reached through the same AWS settings (region, endpoint, profile, rate
 * limits) as everything else. Undefined when the setting is `off`. Opening makes no AWS call.
 */
export async function openLedger(
  setting: string | LedgerLocation | undefined,
  aws: AwsSettings,
  options: OpenLedgerOptions = {},
): Promise<LedgerAdmin | undefined> {
  const location = typeof setting === "object" ? setting : chooseLedger(setting, { perUserFile: "always" }).location;
  switch (location.kind) {
    case "off":
      return undefined;
    case "memory":
      return new KvLedger(new MemoryStore(), { clock: options.clock });
    case "file": {
      const store = new FileStore(location.path, options.absentFileReadsEmpty === true);
      if (options.createIfMissing) await store.init();
      return new KvLedger(store, { clock: options.clock });
    }
    case "dynamodb": {
      const settings = { ...aws, region: location.region ?? aws.region, endpoint: location.endpoint ?? aws.endpoint };
      const region = regionOrEnv(settings.region);
      return new KvLedger(new DynamoDbStore(dynamoDbClient(settings), location.table, region), {
        clock: options.clock,
      });
    }
  }
}

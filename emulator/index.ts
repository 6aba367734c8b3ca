import * as fs from "node:fs";
import * as path from "node:path";
import { AddressInfo } from "node:net";
import { EmulatorControl } from "./control/client";
import { embeddedDynamoDb } from "./dynamodb";
import { OwnLedger, createOwnLedger } from "./own-ledger";
import { FaultRegistry } from "./control/faults";
import { Clock } from "./state/clock";
import { EmulatorSettings, StateDocument } from "./state/model";
import { EmulatorStore } from "./state/store";
import { DEFAULT_ACCOUNT } from "./wire/respond";
import { SmsSettings, smsSettingsOf } from "./sms/model";
import { createEmulatorServer } from "./wire/server";

export { EmulatorControl } from "./control/client";
export type { EmulatorEvent, EmulatorInfo, SeedRequest } from "./control/client";
export type { EmulatorSettings } from "./state/model";
export { SmsControl } from "./sms/control-client";
export type { OwnLedger } from "./own-ledger";

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /**
   * Keep the whole state in this file: read at start, rewritten atomically after every change. The embedded
   * DynamoDB's tables live in the LevelDB directory `<statePath>.dynamodb` beside it.
   */
  statePath?: string;
  /**
   * Create the churn ledger in the embedded DynamoDB under this table name at start, recording that the account had
   * no claim or release before the emulator started (see own-ledger.ts). Unset: no table.
   */
  ledgerTable?: string;
  /**
   * How long requested TOLL_FREE and TEN_DLC SMS numbers stay PENDING, in ms: AWS reviews their registration, which
   * can take days to weeks. Unset: the SMS settings' pendingMs (3 days unless set otherwise).
   */
  registrationReviewMs?: number;
}

export interface RunningEmulator {
  endpoint: string;
  region: string;
  accountId: string;
  /** The ledger created at start, when `ledgerTable` asked for one. */
  ledger?: OwnLedger;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const {
    port = 0,
    host = "127.0.0.1",
    region = "us-east-1",
    accountId = DEFAULT_ACCOUNT,
    statePath,
    ledgerTable,
    registrationReviewMs,
    ...given
  } = options;
  const settings =
    registrationReviewMs === undefined
      ? given
      : { ...given, sms: withRegistrationReview(given.sms, registrationReviewMs) };
  const store = new EmulatorStore(settings, new Clock());
  if (statePath && fs.existsSync(statePath)) {
    store.restore(JSON.parse(fs.readFileSync(statePath, "utf8")) as StateDocument);
    if (Object.keys(settings).length > 0) store.updateSettings(settings);
  }
  store.keepAsStartup();
  const defaults = { accountId, region };
  store.partition(defaults);
  let endpoint = "";
  const persist = statePath ? () => writeAtomically(statePath, JSON.stringify(store.snapshot())) : () => undefined;
  persist();
  // Set once the server listens (the ledger is written through it); the seed route reads it.
  let ledger: OwnLedger | undefined;
  const dynamodb = embeddedDynamoDb({ path: statePath ? `${statePath}.dynamodb` : undefined });
  const server = createEmulatorServer({
    store,
    faults: new FaultRegistry(),
    defaults,
    onMutation: persist,
    endpoint: () => endpoint,
    dynamodb,
    noChurnBefore: (scope) =>
      ledger?.noChurnBefore !== undefined && scope.accountId === accountId && scope.region === region
        ? { ...ledger.noChurnBefore, ledger: ledger.setting }
        : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  endpoint = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  const stop = async () => {
    await new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
    await dynamodb.stop();
  };
  try {
    ledger = ledgerTable ? await createOwnLedger(endpoint, ledgerTable, defaults, store.now()) : undefined;
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, region, accountId, ledger, control: new EmulatorControl(endpoint), stop };
}

/** Write to a temp file in the same directory, then rename: a kill leaves the old file or the new, never half. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function withRegistrationReview(sms: Partial<SmsSettings> | undefined, ms: number): Partial<SmsSettings> {
  return { ...sms, pendingMs: { ...smsSettingsOf(sms).pendingMs, TOLL_FREE: ms, TEN_DLC: ms } };
}

import { AccountHistory, readHistory } from "../account";
import { readPhoneNumberQuota } from "../aws/quota";
import { AwsSession, createSession } from "../aws/session";
import { chooseLedger, openLedger } from "../ledger";
import { StackNumber as RegionalNumber } from "./connect/derive";
import { LedgerHandle } from "./connect/ledger-source";
import { OwnedNumbersSource, ownedNumbersSource } from "./connect/owned-numbers";

export interface Connection {
  region: string;
  endpoint?: string;
  /**
   * The ledger setting (policy config, else stack config), as given; undefined: CONNECT_NUMBERS_LEDGER, else the
   * per-user file, which is read only if it exists (a machine that never ran the provider has none).
   */
  ledger?: string;
  /** Where a relative `file:` ledger path is read from: the Pulumi program's directory. */
  ledgerCwd?: string;
}

export class AccountReadError extends Error {
  constructor(
    readonly what: "inventory" | "history" | "quota",
    readonly region: string,
    cause: unknown,
  ) {
    super(`${what} (${region}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "AccountReadError";
  }
}

export interface StackNumbersRead {
  numbers: RegionalNumber[];
  description: string;
  /** The service's clock when the inventory was read: the window ends here. */
  now: number;
}

/**
 * The reads of one account region, each done once per analyzer process and shared by every policy that asks with
 * the same arguments (the engine starts one process per preview or update, and runs the policies one after the
 * other). Nothing here depends on which policy asked first: each read is keyed by everything it depends on.
 */
export class RegionReader {
  private session?: AwsSession;
  private source?: OwnedNumbersSource;
  private opened?: Promise<LedgerHandle | undefined>;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(readonly connection: Connection) {}

  /** Kept for the process's life: the engine ends the analyzer process when the preview or update is done. */
  private aws(): AwsSession {
    this.session ??= createSession({ region: this.connection.region, endpoint: this.connection.endpoint });
    return this.session;
  }

  private once<T>(key: string, what: AccountReadError["what"], run: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run().catch((err: unknown) => {
        throw err instanceof AccountReadError ? err : new AccountReadError(what, this.connection.region, err);
      });
      this.memo.set(key, p);
    }
    return p;
  }

  private owned(): OwnedNumbersSource {
    this.source ??= ownedNumbersSource(this.aws(), () => this.ledger());
    return this.source;
  }

  /**
   * The churn ledger of this account and region, opened once (no AWS call) with the account from STS; undefined
   * when the setting is `off`, or when none is set and the per-user file does not exist. Reached with the same
   * region and endpoint as Connect: `dynamodb:<table>` against the emulator is its embedded DynamoDB.
   */
  ledger(): Promise<LedgerHandle | undefined> {
    this.opened ??= (async () => {
      // The setting (relative file paths are the program directory's), else CONNECT_NUMBERS_LEDGER, else the
      // per-user file if it exists: the ledger the provider of this machine writes when nothing names one.
      const { location } = chooseLedger(this.connection.ledger, { perUserFile: "if-it-exists", cwd: this.connection.ledgerCwd });
      if (location.kind === "off") return undefined;
      const ledger = await openLedger(location, { region: this.connection.region, endpoint: this.connection.endpoint }, { absentFileReadsEmpty: true });
      if (!ledger) return undefined;
      return { ledger, scope: { accountId: await this.aws().accountId(), region: this.connection.region } };
    })();
    return this.opened;
  }

  stackNumbers(stack: string): Promise<StackNumbersRead> {
    return this.once(`stack ${stack}`, "inventory", async () => {
      const read = await this.owned().ownedBy(stack);
      return { numbers: read.owned.map((n) => ({ ...n, region: this.connection.region })), description: read.description, now: this.aws().clock.now() };
    });
  }

  activeOn(targets: readonly string[]): Promise<Map<string, number>> {
    const sorted = [...new Set(targets)].sort();
    return this.once(`active ${sorted.join(" ")}`, "inventory", () => this.owned().activeOn(sorted));
  }

  /** L-8F812903, for an instance (Service Quotas ContextId = its ARN, a resource-level quota) or the account's default. */
  quota(instanceArn?: string): Promise<number> {
    return this.once(`quota ${instanceArn ?? ""}`, "quota", () => readPhoneNumberQuota(this.aws().quotas, instanceArn));
  }

  /**
   * The window's history, as account/ reads it for every gate (files, then the ledger with CloudTrail since its last
   * sync, else CloudTrail's span).
   */
  history(files: readonly string[], cloudTrail: boolean, windowDays: number, now: number): Promise<AccountHistory> {
    return this.once(`history ${JSON.stringify([files, cloudTrail, windowDays, now])}`, "history", async () => {
      const handle = await this.ledger();
      return readHistory({ now, windowDays, files, cloudTrail: cloudTrail ? this.aws().cloudTrail : undefined, ledger: handle });
    });
  }
}

const readers = new Map<string, RegionReader>();

export function regionReader(connection: Connection): RegionReader {
  const key = JSON.stringify([connection.region, connection.endpoint ?? "", connection.ledger ?? null, connection.ledgerCwd ?? ""]);
  let reader = readers.get(key);
  if (!reader) {
    reader = new RegionReader(connection);
    readers.set(key, reader);
  }
  return reader;
}

import { ChurnEvent, DAY_MS, HistoryCoverage } from "../core";
import { CLOUDTRAIL_DAYS, loadHistory } from "../aws/history";
import { readPhoneNumberQuota } from "../aws/quota";
import { AwsSession, createSession } from "../aws/session";
import { RegionalNumber } from "./derive";
import { OwnedNumbersSource, ownedNumbersSource } from "./owned-numbers";

export interface Connection {
  region: string;
  endpoint?: string;
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

export interface HistoryRead {
  events: ChurnEvent[];
  coverage: HistoryCoverage;
}

/**
 * The reads of one account region, each done once per analyzer process and shared by every policy that asks with
 * the same arguments (the engine starts one process per preview or update, and runs the policies one after the
 * other). Nothing here depends on which policy asked first: each read is keyed by everything it depends on.
 */
export class RegionReader {
  private session?: AwsSession;
  private source?: OwnedNumbersSource;
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
    this.source ??= ownedNumbersSource(this.aws());
    return this.source;
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

  history(files: readonly string[], cloudTrail: boolean, windowDays: number, now: number): Promise<HistoryRead> {
    return this.once(`history ${JSON.stringify([files, cloudTrail, windowDays, now])}`, "history", async () => {
      const loaded = await loadHistory({ cloudTrail: cloudTrail ? this.aws().cloudTrail : undefined, files: [...files], now, windowDays });
      // A history file is the team's own record of every claim and release: it vouches for the whole window.
      // CloudTrail LookupEvents answers for its last 90 days only.
      const completeSince = files.length > 0 ? -Infinity : cloudTrail ? now - Math.min(CLOUDTRAIL_DAYS, windowDays) * DAY_MS : null;
      return { events: loaded.events, coverage: { completeSince, sources: loaded.sources } };
    });
  }
}

const readers = new Map<string, RegionReader>();

export function regionReader(connection: Connection): RegionReader {
  const key = `${connection.region} ${connection.endpoint ?? ""}`;
  let reader = readers.get(key);
  if (!reader) {
    reader = new RegionReader(connection);
    readers.set(key, reader);
  }
  return reader;
}

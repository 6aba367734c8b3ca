import { AccountHistory, readHistory } from "./history";
import {
  KEPT_FOR_TAG,
  OWNER_STACK_TAG,
  TaggedOwnership,
  ownedBySet,
  ownershipFromTags,
  phoneNumberIdOf,
} from "../core";
import { unansweredIn, unansweredSentence } from "../aws/failure";
import { listNumbers, numbersTagged, statusesOf } from "../aws/inventory";
import { readPhoneNumberQuota } from "../aws/quota";
import { AwsSession, createSession } from "../aws/session";
import { LedgerLocation, chooseLedger, describeLocation, openLedger } from "../ledger";
import { LedgerHandle, LedgerIndexSource } from "./ledger-index";
import { RoomNeeds, StackHeldNumber, OwnedNumbersSource } from "./owned-numbers";
import { TagQuerySource } from "./tag-query";
import { AccountReads } from "./window";

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
  /** A call AWS did not answer: the message names it and the fix (the network, or more time), not the SDK's words. */
  readonly unanswered: boolean;

  constructor(
    readonly what: "inventory" | "history" | "quota" | "identity",
    readonly region: string,
    cause: unknown,
  ) {
    const unanswered = unansweredIn(cause);
    const reason =
      unanswered !== undefined
        ? unansweredSentence(unanswered)
        : cause instanceof Error
          ? cause.message
          : String(cause);
    super(`${what} (${region}): ${reason}`, { cause });
    this.name = "AccountReadError";
    this.unanswered = unanswered !== undefined;
  }
}

export interface StackNumbersRead {
  numbers: Array<StackHeldNumber & { region: string }>;
  description: string;
  /** The service's clock when the inventory was read: the window ends here. */
  now: number;
}

/** What a face already holds and lends the reader: its AWS session (the CLI's carries its rate limits), its opened ledger. */
export interface ReaderSources {
  session?: () => AwsSession;
  ledger?: () => Promise<LedgerHandle | undefined>;
}

/**
 * The reads of one account region, each done once per reader and shared by everything that asks with the same
 * arguments: the pack keeps one per analyzer process (the engine starts one process per preview or update, and runs
 * the policies one after the other), the CLI one per command, the guard one per deployment's read. Nothing here
 * depends on who asked first: each read is keyed by everything it depends on.
 */
export class RegionReader implements AccountReads {
  private session?: AwsSession;
  private source?: OwnedNumbersSource;
  private opened?: Promise<LedgerHandle | undefined>;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly connection: Connection,
    private readonly sources: ReaderSources = {},
  ) {}

  /** Kept for the reader's life: the engine ends the analyzer process when the preview or update is done. */
  private aws(): AwsSession {
    this.session ??=
      this.sources.session?.() ?? createSession({ region: this.connection.region, endpoint: this.connection.endpoint });
    return this.session;
  }

  /** The account the credentials belong to (STS GetCallerIdentity, asked once per session). */
  /** The account the credentials are of (STS GetCallerIdentity): a failed read is named as the account's identity. */
  credentialsAccount(): Promise<string> {
    return this.once("identity", "identity", () => this.aws().accountId());
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
    this.source ??= new LedgerIndexSource(
      () => this.ledger(),
      new TagQuerySource(this.aws().connect, this.aws().tagging),
    );
    return this.source;
  }

  /**
   * The churn ledger of this account and region, opened once (no AWS call) with the account from STS; undefined
   * when the setting is `off`, or when none is set and the per-user file does not exist. Reached with the same
   * region and endpoint as Connect: `dynamodb:<table>` against the emulator is its embedded DynamoDB.
   */
  ledger(): Promise<LedgerHandle | undefined> {
    this.opened ??=
      this.sources.ledger?.() ??
      (async () => {
        const location = this.ledgerLocation();
        if (location.kind === "off") return undefined;
        const ledger = await openLedger(
          location,
          { region: this.connection.region, endpoint: this.connection.endpoint },
          { absentFileReadsEmpty: true },
        );
        if (!ledger) return undefined;
        return { ledger, scope: { accountId: await this.aws().accountId(), region: this.connection.region } };
      })();
    return this.opened;
  }

  /**
   * The ledger this reader reads: the setting (relative file paths are the program directory's), else
   * CONNECT_NUMBERS_LEDGER, else the per-user file if it exists: the ledger the provider of this machine writes when
   * nothing names one.
   */
  private ledgerLocation(): LedgerLocation {
    return chooseLedger(this.connection.ledger, { perUserFile: "if-it-exists", cwd: this.connection.ledgerCwd })
      .location;
  }

  /** The ledger read, as connect-numbers:ledger and --ledger take it; undefined when none is. */
  ledgerName(): string | undefined {
    const location = this.ledgerLocation();
    return location.kind === "off" ? undefined : describeLocation(location);
  }

  /**
   * The stack's numbers, each a set holds with its status (a FAILED claim fills no slot: the provider claims it
   * again, and every face counts that claim). The ledger's index records the claims AWS reported FAILED, so read
   * from it no number is described; read from the tags, which say no status, each set member is (one
   * DescribePhoneNumber each; one released since it was listed is left out). A single PhoneNumber keeps no failed
   * claim: none is described.
   */
  stackNumbers(stack: string): Promise<StackNumbersRead> {
    return this.once(`stack ${stack}`, "inventory", async () => {
      const read = await this.owned().ownedBy(stack);
      const members = read.statusesRead
        ? []
        : read.owned.filter((n) => ownedBySet(n.owner.urnTag)).map((n) => n.phoneNumberId);
      const statuses = members.length === 0 ? new Map<string, string>() : await statusesOf(this.aws().connect, members);
      return {
        numbers: read.owned
          .filter((n) => statuses.get(n.phoneNumberId) !== "RELEASED")
          .map((n) => ({
            ...n,
            ...(statuses.has(n.phoneNumberId) ? { status: statuses.get(n.phoneNumberId) } : {}),
            region: this.connection.region,
          })),
        description: read.description,
        now: this.aws().clock.now(),
      };
    });
  }

  /**
   * The kept-for marks of the region's numbers (core/connect/kept-for.ts), by phone number id: one GetResources by
   * the tag key (per 100 marked numbers), however many numbers the account holds.
   */
  keptForMarks(): Promise<Map<string, string>> {
    return this.once("kept-for", "inventory", async () => {
      const tagged = await numbersTagged(this.aws().tagging, { [KEPT_FOR_TAG]: undefined });
      return new Map(tagged.map((t) => [phoneNumberIdOf(t.arn), t.tags[KEPT_FOR_TAG]]));
    });
  }

  /**
   * Who holds each of these numbers (by id) for a connect-numbers stack: its ownership tags (one GetResources by the
   * tag key per 100 numbers that carry it), else the ledger's ownership index (one read per number the tags leave
   * out). A number neither names is missing from the map.
   */
  holdersOf(phoneNumberIds: readonly string[]): Promise<Map<string, TaggedOwnership>> {
    const ids = [...new Set(phoneNumberIds.map(phoneNumberIdOf))].sort();
    return this.once(`holders ${ids.join(" ")}`, "inventory", async () => {
      const holders = new Map<string, TaggedOwnership>();
      if (ids.length === 0) return holders;
      const wanted = new Set(ids);
      for (const t of await numbersTagged(this.aws().tagging, { [OWNER_STACK_TAG]: undefined })) {
        const id = phoneNumberIdOf(t.arn);
        const owner = ownershipFromTags(t.tags);
        if (wanted.has(id) && owner) holders.set(id, owner);
      }
      const h = await this.ledger();
      for (const id of ids) {
        if (!h || holders.has(id)) continue;
        const o = await h.ledger.ownershipOf(h.scope, id);
        if (o?.service === "connect")
          holders.set(id, {
            stack: o.stack,
            key: o.ownerKey,
            urnTag: o.ownerUrn || undefined,
            lease: o.lease || undefined,
            legacy: false,
          });
      }
      return holders;
    });
  }

  /**
   * The numbers held per target ARN: on these targets (one ListPhoneNumbersV2 per 1,000 on each), or on every target
   * of the account (one per 1,000 of its numbers; "" for a number on none).
   */
  heldOn(targets: readonly string[] | "every target", room?: RoomNeeds): Promise<Map<string, number>> {
    if (targets === "every target") {
      return this.once("held everywhere", "inventory", async () => {
        const counts = new Map<string, number>();
        for (const n of await listNumbers(this.aws().connect))
          counts.set(n.targetArn ?? "", (counts.get(n.targetArn ?? "") ?? 0) + 1);
        return counts;
      });
    }
    const sorted = [...new Set(targets)].sort();
    const needs = JSON.stringify(sorted.map((t) => room?.get(t) ?? null));
    return this.once(`held ${sorted.join(" ")} ${needs}`, "inventory", () => this.owned().activeOn(sorted, room));
  }

  /** L-8F812903, for an instance (Service Quotas ContextId = its ARN, a resource-level quota) or the account's default. */
  quota(instanceArn?: string): Promise<number> {
    return this.once(`quota ${instanceArn ?? ""}`, "quota", () => readPhoneNumberQuota(this.aws().quotas, instanceArn));
  }

  /**
   * The window's history, as account/ reads it for every gate (files, then the ledger with CloudTrail since its last
   * sync, else CloudTrail's span).
   */
  history(r: {
    files: readonly string[];
    cloudTrail: boolean;
    windowDays: number;
    now: number;
    wholeCloudTrail?: boolean;
  }): Promise<AccountHistory> {
    return this.once(
      `history ${JSON.stringify([r.files, r.cloudTrail, r.windowDays, r.now, r.wholeCloudTrail === true])}`,
      "history",
      async () => {
        const handle = await this.ledger();
        return readHistory({
          now: r.now,
          windowDays: r.windowDays,
          files: r.files,
          cloudTrail: r.cloudTrail ? this.aws().cloudTrail : undefined,
          ledger: handle,
          wholeCloudTrail: r.wholeCloudTrail,
        });
      },
    );
  }

  /** The account of this reader's credentials (STS, asked once by the session). */
  accountId(): Promise<string> {
    return this.aws().accountId();
  }

  get region(): string {
    return this.connection.region;
  }

  /** The service's clock (this machine's when there is no session to ask). */
  now(): number {
    return this.aws().clock.now();
  }

  /** Ends the session (a face that lends its own session never calls this); the ledger is its opener's to close. */
  close(): void {
    this.session?.destroy();
  }
}

const readers = new Map<string, RegionReader>();

export function regionReader(connection: Connection): RegionReader {
  const key = JSON.stringify([
    connection.region,
    connection.endpoint ?? "",
    connection.ledger ?? null,
    connection.ledgerCwd ?? "",
  ]);
  let reader = readers.get(key);
  if (!reader) {
    reader = new RegionReader(connection);
    readers.set(key, reader);
  }
  return reader;
}

import { createHash } from "node:crypto";
import { CallContext, EmulatorStore } from "../state/store";
import { conflict, notFound } from "./errors";
import { SmsNumber, SmsPartition, SmsPool, SmsSettings, emptySmsPartition, smsSettingsOf } from "./model";

/** The SMS side of one account and region: lookups, the clock's status changes, idempotency and number allocation. */
export class SmsAccount {
  readonly settings: SmsSettings;

  constructor(
    readonly store: EmulatorStore,
    readonly ctx: CallContext,
    readonly data: SmsPartition,
  ) {
    this.settings = smsSettingsOf(store.settings.sms);
  }

  static of(store: EmulatorStore, ctx: CallContext): SmsAccount {
    const p = store.partition(ctx);
    p.sms ??= emptySmsPartition();
    return new SmsAccount(store, { accountId: p.accountId, region: p.region }, p.sms);
  }

  now(): number {
    return this.store.now();
  }

  arn(kind: "phone-number" | "pool", id: string): string {
    return `arn:aws:sms-voice:${this.ctx.region}:${this.ctx.accountId}:${kind}/${id}`;
  }

  /** `phone-` or `pool-` and 32 hex digits, the same for the same seed, account, region and count. */
  nextId(kind: "phone" | "pool"): string {
    this.data.counter++;
    const hex = createHash("sha256")
      .update([this.store.settings.seed, this.ctx.accountId, this.ctx.region, kind, this.data.counter].join("\u0000"))
      .digest("hex");
    return `${kind}-${hex.slice(0, 32)}`;
  }

  /** Applies the clock: PENDING → ACTIVE, DISASSOCIATING → DELETED, and DELETED numbers past their visibility vanish. */
  settle(): void {
    const now = this.now();
    for (const n of this.data.numbers) {
      if (n.status === "PENDING" && n.activatesAt !== undefined && now >= n.activatesAt) {
        n.status = "ACTIVE";
        n.activatesAt = undefined;
      }
      if (n.status === "DISASSOCIATING" && n.deletedAt !== undefined && now >= n.deletedAt) n.status = "DELETED";
    }
    this.data.numbers = this.data.numbers.filter(
      (n) =>
        !(n.status === "DELETED" && n.deletedAt !== undefined && now >= n.deletedAt + this.settings.deletedVisibleMs),
    );
  }

  /** A number by id or ARN; ResourceNotFound when it is not (or no longer) in this account and region. */
  number(idOrArn: string): SmsNumber {
    this.settle();
    const id = this.idOf(idOrArn, "phone-number");
    const n = id === undefined ? undefined : this.data.numbers.find((x) => x.id === id);
    if (!n) throw notFound("phone-number", idOrArn);
    return n;
  }

  pool(idOrArn: string): SmsPool {
    const id = this.idOf(idOrArn, "pool");
    const pool = id === undefined ? undefined : this.data.pools.find((x) => x.id === id);
    if (!pool) throw notFound("pool", idOrArn);
    return pool;
  }

  /** The id an id or ARN names here; undefined for an ARN of another account, region or resource type. */
  private idOf(idOrArn: string, kind: string): string | undefined {
    if (!idOrArn.startsWith("arn:")) return idOrArn;
    const prefix = `${this.arn(kind as "pool", "")}`;
    return idOrArn.startsWith(prefix) ? idOrArn.slice(prefix.length) : undefined;
  }

  /** Numbers that still count as held: everything not DELETED. */
  heldNumbers(): SmsNumber[] {
    this.settle();
    return this.data.numbers.filter((n) => n.status !== "DELETED");
  }

  /** Whether the Connect number this one was imported as still exists (a Connect release frees it). */
  importedInto(n: SmsNumber): string | undefined {
    if (!n.importedAs) return undefined;
    const live = this.store.partition(this.ctx).numbers.some((c) => c.arn === n.importedAs);
    if (!live) n.importedAs = undefined;
    return n.importedAs;
  }

  /**
   * Same token and same parameters → the first answer; same token and other parameters → ConflictException.
   * [U] AWS documents neither the window nor the mismatch behaviour of SMS and voice v2 tokens; this follows AWS's
   * general idempotency guidance, with no Reason since none of ConflictExceptionReason fits.
   */
  replay(operation: string, token: string | undefined, fingerprint: string): unknown {
    if (token === undefined) return undefined;
    const now = this.now();
    this.data.idempotency = this.data.idempotency.filter((r) => now - r.at < this.settings.idempotencyTtlMs);
    const record = this.data.idempotency.find((r) => r.operation === operation && r.token === token);
    if (!record) return undefined;
    if (record.fingerprint !== fingerprint) {
      throw conflict(
        undefined,
        `ClientToken ${token} was already used for a ${operation} with different parameters.`,
        "account",
        this.ctx.accountId,
      );
    }
    return record.response;
  }

  remember(operation: string, token: string | undefined, fingerprint: string, response: unknown): void {
    if (token !== undefined) this.data.idempotency.push({ operation, token, fingerprint, response, at: this.now() });
  }

  /** A number no one holds (SMS-held and Connect-held alike), from the emulator's deterministic pool; never one released before. */
  allocate(isoCountryCode: string, numberType: string): string | undefined {
    const poolType = numberType === "TOLL_FREE" ? "TOLL_FREE" : "DID";
    const unavailable = this.store.unavailableNumbers();
    for (let from: number | undefined = 0; from !== undefined;) {
      const page = this.store.pool.search(isoCountryCode, poolType, undefined, from, 1, unavailable);
      if (page.numbers.length > 0) return page.numbers[0];
      from = page.next;
    }
    return undefined;
  }
}

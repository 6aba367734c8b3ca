import { createHash } from "node:crypto";
import { Clock } from "./clock";
import { notFound } from "./errors";
import {
  ClaimedNumber,
  DEFAULT_SETTINGS,
  EmulatorSettings,
  Partition,
  StateDocument,
  Target,
  isFailedClaim,
} from "./model";
import { NumberPool } from "./pool";

export const DAY_MS = 86_400_000;

export interface CallContext {
  accountId: string;
  region: string;
}

/** The instance id of an instance ARN; undefined for a traffic distribution group. */
export function instanceIdOf(targetArn: string): string | undefined {
  return targetArn.includes(":instance/") ? targetArn.slice(targetArn.lastIndexOf("/") + 1) : undefined;
}

/** A stable UUID-shaped id from parts, so a seeded emulator hands out the same ids every run. */
export function deterministicId(...parts: Array<string | number>): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Accounts, regions, numbers, history and settings; transport-free. */
export class EmulatorStore {
  settings: EmulatorSettings;
  /** What the emulator was started with: `reset` returns here, not to DEFAULT_SETTINGS. */
  private startup: EmulatorSettings;
  readonly clock: Clock;
  private partitions = new Map<string, Partition>();
  pool: NumberPool;

  constructor(settings: Partial<EmulatorSettings> = {}, clock = new Clock()) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.startup = this.settings;
    this.clock = clock;
    this.pool = new NumberPool(this.settings.seed);
  }

  /** Takes the current settings as the start-up ones (after a state file was read and options applied over it). */
  keepAsStartup(): void {
    this.startup = this.settings;
  }

  get startupSettings(): EmulatorSettings {
    return this.startup;
  }

  now(): number {
    return this.clock.now();
  }

  updateSettings(patch: Partial<EmulatorSettings>): void {
    this.settings = { ...this.settings, ...patch };
    // The pool caches what it has worked out; keep it unless the seed changes what it offers.
    if (this.pool.seed !== this.settings.seed) this.pool = new NumberPool(this.settings.seed);
  }

  partition(ctx: CallContext): Partition {
    const key = `${ctx.accountId}/${ctx.region}`;
    let p = this.partitions.get(key);
    if (!p) {
      p = {
        accountId: ctx.accountId,
        region: ctx.region,
        targets: [],
        numbers: [],
        events: [],
        cooldown: [],
        idempotency: [],
        takenElsewhere: [],
        counter: 0,
      };
      this.addTarget(p, "instance", "connect-numbers-emulator");
      this.addTarget(p, "traffic-distribution-group", "connect-numbers-emulator-tdg");
      this.partitions.set(key, p);
    }
    this.lapseFailedClaims(p);
    return p;
  }

  /**
   * AWS: "you have one day to retry claiming the phone number before the number is released back to the inventory"
   * (FAILED). A claim FAILED a day ago leaves the account: no event (assumed: AWS does not count its own return to
   * the inventory as churn; it is silent), and no cooldown. Imports are left alone: AWS says nothing of theirs.
   */
  private lapseFailedClaims(p: Partition): void {
    const now = this.now();
    const lapsed = (n: ClaimedNumber) =>
      (this.settle(n), isFailedClaim(n)) && n.sourcePhoneNumberArn === undefined && now - n.claimedAt >= DAY_MS;
    if (p.numbers.some(lapsed)) p.numbers = p.numbers.filter((n) => !lapsed(n));
  }

  allPartitions(): Partition[] {
    return [...this.partitions.values()];
  }

  addTarget(p: Partition, kind: Target["kind"], name: string): Target {
    const id = deterministicId(this.settings.seed, p.accountId, p.region, kind, name);
    const arn = `arn:aws:connect:${p.region}:${p.accountId}:${kind}/${id}`;
    const existing = p.targets.find((t) => t.arn === arn);
    if (existing) return existing;
    const target: Target = { arn, id, kind, name };
    p.targets.push(target);
    return target;
  }

  nextNumberId(p: Partition): string {
    p.counter++;
    return deterministicId(this.settings.seed, p.accountId, p.region, "phone-number", p.counter);
  }

  /** Finds a number by id or ARN (v2 form, or the v1 instance/…/phone-number/ID form). */
  findNumber(p: Partition, idOrArn: string): ClaimedNumber {
    const id = idOrArn.startsWith("arn:") ? idOrArn.slice(idOrArn.lastIndexOf("/") + 1) : idOrArn;
    const found = p.numbers.find((n) => n.id === id);
    if (!found) throw notFound(`Phone number ${idOrArn} not found.`);
    this.settle(found);
    return found;
  }

  /** IN_PROGRESS ends when the clock passes settlesAt: evaluated lazily, so a moved clock finishes claims at once. */
  settle(n: ClaimedNumber): void {
    if (n.status === "IN_PROGRESS" && n.settlesAt !== undefined && this.now() >= n.settlesAt && n.pendingOutcome) {
      n.status = n.pendingOutcome.status;
      n.statusMessage = n.pendingOutcome.message;
      if (n.pendingOutcome.targetArn) n.targetArn = n.pendingOutcome.targetArn;
      n.settlesAt = undefined;
      n.pendingOutcome = undefined;
    }
  }

  /** Numbers claimed anywhere in the emulator, held by someone else, or cooling down. */
  unavailableNumbers(): Set<string> {
    const now = this.now();
    const out = new Set<string>();
    for (const p of this.partitions.values()) {
      for (const n of p.numbers) out.add(n.phoneNumber);
      for (const n of p.takenElsewhere) out.add(n);
      for (const c of p.cooldown) if (c.until > now) out.add(c.phoneNumber);
      // Held by (or once released from) SMS and voice v2 in this emulator: never offered to a Connect claim.
      for (const n of [...(p.sms?.numbers.map((x) => x.phoneNumber) ?? []), ...(p.sms?.released ?? [])]) out.add(n);
    }
    return out;
  }

  findTarget(p: Partition, arnOrId: string): Target | undefined {
    return p.targets.find((t) => t.arn === arnOrId || t.id === arnOrId);
  }

  snapshot(): StateDocument {
    return {
      version: 1,
      settings: this.settings,
      clock: this.clock.snapshot(),
      partitions: structuredClone(this.allPartitions()),
    };
  }

  restore(doc: StateDocument): void {
    if (doc.version !== 1) throw new Error(`unsupported emulator state version ${String(doc.version)}`);
    this.updateSettings({ ...DEFAULT_SETTINGS, ...doc.settings });
    this.clock.restore(doc.clock);
    this.partitions = new Map(doc.partitions.map((p) => [`${p.accountId}/${p.region}`, structuredClone(p)]));
  }

  /** Forgets every account and region, and returns to the start-up settings with `patch` over them. */
  reset(patch: Partial<EmulatorSettings> = {}): void {
    this.partitions.clear();
    this.settings = { ...this.startup };
    this.updateSettings(patch);
  }
}

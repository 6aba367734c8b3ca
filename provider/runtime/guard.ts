import { createHash } from "node:crypto";
import { callRecordOf, outcomeOfFailure } from "../../aws/attempts";
import {
  AccountReadError,
  HistorySourceError,
  RegionReader,
  WindowSettings,
  readWindow,
  windowRule,
} from "../../account";
import { AwsSession } from "../../aws/session";
import {
  ChurnEvent,
  ChurnHistory,
  ChurnRule,
  DEFAULT_PHONE_NUMBER_QUOTA,
  DEFAULT_WINDOW_DAYS,
  HistoryCoverage,
  claimOf,
  describeCoverage,
  GrowthFit,
  evaluate,
  explainVerdict,
  futureAsNow,
  growthFitIn,
  quotaAboveAccountSentence,
  releaseOf,
  unseenMs,
} from "../../core";
import { readPhoneNumberQuota } from "../../aws/quota";
import { LedgerUnusableError, LedgerWriteError } from "../../ledger/kv";
import { describeLocation } from "../../ledger/settings";
import { ImportedEvent, LedgerAdmin, LedgerScope, ReserveOutcome, SlotIdentity } from "../../ledger/types";
import { describeAttempts } from "../../core/attempts";
import { ProviderConfig } from "./config";
import { HeldSlots } from "./held-slots";

/** One claim or release the guard is asked to let through. */
export interface GuardedOperation {
  action: "claim" | "release";
  /** For messages: `PhoneNumber "support"`. */
  resource: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  ownerUrn?: string;
  clientToken?: string;
}

/**
 * What AWS did: a new claim or release of this number, nothing new (a replay, a refusal, a number already gone),
 * or unknown (an answer that every attempt of the call does not prove to be a refusal).
 */
export type GuardedEffect = { phoneNumberId: string; phoneNumber?: string } | "nothing" | "uncertain";

/** What to do when the ledger's store failed a write: it is passing trouble, or the table's capacity. */
const LEDGER_WRITE_FIX =
  "Run `pulumi up` again; if it fails the same way, check the ledger table's capacity and throttling (its write capacity, DynamoDB's ThrottledRequests metric).";

/** AWS's refusals of a claim that may mean the account's quota (or the churn budget counted from it) is reached. */
const QUOTA_REFUSALS = new Set([
  "InvalidParameterException",
  "ServiceQuotaExceededException",
  "LimitExceededException",
]);

/** The AWS operation that acts for each guarded action: only its attempts can prove that nothing happened. */
export const ACTING_OPERATION = { claim: "ClaimPhoneNumber", release: "ReleasePhoneNumber" } as const;

/** The churn budget has no room for this operation now: `freesAt` says when a slot frees (null: never at this rule). */
export class BudgetRefusedError extends Error {
  constructor(
    message: string,
    readonly freesAt: number | null,
  ) {
    super(message);
  }
}

/** A claim or release that may have happened: its slot stays counted until a sync or a describe proves what did. */
export class UncertainOutcomeError extends Error {}

interface Prepared {
  rule: ChurnRule;
  coverage: HistoryCoverage;
  /** Set when history or quota could not be read and allowQuotaOverrun lets operations through anyway. */
  unchecked?: string;
}

/**
 * The apply-time check before each claim and release of one account in one region (`pulumi destroy`,
 * `up --skip-preview` and the Automation API never pass through CrossGuard). One guard per account and region
 * per deployment, shared by every provider string (deployment.ts). Each operation takes a slot of the churn
 * ledger first (reserve), then AWS acts, then the slot becomes the event (commit) or, when every attempt of the
 * call is known to have acted on nothing, is given back (free); otherwise it stays reserved, counted, until
 * `ledger sync` proves what happened (the next create finds a claim made meanwhile by its tags or token).
 * Counting is the ledger's: every entry after now − W, this deployment's own and future-stamped ones included, so
 * no clock reading can make the guard skip what it just did.
 */
export class ScopeGuard {
  private prepared: Promise<Prepared> | undefined;
  private warned = false;
  private aboveAccount: Promise<string | undefined> | undefined;
  /** Slots reserved and not yet committed or freed, renewed while held (held-slots.ts says why). */
  private readonly held: HeldSlots;

  constructor(
    readonly scope: LedgerScope,
    private readonly config: ProviderConfig,
    private readonly session: AwsSession,
    private readonly ledgerOf: () => Promise<LedgerAdmin>,
    private readonly warn: (message: string) => void,
  ) {
    this.held = new HeldSlots(scope, ledgerOf, () => session.clock.now(), warn);
  }

  /**
   * `reserved`: a slot reserveMany() took for this operation already (a PhoneNumberSet's growth, reserved in one
   * write); it is committed or freed here like one of run()'s own.
   */
  async run<T>(
    op: GuardedOperation,
    operate: () => Promise<{ result: T; effect: GuardedEffect }>,
    reserved?: string,
  ): Promise<T> {
    const ledger = await this.ledgerOf();
    let reservationId: string;
    try {
      reservationId = await this.slotFor(op, ledger, reserved);
    } catch (err) {
      // Nothing was sent: a slot reserved ahead for this operation is given back, not left counted until a sync.
      if (reserved !== undefined) await this.free([reserved]).catch(() => undefined);
      throw err;
    }
    // The call's time: the event is counted from it, as AWS counts it (a slot reserved ahead may be older).
    const at = this.session.clock.now();
    let done: { result: T; effect: GuardedEffect };
    try {
      done = await operate();
    } catch (err) {
      if (outcomeOfFailure(err, ACTING_OPERATION[op.action]) === "nothing") {
        await this.free([reservationId]);
        throw err;
      }
      // Counted until a sync proves what happened: no longer renewed, so the sync's grace judges it.
      this.held.letGo(reservationId);
      throw this.uncertain(op, err);
    }
    if (done.effect === "nothing") await this.free([reservationId]);
    else {
      this.held.letGo(reservationId);
      if (done.effect !== "uncertain") {
        const effect = done.effect;
        await ledger.commit(this.scope, reservationId, { ...effect, at }).catch((err: unknown) => {
          throw this.unrecorded(op, effect.phoneNumberId, err);
        });
      }
    }
    return done.result;
  }

  /**
   * AWS refused a claim the guard let through, with connect-numbers:quota set: a setting above the account's quota
   * makes the guard count a budget and room AWS does not have, and AWS's own message names neither the resource nor
   * the setting. Said with both (quotaAboveAccount); any other error is returned as it is.
   */
  async explainClaimRefusal(err: unknown, resource: string, phoneNumber: string): Promise<unknown> {
    const code = (err as { name?: unknown } | undefined)?.name;
    if (this.config.quota === undefined || typeof code !== "string" || !QUOTA_REFUSALS.has(code)) return err;
    const sentence = await this.quotaAboveAccount();
    if (sentence === undefined) return err;
    return new Error(
      `${resource}: AWS refused to claim ${phoneNumber} in account ${this.scope.accountId} ${this.scope.region} (${code}: ${(err as Error).message}). ${sentence}`,
      { cause: err },
    );
  }

  /**
   * connect-numbers:quota against the account's quota AWS enforces (core's quotaAboveAccountSentence, with the
   * provider's fix): said where AWS refused or failed a claim for a limit; undefined when no setting is above it.
   */
  quotaAboveAccount(): Promise<string | undefined> {
    // Read once per deployment: claims failed in parallel into a full instance each ask.
    this.aboveAccount ??= this.readQuotaAboveAccount();
    return this.aboveAccount;
  }

  private async readQuotaAboveAccount(): Promise<string | undefined> {
    const configured = this.config.quota;
    if (configured === undefined) return undefined;
    const enforced = await readPhoneNumberQuota(this.session.quotas).catch((e: unknown) => ({
      unread: (e as Error).message,
    }));
    return quotaAboveAccountSentence({
      setting: "connect-numbers:quota",
      configured,
      enforced,
      lower:
        "Lower connect-numbers:quota to the account's quota, or remove it (`pulumi config rm connect-numbers:quota`: Service Quotas is then read)",
    });
  }

  /** The slot this operation takes: one reserved ahead (renewed first if due), or one reserved now. */
  private async slotFor(op: GuardedOperation, ledger: LedgerAdmin, reserved: string | undefined): Promise<string> {
    const prepared = await this.prepare(op, ledger);
    const now = this.session.clock.now();
    this.checkCoverage(op, prepared, now);
    if (reserved !== undefined) {
      await this.held.renewDue();
      return reserved;
    }
    const outcome = await ledger.reserve({
      scope: this.scope,
      action: op.action,
      rule: prepared.rule,
      now,
      ownerUrn: op.ownerUrn,
      phoneNumber: op.phoneNumber,
      phoneNumberId: op.phoneNumberId,
      clientToken: op.clientToken,
      force: this.config.allowQuotaOverrun,
    });
    if (!outcome.ok)
      throw new BudgetRefusedError(await this.refusal(op, prepared, now, outcome, ledger), outcome.freesAt);
    this.held.hold([outcome.reservationId], now);
    return outcome.reservationId;
  }

  /**
   * Takes `count` slots for claims of one owner in one conditional write of the ledger's window: all or none, or
   * with `partial` as many as fit. What does not fit comes back as the refusal run() would have thrown.
   */
  async reserveMany(
    op: GuardedOperation,
    count: number,
    partial: boolean,
    identities?: readonly SlotIdentity[],
  ): Promise<{
    reservationIds: string[];
    refusal?: BudgetRefusedError;
    byWhatFits?: { fit: number; freesAt: number | null };
  }> {
    const ledger = await this.ledgerOf();
    const prepared = await this.prepare(op, ledger);
    const now = this.session.clock.now();
    this.checkCoverage(op, prepared, now);
    const many = await ledger.reserveMany(
      {
        scope: this.scope,
        action: op.action,
        rule: prepared.rule,
        now,
        ownerUrn: op.ownerUrn,
        force: this.config.allowQuotaOverrun,
      },
      count,
      partial,
      identities,
    );
    this.held.hold(many.reservationIds, now);
    if (many.reservationIds.length === count) return { reservationIds: many.reservationIds };
    const refused = {
      ok: false as const,
      used: many.used + many.reservationIds.length,
      limit: many.limit,
      freesAt: many.freesAt,
    };
    return {
      reservationIds: many.reservationIds,
      refusal: new BudgetRefusedError(await this.refusal(op, prepared, now, refused, ledger, count), many.freesAt),
      byWhatFits: many.byWhatFits,
    };
  }

  /**
   * What of `count` claims of a growth by what fits the window has room for now, by core's rule (growthFitIn), over
   * the window as every gate reads it; nothing is reserved or written. A preview asks it: a growth that waited shows
   * again as soon as the window has room, not at a stored date.
   */
  async growthFitNow(count: number): Promise<GrowthFit> {
    const ledger = await this.ledgerOf();
    const reader = new RegionReader(
      { region: this.scope.region },
      { session: () => this.session, ledger: async () => ({ ledger, scope: this.scope }) },
    );
    const now = this.session.clock.now();
    const window = await readWindow(reader, this.settings(), now, { read: "none" });
    // Each claim once: the ledger holds this deployment's claims, and CloudTrail since the last sync shows them too.
    return growthFitIn({
      history: ChurnHistory.build(window.history.events),
      count,
      rule: window.rule,
      now,
      force: this.config.allowQuotaOverrun,
    });
  }

  /** Gives back slots reserveMany() took that no operation used. */
  async free(reservationIds: readonly string[]): Promise<void> {
    for (const id of reservationIds) this.held.letGo(id);
    const ledger = await this.ledgerOf();
    // Together, so the window's group commit frees them in one write, not one each.
    await Promise.all(reservationIds.map((id) => ledger.free(this.scope, id)));
  }

  /** A failure after which the claim or release may have happened: the reservation stays; say so, and what to do. */
  private uncertain(op: GuardedOperation, err: unknown): UncertainOutcomeError {
    const record = callRecordOf(err, ACTING_OPERATION[op.action]);
    const what = `${op.action === "claim" ? "claim of" : "release of"} ${op.phoneNumber ?? op.phoneNumberId ?? "a phone number"}`;
    const message = (err as Error).message;
    const why = record
      ? `${ACTING_OPERATION[op.action]}: ${describeAttempts(record.attempts)}; last: ${message}`
      : message;
    const next =
      op.action === "claim"
        ? "Run `pulumi up` again: it finds a number this claim took by its ownership tags or client token before it claims again."
        : "Run the delete again: it sees whether the number is gone before it releases.";
    return new UncertainOutcomeError(
      `${op.resource}: whether AWS made the ${what} is unknown (${why}): it stays counted in the churn ledger of ${this.where()} ` +
        `until \`connect-numbers ledger sync\` proves what happened. ${next}`,
      { cause: err },
    );
  }

  /**
   * The ledger failed to record a claim or release AWS made: its slot (reserved before the call) keeps it counted,
   * and the next deployment finds what it did, so the fix is to run again, and the ledger's store is what failed.
   */
  private unrecorded(op: GuardedOperation, phoneNumberId: string, err: unknown): Error {
    const what = `${op.action === "claim" ? "claim of" : "release of"} ${op.phoneNumber ?? phoneNumberId} (${phoneNumberId})`;
    const next =
      op.action === "claim"
        ? "The next `pulumi up` finds the number by its ownership tags and takes it over, with no second claim."
        : "The next run sees the number is gone and releases nothing again.";
    return new Error(
      `${op.resource}: AWS made the ${what}, and it is counted in the churn ledger of ${this.where()}, but the ledger could not record it ` +
        `(${(err as Error).message}). ${next} ${LEDGER_WRITE_FIX}`,
      { cause: err },
    );
  }

  /** Quota and history, read once per deployment; history goes into the ledger, which dedupes by event id. */
  private prepare(op: GuardedOperation, ledger: LedgerAdmin): Promise<Prepared> {
    this.prepared ??= this.readAccount(ledger).catch((thrown: unknown) => {
      this.prepared = undefined;
      const err = rootCause(thrown);
      // The ledger itself unusable (a table that does not exist, an item edited by hand): its own message says how to fix it.
      if (err instanceof LedgerUnusableError)
        throw new Error(`${op.resource}: the churn ledger cannot be used: ${err.message}.`);
      if (err instanceof LedgerWriteError)
        throw new Error(
          `${op.resource}: the churn ledger of ${this.where()} could not record what this deployment read of its history (${err.message}); ` +
            `nothing was ${op.action === "claim" ? "claimed" : "released"}. ${LEDGER_WRITE_FIX}`,
          { cause: err },
        );
      if (this.config.allowQuotaOverrun) {
        return {
          rule: windowRule(this.settings(), this.config.quota ?? DEFAULT_PHONE_NUMBER_QUOTA),
          coverage: { completeSince: null, sources: [] },
          unchecked: String(err),
        };
      }
      throw new Error(
        `${op.resource}: the churn budget of account ${this.scope.accountId} in ${this.scope.region} could not be checked before this ${op.action} (${(err as Error).message}). ` +
          "Grant cloudtrail:LookupEvents and servicequotas:GetServiceQuota, or set connect-numbers:quota and connect-numbers:historyFiles " +
          "(with connect-numbers:cloudTrail false); to go ahead unchecked, `pulumi config set connect-numbers:allowQuotaOverrun true`.",
      );
    });
    return this.prepared;
  }

  /**
   * The window as every gate reads it (account/: the quota, the ledger with CloudTrail since its last complete
   * instant, the history files), so the guard's coverage is theirs, said in the same words; CloudTrail's whole span
   * read once (account/history.ts). What the files and CloudTrail showed beyond the ledger goes into it (each event
   * once, by id) over the span those reads vouch for: the ledger counts it from now on, and a deployment extends its
   * coverage as a sync would.
   */
  private async readAccount(ledger: LedgerAdmin): Promise<Prepared> {
    const reader = new RegionReader(
      { region: this.scope.region },
      { session: () => this.session, ledger: async () => ({ ledger, scope: this.scope }) },
    );
    const window = await readWindow(reader, this.settings(), this.session.clock.now(), { read: "none" });
    const beyond = window.history.beyondLedger;
    if (beyond)
      await ledger.importEvents(
        this.scope,
        importedEvents(ChurnHistory.build(beyond.events).events),
        beyond.from,
        beyond.until,
      );
    return { rule: window.rule, coverage: window.coverage };
  }

  private settings(): WindowSettings {
    const c = this.config;
    return {
      windowDays: c.windowDays ?? DEFAULT_WINDOW_DAYS,
      ratioPercent: c.ratioPercent,
      reservePercent: c.reservePercent,
      quota: c.quota,
      quotaOrigin: "connect-numbers:quota",
      historyFiles: c.historyFiles,
      cloudTrail: c.cloudTrail,
      wholeCloudTrail: true,
    };
  }

  /** Days of the window no source saw hold churn nobody counted: refuse (the default) or warn, as configured. */
  private checkCoverage(op: GuardedOperation, prepared: Prepared, now: number): void {
    if (prepared.unchecked !== undefined) {
      this.warnOnce(
        `connect-numbers: ${this.where()}: churn budget not checked (${prepared.unchecked}); allowQuotaOverrun is set.`,
      );
      return;
    }
    if (unseenMs(prepared.coverage, now, prepared.rule.windowDays) === 0) return;
    const seen = describeCoverage(prepared.coverage, now, prepared.rule.windowDays);
    if (this.config.unseenHistory === "refuse" && !this.config.allowQuotaOverrun) {
      throw new Error(
        `${op.resource}: refusing to ${op.action} ${op.phoneNumber ?? "a phone number"} in ${this.where()}: ${seen}. ` +
          "Add a history file that covers the rest of the window (`pulumi config set --path 'connect-numbers:historyFiles[0]' churn-history.jsonl`); " +
          "for an account that had no churn before some instant, record it once in the ledger (`connect-numbers ledger init --history-complete-since <RFC 3339>`), " +
          "and keep it covering the window with a daily `connect-numbers ledger sync`; " +
          "or, if you know the account had no other churn then, `pulumi config set connect-numbers:unseenHistory warn`.",
      );
    }
    this.warnOnce(
      `connect-numbers: ${this.where()}: ${seen}; going ahead because connect-numbers:unseenHistory is warn.`,
    );
  }

  /**
   * Why the ledger refused, in the words the pack and the CLI use: the verdict over the ledger's window, of the
   * `count` operations asked for at once (a set's growth or releases, as the gates count them). The decision is the
   * ledger's; should the two ever disagree, its count is said.
   */
  private async refusal(
    op: GuardedOperation,
    prepared: Prepared,
    now: number,
    outcome: Extract<ReserveOutcome, { ok: false }>,
    ledger: LedgerAdmin,
    count = 1,
  ): Promise<string> {
    const { rule } = prepared;
    // The ledger counts a future-stamped entry; the verdict counts it at now, as every face does (core's futureAsNow).
    const { events } = futureAsNow(await ledger.windowEvents(this.scope, now, rule.windowDays), now);
    const planned = (op.action === "claim" ? claimOf : releaseOf)(
      op.resource,
      op.action === "claim" ? "create" : "delete",
      { phoneNumber: op.phoneNumber },
    );
    const operations = Array.from({ length: count }, () => planned);
    const verdict = evaluate({ history: ChurnHistory.build(events), plan: { operations }, rule, now });
    const why = verdict.ok
      ? `the rolling ${rule.windowDays}-day window already holds ${outcome.used} of ${outcome.limit}, this deployment's own operations included.`
      : explainVerdict(verdict, { ledger: describeLocation(this.config.ledger), region: this.scope.region });
    const what = op.phoneNumber ?? (count === 1 ? "a phone number" : `${count} phone numbers`);
    return (
      `${op.resource}: refusing to ${op.action} ${what}: ${why} ` +
      `(${this.where()}; ${describeCoverage(prepared.coverage, now, rule.windowDays)}.) ` +
      "To override (and risk the lock-out), `pulumi config set connect-numbers:allowQuotaOverrun true`."
    );
  }

  private where(): string {
    return `account ${this.scope.accountId} in ${this.scope.region}`;
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(message);
  }
}

/**
 * History events carry their source's id when it has one; otherwise one derived from what they record, stable
 * across runs. Records alike in every field (two anonymous releases a file lists at one second) are told apart by
 * their order: a re-import finds the same ids, and two events never collapse into one.
 */
/** The error a read met, out of the account reader's wrappers: its own message names what to fix. */
function rootCause(err: unknown): unknown {
  if (err instanceof AccountReadError) return rootCause(err.cause);
  return err instanceof HistorySourceError ? err.cause : err;
}

function importedEvents(events: readonly ChurnEvent[]): ImportedEvent[] {
  const occurrences = new Map<string, number>();
  return events.map((e) => {
    let eventId = e.eventId;
    if (eventId === undefined) {
      const key = JSON.stringify([e.source ?? "", e.at, e.action, e.phoneNumberId ?? "", e.phoneNumber ?? ""]);
      const n = occurrences.get(key) ?? 0;
      occurrences.set(key, n + 1);
      eventId = `derived:${createHash("sha256")
        .update(n === 0 ? key : `${key}#${n}`)
        .digest("hex")
        .slice(0, 32)}`;
    }
    return { eventId, at: e.at, action: e.action, phoneNumber: e.phoneNumber, phoneNumberId: e.phoneNumberId };
  });
}

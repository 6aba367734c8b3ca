import { randomBytes } from "node:crypto";
import {
  CLOUDTRAIL_DAYS,
  ChurnEvent,
  DAY_MS,
  DEFAULT_WINDOW_DAYS,
  HistoryCoverage,
  budgetOf,
  growthThatFits,
  ownerKey,
} from "../core";
import {
  Assertion,
  CoverageState,
  EMPTY_COVERAGE,
  latestSpan,
  recordAssertion,
  recordEvidence,
  recordSync,
  retractAssertion,
} from "./coverage-state";
import { BatchWrites } from "./batch-writes";
import { ClaimCounter } from "./claim-counter";
import { KnownItem } from "./known-item";
import { KvStore } from "./kv";
import { keys, scopeId } from "./keys";
import { OwnershipIndex } from "./ownership-index";
import { StackMarks } from "./stack-marks";
import {
  CommitResult,
  ImportResult,
  ImportedEvent,
  IndexReconciliation,
  LedgerAdmin,
  LedgerSyncRecord,
  LedgerScope,
  LedgerStatus,
  Ownership,
  ReserveManyOutcome,
  ReserveOutcome,
  ReserveRequest,
  SlotIdentity,
  StackIndex,
} from "./types";
import {
  MAX_WINDOW_BYTES,
  WindowEntry,
  countedEntries,
  countedTimes,
  encodedSize,
  entry,
  freesAt,
  prune,
  pruneCutoff,
} from "./window";
import { WindowWriter } from "./window-writer";

/** A CloudTrail event and a reservation of the same number and action this close in time are one event. */
const MATCH_TOLERANCE_MS = DAY_MS;

/**
 * A slot is reserved before its call is made, both stamped by the service's clock, which a process reads from
 * responses' Date headers (whole seconds): an event this much earlier than a slot may still be its call's.
 */
const SERVICE_CLOCK_ERROR_MS = 60_000;

/**
 * The churn ledger over any KvStore: written once, for DynamoDB, a file and memory alike.
 *
 * Reservation: one window item per account and region holds every counted entry; reserve reads it, counts the
 * window, appends its entry and writes it back only if nobody wrote in between (version check), else reads again.
 * N processes racing for B free slots therefore get exactly B. A process's own changes go out together, in order
 * (group commit, window-writer.ts), so lost races happen only between processes.
 */
export class KvLedger implements LedgerAdmin {
  readonly description: string;
  private readonly ownership: OwnershipIndex;
  private readonly writers = new Map<string, WindowWriter>();
  /**
   * Every slot this process reserved, with the owner of a claim (undefined: a release, or a claim of no owner), so
   * commit reads no window to learn whether there is an owner's counter to bump: a release's commit never does.
   */
  private readonly mine = new Map<string, string | undefined>();
  /** Each owner's claim counter, by its item: one group-committed writer per item, as for the window. */
  private readonly counters = new Map<string, ClaimCounter>();
  private readonly writes: BatchWrites;

  constructor(
    readonly store: KvStore,
    private readonly options: { ownerKeyOf?: (urn: string) => string; clock?: () => number } = {},
  ) {
    this.description = store.description;
    const marks = new StackMarks(
      store,
      () => this.now(),
      async (scope) => (await this.readCoverage(scope)).state.reconciled,
    );
    this.writes = new BatchWrites(store);
    this.ownership = new OwnershipIndex(store, marks, this.writes);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private get source(): string {
    return `ledger ${this.description}`;
  }

  private window(scope: LedgerScope): WindowWriter {
    const key = scopeId(scope);
    let writer = this.writers.get(key);
    if (!writer) {
      writer = new WindowWriter(this.store, scope, this.description);
      this.writers.set(key, writer);
    }
    return writer;
  }

  private async readCoverage(scope: LedgerScope): Promise<{ version: number; state: CoverageState }> {
    const k = keys.meta(scope);
    const item = await this.store.get(k.pk, k.sk);
    return item
      ? { version: item.version, state: { ...EMPTY_COVERAGE, ...(item.data as Partial<CoverageState>) } }
      : { version: 0, state: EMPTY_COVERAGE };
  }

  private changeCoverage(scope: LedgerScope, change: (s: CoverageState) => CoverageState): Promise<void> {
    return new KnownItem(this.store, keys.meta(scope)).change("coverage", (item) => ({
      data: change({ ...EMPTY_COVERAGE, ...(item?.data as Partial<CoverageState> | undefined) }) as unknown as Record<
        string,
        unknown
      >,
      value: undefined,
    }));
  }

  /** The audit log's entries for these window entries, in as few batch writes as they take. */
  private async log(scope: LedgerScope, entries: readonly WindowEntry[], source: string): Promise<void> {
    const recordedAt = this.now();
    await this.writes.put(
      entries.map((e) => ({
        ...keys.log(scope, e.at, e.eventId ?? e.id),
        version: 1,
        data: { ...e, source, recordedAt },
      })),
    );
  }

  /**
   * How long entries are kept: the longest window ever used, and never less than the default window (AWS's current
   * 180 days) or CloudTrail's 90 (so a re-import always finds the event it has). A ledger first used by a 30-day
   * rule still keeps what a 180-day rule will count.
   */
  private keepDaysFor(keepDays: number, windowDays: number): number {
    return Math.max(keepDays, windowDays, DEFAULT_WINDOW_DAYS, CLOUDTRAIL_DAYS + 1);
  }

  async init(): Promise<boolean> {
    return this.store.init();
  }

  async scopes(): Promise<LedgerScope[] | undefined> {
    if (!this.store.partitions) return undefined;
    const ids = (await this.store.partitions()).filter((pk) => /^\d{12}\/[^/#]+$/.test(pk));
    return ids.map((id) => ({ accountId: id.slice(0, 12), region: id.slice(13) }));
  }

  reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const { limit, windowMs } = budgetOf(request.rule);
    // Made outside the change: a change may run again after a lost race, and must give the same answer.
    const reservationId = randomBytes(8).toString("base64url");
    const owner =
      request.ownerUrn === undefined || request.action !== "claim"
        ? undefined
        : (this.options.ownerKeyOf ?? ownerKey)(request.ownerUrn);
    const reserved = entry({
      at: request.now,
      id: reservationId,
      action: request.action,
      state: "reserved",
      phoneNumberId: request.phoneNumberId,
      phoneNumber: request.phoneNumber,
      clientToken: request.clientToken,
      ownerKey: owner,
    });
    return this.window(request.scope)
      .change<ReserveOutcome>(`reserve a ${request.action}`, (w) => {
        const keepDays = this.keepDaysFor(w.keepDays, request.rule.windowDays);
        const entries = prune(w.entries, request.now, keepDays);
        const counted = countedTimes(entries, request.now, windowMs);
        const used = counted.length;
        // A release of a number another entry already counts the release of (a dead process's reservation) is
        // that event again, not one more (countedEntries): it takes no slot.
        const after = countedTimes([...entries, reserved], request.now, windowMs).length;
        if (after > used && after > limit && !request.force)
          return { result: { ok: false, used, limit, freesAt: freesAt(counted, limit, windowMs) } };
        return {
          state: { entries: [...entries, reserved], keepDays },
          result: { ok: true, reservationId, used: after, limit },
        };
      })
      .then((outcome) => {
        if (outcome.ok) this.mine.set(reservationId, owner);
        return outcome;
      });
  }

  reserveMany(
    request: ReserveRequest,
    count: number,
    partial: boolean,
    identities: readonly SlotIdentity[] = [],
  ): Promise<ReserveManyOutcome> {
    const { limit, windowMs } = budgetOf(request.rule);
    // Made outside the change, as in reserve(): a change run again after a lost race gives the same answer.
    const ids = Array.from({ length: count }, () => randomBytes(8).toString("base64url"));
    const owner =
      request.ownerUrn === undefined || request.action !== "claim"
        ? undefined
        : (this.options.ownerKeyOf ?? ownerKey)(request.ownerUrn);
    return this.window(request.scope)
      .change<ReserveManyOutcome>(`reserve ${count} ${request.action}s`, (w) => {
        const keepDays = this.keepDaysFor(w.keepDays, request.rule.windowDays);
        const entries = prune(w.entries, request.now, keepDays);
        const counted = countedTimes(entries, request.now, windowMs);
        const slots = ids.map((id, i) =>
          entry({ at: request.now, id, action: request.action, state: "reserved", ownerKey: owner, ...identities[i] }),
        );
        // Slots for releases another entry already counts (a dead run's reservation of the same number) are that
        // event again and take no room (countedEntries): only the rest grow the window.
        const grows = countedTimes([...entries, ...slots], request.now, windowMs).length - counted.length;
        // core's rule of a growth by what fits: the part that fits now, and when the rest does.
        const { fit, freesAt } = growthThatFits(counted, grows, limit, windowMs, request.now, {
          partial,
          force: request.force,
        });
        // All when every growing slot fits; else the first `fit`, which grow the window by no more than `fit`.
        const granted = fit === grows ? slots : slots.slice(0, fit);
        const byWhatFits = growthThatFits(counted, grows, limit, windowMs, request.now, { partial: true });
        const result = { reservationIds: granted.map((e) => e.id), used: counted.length, limit, freesAt, byWhatFits };
        if (granted.length === 0) return { result };
        return { state: { entries: [...entries, ...granted], keepDays }, result };
      })
      .then((outcome) => {
        for (const id of outcome.reservationIds) this.mine.set(id, owner);
        return outcome;
      });
  }

  async commit(scope: LedgerScope, reservationId: string, result: CommitResult): Promise<void> {
    // The owner's claim counter first: a crash between the two leaves the generation ahead, never behind (a
    // token is never reused), and the slot still counted.
    const owner = this.mine.has(reservationId)
      ? this.mine.get(reservationId)
      : (await this.window(scope).read()).entries.find((e) => e.id === reservationId)?.ownerKey;
    if (owner !== undefined) await this.countClaim(scope, owner, reservationId);
    const committed = await this.window(scope).change<WindowEntry | undefined>(`commit ${reservationId}`, (w) => {
      const found = w.entries.find((e) => e.id === reservationId);
      if (
        found &&
        found.state !== "reserved" &&
        found.ownerKey === undefined &&
        found.phoneNumberId === result.phoneNumberId
      )
        return { result: undefined };
      // Reserved without a number (a set's batch), a sync may have counted this event already: as another entry,
      // or on this slot under another of the batch's numbers. It is counted once, and that slot's event stays.
      const action = found?.action ?? result.action ?? "claim";
      const at = found
        ? found.state === "reserved"
          ? Math.max(found.at, result.at ?? found.at)
          : found.at
        : (result.at ?? this.now());
      const taken =
        found !== undefined &&
        found.state !== "reserved" &&
        found.eventId !== undefined &&
        found.phoneNumberId !== result.phoneNumberId;
      // A taken slot's second commit appends nothing more: its first one's entry counts it. A number is released
      // once: an entry that proves its release already is this event, whenever it was stamped.
      const counted =
        (found === undefined || taken || anonymous(found)
          ? sameEvent(w.entries, found, action, result.phoneNumberId, at, taken)
          : undefined) ?? (action === "release" ? provenRelease(w.entries, found, result.phoneNumberId) : undefined);
      // Other reservations of this release (a dead process's, its call maybe sent) are this event too: they go, so
      // a sync never matches CloudTrail's event to one of them and leaves this commit counted beside it.
      const stale = (e: WindowEntry) =>
        e !== found &&
        action === "release" &&
        e.state === "reserved" &&
        e.action === "release" &&
        e.phoneNumberId === result.phoneNumberId;
      if (counted) {
        if (found?.state !== "reserved" && !w.entries.some(stale)) return { result: undefined };
        const entries = w.entries.filter((e) => !(e === found && e.state === "reserved") && !stale(e));
        return { state: { entries, keepDays: w.keepDays }, result: undefined };
      }
      const base: WindowEntry =
        found && !taken
          ? found
          : { at, id: taken ? randomBytes(8).toString("base64url") : reservationId, action, state: "committed" };
      const done = entry({
        ...base,
        at: base.state === "reserved" ? at : base.at,
        state: base.state === "reserved" ? "committed" : base.state,
        phoneNumberId: result.phoneNumberId,
        phoneNumber: result.phoneNumber ?? base.phoneNumber,
        ownerKey: undefined,
        clientToken: undefined,
      });
      const kept = w.entries.filter((e) => !stale(e));
      const entries = found && !taken ? kept.map((e) => (e === found ? done : e)) : [...kept, done];
      return { state: { entries, keepDays: w.keepDays }, result: done };
    });
    this.mine.delete(reservationId);
    if (committed) await this.log(scope, [committed], "guard");
  }

  private countClaim(scope: LedgerScope, owner: string, reservationId: string): Promise<void> {
    return this.counter(scope, owner).count(reservationId);
  }

  private counter(scope: LedgerScope, owner: string): ClaimCounter {
    const k = keys.claims(scope, owner);
    const id = `${k.pk}\n${k.sk}`;
    let counter = this.counters.get(id);
    if (!counter) this.counters.set(id, (counter = new ClaimCounter(this.store, k, owner)));
    return counter;
  }

  async free(scope: LedgerScope, reservationId: string): Promise<void> {
    await this.window(scope).change(`free ${reservationId}`, (w) => {
      const entries = w.entries.filter((e) => !(e.id === reservationId && e.state === "reserved"));
      return entries.length === w.entries.length
        ? { result: undefined }
        : { state: { entries, keepDays: w.keepDays }, result: undefined };
    });
    this.mine.delete(reservationId);
  }

  renew(scope: LedgerScope, reservationIds: readonly string[], now: number): Promise<number> {
    const ids = new Set(reservationIds);
    return this.window(scope).change(`renew ${ids.size} slots`, (w) => {
      let renewed = 0;
      const entries = w.entries.map((e) => {
        if (!ids.has(e.id) || e.state !== "reserved" || e.at >= now) return e;
        renewed++;
        return entry({ ...e, at: now });
      });
      return renewed === 0 ? { result: 0 } : { state: { entries, keepDays: w.keepDays }, result: renewed };
    });
  }

  async windowEvents(scope: LedgerScope, now: number, windowDays: number): Promise<ChurnEvent[]> {
    return this.eventsOf((await this.window(scope).read()).entries, now, windowDays);
  }

  private eventsOf(entries: readonly WindowEntry[], now: number, windowDays: number): ChurnEvent[] {
    return inWindow(entries, now, windowDays).map((e) => ({
      at: e.at,
      action: e.action,
      phoneNumber: e.phoneNumber,
      phoneNumberId: e.phoneNumberId,
      source: this.source,
      eventId: e.eventId ?? e.id,
      ...(e.state === "reserved" ? { reservation: true as const } : {}),
    }));
  }

  async coverage(scope: LedgerScope): Promise<HistoryCoverage> {
    const span = latestSpan((await this.readCoverage(scope)).state);
    return { completeSince: span === undefined ? null : (span.from ?? -Infinity), sources: [this.source] };
  }

  async importEvents(
    scope: LedgerScope,
    events: ImportedEvent[],
    completeFrom: number,
    completeUntil?: number,
  ): Promise<ImportResult> {
    const until = completeUntil ?? this.now();
    const sorted = [...events].sort((a, b) => a.at - b.at);
    const { result, logged } = await this.window(scope).change("import events", (w) => {
      const keepDays = this.keepDaysFor(w.keepDays, 0);
      const entries = [...w.entries];
      const logged: WindowEntry[] = [];
      const seen = new Set(
        entries
          .flatMap((e) => [e.state === "imported" ? e.id : undefined, e.eventId])
          .filter((id): id is string => id !== undefined),
      );
      const oldest = pruneCutoff(
        Math.max(-Infinity, ...entries.map((e) => e.at), ...sorted.map((e) => e.at)),
        until,
        keepDays,
      );
      const out: ImportResult = { added: 0, matched: 0, known: 0, tooOld: 0 };
      for (const e of sorted) {
        if (seen.has(e.eventId)) {
          out.known++;
          continue;
        }
        seen.add(e.eventId);
        const mine = matchReservation(entries, e);
        if (mine) {
          const matched = entry({
            ...mine,
            eventId: e.eventId,
            at: Math.max(mine.at, e.at),
            state: "committed",
            phoneNumberId: mine.phoneNumberId ?? e.phoneNumberId,
            phoneNumber: mine.phoneNumber ?? e.phoneNumber,
            clientToken: undefined,
          });
          entries[entries.indexOf(mine)] = matched;
          logged.push(matched);
          out.matched++;
        } else if (e.at <= oldest) {
          out.tooOld!++;
        } else {
          const added = entry({
            at: e.at,
            id: e.eventId,
            action: e.action,
            state: "imported",
            phoneNumberId: e.phoneNumberId,
            phoneNumber: e.phoneNumber,
          });
          entries.push(added);
          logged.push(added);
          out.added++;
        }
      }
      const result = { result: out, logged };
      return out.added + out.matched === 0 ? { result } : { state: { entries, keepDays }, result };
    });
    await this.log(scope, logged, "cloudtrail");
    await this.changeCoverage(scope, (s) => recordEvidence(s, { from: completeFrom, to: until }));
    return result;
  }

  async assertCompleteSince(scope: LedgerScope, since: number, by: string, now: number = this.now()): Promise<void> {
    const held = (await this.window(scope).read()).entries;
    refuseAssertion(since, now, held);
    await this.changeCoverage(scope, (s) => recordAssertion(s, { since, by, at: now }));
  }

  async retractAssertion(scope: LedgerScope, since: number, by: string): Promise<Assertion[]> {
    let retracted: Assertion[] = [];
    await this.changeCoverage(scope, (s) => {
      const out = retractAssertion(s, since, by, this.now());
      retracted = out.retracted;
      return out.state;
    });
    if (retracted.length > 0) {
      const gave = retracted.map(
        (a) => `the assertion by ${a.by} that the account had no churn before ${new Date(a.since).toISOString()}`,
      );
      await this.ownership.marks.withdraw(scope, gave);
    }
    return retracted;
  }

  freeUnprovenReservations(scope: LedgerScope, from: number, until: number): Promise<number> {
    return this.window(scope).change("free unproven reservations", (w) => {
      const unproven = (e: WindowEntry) =>
        e.state === "reserved" && e.eventId === undefined && e.at >= from && e.at <= until;
      const entries = w.entries.filter((e) => !unproven(e));
      const freed = w.entries.length - entries.length;
      return freed === 0 ? { result: 0 } : { state: { entries, keepDays: w.keepDays }, result: freed };
    });
  }

  async recordInferredRelease(
    scope: LedgerScope,
    phoneNumberId: string,
    phoneNumber: string | undefined,
    at: number,
  ): Promise<boolean> {
    const inferred = entry({
      at,
      id: `inventory:${phoneNumberId}`,
      action: "release",
      state: "imported",
      phoneNumberId,
      phoneNumber,
    });
    const added = await this.window(scope).change(`record the release of ${phoneNumberId}`, (w) =>
      w.entries.some((e) => e.action === "release" && e.phoneNumberId === phoneNumberId)
        ? { result: false }
        : { state: { entries: [...w.entries, inferred], keepDays: w.keepDays }, result: true },
    );
    if (added) await this.log(scope, [inferred], "inventory");
    return added;
  }

  async recordSync(scope: LedgerScope, record: LedgerSyncRecord): Promise<void> {
    await this.changeCoverage(scope, (s) => recordSync(s, record));
  }

  async status(scope: LedgerScope): Promise<LedgerStatus> {
    return (await this.snapshot(scope, this.now(), DEFAULT_WINDOW_DAYS)).status;
  }

  async snapshot(
    scope: LedgerScope,
    now: number,
    windowDays: number,
  ): Promise<{ events: ChurnEvent[]; status: LedgerStatus }> {
    const [{ state }, window] = await Promise.all([this.readCoverage(scope), this.window(scope).read()]);
    const span = latestSpan(state);
    // The entries the events are made of (eventsOf), so the parts add up to what the window counts: the window item
    // keeps entries older than a shorter window too.
    const counted = inWindow(window.entries, now, windowDays);
    const count = (s: WindowEntry["state"]) => counted.filter((e) => e.state === s).length;
    return {
      events: this.eventsOf(window.entries, now, windowDays),
      status: {
        coverage: { completeSince: span === undefined ? null : (span.from ?? -Infinity), sources: [this.source] },
        completeUntil: span?.to ?? null,
        assertions: state.assertions,
        lastSync: state.syncs[0],
        entries: { reserved: count("reserved"), committed: count("committed"), imported: count("imported") },
        windowBytes: encodedSize(window.entries),
        maxWindowBytes: MAX_WINDOW_BYTES,
        reconciled: state.reconciled,
      },
    };
  }

  putOwnership(scope: LedgerScope, ownership: Ownership, expectedLease?: string): Promise<boolean> {
    return this.ownership.put(scope, ownership, expectedLease);
  }

  putOwnershipIfUnchanged(
    scope: LedgerScope,
    ownership: Ownership,
    replacing: Ownership | undefined,
  ): Promise<boolean> {
    return this.ownership.putIfUnchanged(scope, ownership, replacing);
  }

  dropOwnership(scope: LedgerScope, phoneNumberId: string, lease: string): Promise<boolean> {
    return this.ownership.drop(scope, phoneNumberId, lease);
  }

  ownershipOf(scope: LedgerScope, phoneNumberId: string): Promise<Ownership | undefined> {
    return this.ownership.of(scope, phoneNumberId);
  }

  ownershipByStack(scope: LedgerScope, stack: string): Promise<Ownership[]> {
    return this.ownership.byStack(scope, stack);
  }

  stackIndex(scope: LedgerScope, stack: string): Promise<StackIndex> {
    return this.ownership.marks.index(scope, stack);
  }

  markIndexReconciled(scope: LedgerScope, point: IndexReconciliation): Promise<void> {
    return this.ownership.marks.reconciled(scope, point);
  }

  ownershipByOwner(scope: LedgerScope, owner: string): Promise<Ownership[]> {
    return this.ownership.byOwner(scope, owner);
  }

  allOwnership(scope: LedgerScope): Promise<Ownership[]> {
    return this.ownership.all(scope);
  }

  repairOwnershipIndex(scope: LedgerScope): Promise<number> {
    return this.ownership.repair(scope);
  }

  claimsByOwner(scope: LedgerScope, owner: string): Promise<number> {
    return this.counter(scope, owner).claims();
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** An assertion the ledger refuses: in the future, or after churn it holds. The message names the events. */
export class AssertionRefusedError extends Error {}

/**
 * "No claim or release before `since`" cannot be known of an instant still to come, and is false when the ledger
 * already holds churn before it: either would make the gates trust a history that is not complete.
 */
function refuseAssertion(since: number, now: number, held: readonly WindowEntry[]): void {
  const iso = (t: number) => new Date(t).toISOString();
  if (since > now) {
    throw new AssertionRefusedError(
      `--history-complete-since ${iso(since)} is in the future (now ${iso(now)}): it says no claim or release happens before then, which nobody can know yet. ` +
        "Give the instant the account's churn began (its creation, or the first claim), no later than now.",
    );
  }
  const before = held.filter((e) => e.at < since).sort((a, b) => a.at - b.at);
  if (before.length === 0) return;
  const named = before
    .slice(0, 5)
    .map(
      (e) =>
        `${e.action} of ${e.phoneNumber ?? e.phoneNumberId ?? "a number"} at ${iso(e.at)} (${e.state}${e.eventId ? `, event ${e.eventId}` : e.state === "imported" ? `, event ${e.id}` : ""})`,
    );
  throw new AssertionRefusedError(
    `--history-complete-since ${iso(since)} says the account had no claim or release before then, but this ledger holds ${before.length} before it: ` +
      `${named.join("; ")}${before.length > 5 ? `; and ${before.length - 5} more` : ""}. Give an instant no later than ${iso(before[0].at)}.`,
  );
}

/**
 * The ledger's own reservation an event is, if any: same client token; else same action and number id (or number)
 * within a day; else the oldest slot of that action reserved within a day before it with no identity at all (a set's
 * batch, reserved before it knew which number each slot is for: its event can only be matched by action). Only
 * entries no event has claimed yet.
 */
function matchReservation(entries: readonly WindowEntry[], e: ImportedEvent): WindowEntry | undefined {
  const open = entries.filter((x) => x.eventId === undefined && x.state !== "imported" && x.action === e.action);
  const near = (x: WindowEntry) => Math.abs(x.at - e.at) <= MATCH_TOLERANCE_MS;
  return (
    (e.clientToken === undefined ? undefined : open.find((x) => x.clientToken === e.clientToken)) ??
    (e.phoneNumberId === undefined ? undefined : open.find((x) => x.phoneNumberId === e.phoneNumberId && near(x))) ??
    (e.phoneNumber === undefined
      ? undefined
      : open.find((x) => x.phoneNumberId === undefined && x.phoneNumber === e.phoneNumber && near(x))) ??
    open
      .filter((x) => x.state === "reserved" && anonymous(x) && near(x) && x.at <= e.at + SERVICE_CLOCK_ERROR_MS)
      .reduce<WindowEntry | undefined>(
        (oldest, x) => (oldest === undefined || x.at < oldest.at ? x : oldest),
        undefined,
      )
  );
}

/** A reservation carrying nothing CloudTrail shows (no token, number id or number). */
function anonymous(x: WindowEntry): boolean {
  return x.clientToken === undefined && x.phoneNumberId === undefined && x.phoneNumber === undefined;
}

/**
 * An event a sync already counts that a commit reports (or, `orCommitted`, any commit did), other than the reservation
 * itself: the same action on the same number id within a day (a number is claimed or released once in that time), so
 * a commit never adds it twice.
 */
function sameEvent(
  entries: readonly WindowEntry[],
  self: WindowEntry | undefined,
  action: WindowEntry["action"],
  phoneNumberId: string,
  at: number,
  orCommitted: boolean,
): WindowEntry | undefined {
  return entries.find(
    (x) =>
      x !== self &&
      // An event from before this slot was reserved is not its call's (a FAILED member's earlier claim of the same
      // number, retried within the day, is two claims).
      (self === undefined || x.at >= self.at - SERVICE_CLOCK_ERROR_MS) &&
      (x.state === "imported" || x.eventId !== undefined || (orCommitted && x.state === "committed")) &&
      x.action === action &&
      x.phoneNumberId === phoneNumberId &&
      Math.abs(x.at - at) <= MATCH_TOLERANCE_MS,
  );
}

/** An entry other than `self` proving a release of this number id: committed, or from CloudTrail or the inventory. */
function provenRelease(
  entries: readonly WindowEntry[],
  self: WindowEntry | undefined,
  phoneNumberId: string,
): WindowEntry | undefined {
  return entries.find(
    (x) => x !== self && x.state !== "reserved" && x.action === "release" && x.phoneNumberId === phoneNumberId,
  );
}

/** The entries a window of `windowDays` to `now` counts: those stamped after now included (core's futureAsNow). */
function inWindow(entries: readonly WindowEntry[], now: number, windowDays: number): WindowEntry[] {
  return countedEntries(entries).filter((e) => e.at > now - windowDays * DAY_MS);
}

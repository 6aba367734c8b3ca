import { randomBytes } from "node:crypto";
import { CLOUDTRAIL_DAYS } from "../aws/history";
import { ChurnEvent, DAY_MS, HistoryCoverage, budgetOf, ownerKey } from "../core";
import { CoverageState, EMPTY_COVERAGE, SyncRecord, addSpan, latestSpan, recordAssertion, recordSync } from "./coverage-state";
import { KvItem, KvStore } from "./kv";
import { keys, scopeId } from "./keys";
import { OwnershipIndex } from "./ownership-index";
import { retrying } from "./retry";
import { CommitResult, ImportResult, ImportedEvent, LedgerAdmin, LedgerScope, LedgerStatus, Ownership, ReserveOutcome, ReserveRequest } from "./types";
import { MAX_WINDOW_BYTES, WindowEntry, checkSize, countedTimes, decodeEntries, encodeEntries, freesAt, prune, pruneCutoff } from "./window";

/** A CloudTrail event and a reservation of the same number and action this close in time are one event. */
const MATCH_TOLERANCE_MS = DAY_MS;

interface WindowState {
  version: number;
  entries: WindowEntry[];
  /** The longest window any caller has used: entries are kept at least this long. */
  keepDays: number;
}

type WindowChange<T> = { write: false; result: T } | { write: true; entries: WindowEntry[]; keepDays: number; result: T };

/**
 * The churn ledger over any KvStore: written once, for DynamoDB, a file and memory alike.
 *
 * Reservation: one window item per account and region holds every counted entry; reserve reads it, counts the
 * window, appends its entry and writes it back only if nobody wrote in between (version check), else reads again.
 * N processes racing for B free slots therefore get exactly B. In-process callers queue per scope first, so lost
 * races happen only between processes.
 */
export class KvLedger implements LedgerAdmin {
  readonly description: string;
  private readonly ownership: OwnershipIndex;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly store: KvStore,
    private readonly options: { ownerKeyOf?: (urn: string) => string; clock?: () => number } = {},
  ) {
    this.description = store.description;
    this.ownership = new OwnershipIndex(store);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private get source(): string {
    return `ledger ${this.description}`;
  }

  /** This process's window writes for one scope, one at a time. */
  private serial<T>(scope: LedgerScope, work: () => Promise<T>): Promise<T> {
    const key = scopeId(scope);
    const run = (this.queues.get(key) ?? Promise.resolve()).then(work);
    this.queues.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }

  private async readWindow(scope: LedgerScope): Promise<WindowState> {
    const k = keys.window(scope);
    const item = await this.store.get(k.pk, k.sk);
    if (!item) return { version: 0, entries: [], keepDays: 0 };
    return { version: item.version, entries: decodeEntries(String(item.data.entries ?? "")), keepDays: Number(item.data.keepDays ?? 0) };
  }

  /** Read, change, write if nobody else wrote; again if somebody did. */
  private changeWindow<T>(scope: LedgerScope, what: string, change: (w: WindowState) => WindowChange<T>): Promise<T> {
    return retrying<T>(what, async () => {
      const current = await this.readWindow(scope);
      const next = change(current);
      if (!next.write) return { done: true, value: next.result };
      const encoded = encodeEntries(next.entries);
      checkSize(encoded, `${this.description}, ${what}`);
      const item: KvItem = { ...keys.window(scope), version: current.version + 1, data: { entries: encoded, keepDays: next.keepDays } };
      const written = await this.store.putIf(item, current.version === 0 ? { absent: true } : { version: current.version });
      return written ? { done: true, value: next.result } : { done: false };
    });
  }

  private async readCoverage(scope: LedgerScope): Promise<{ version: number; state: CoverageState }> {
    const k = keys.meta(scope);
    const item = await this.store.get(k.pk, k.sk);
    return item ? { version: item.version, state: { ...EMPTY_COVERAGE, ...(item.data as Partial<CoverageState>) } } : { version: 0, state: EMPTY_COVERAGE };
  }

  private changeCoverage(scope: LedgerScope, change: (s: CoverageState) => CoverageState): Promise<void> {
    return retrying("coverage", async () => {
      const current = await this.readCoverage(scope);
      const item: KvItem = { ...keys.meta(scope), version: current.version + 1, data: change(current.state) as unknown as Record<string, unknown> };
      return (await this.store.putIf(item, current.version === 0 ? { absent: true } : { version: current.version })) ? { done: true, value: undefined } : { done: false };
    });
  }

  private async log(scope: LedgerScope, entry: WindowEntry, source: string): Promise<void> {
    const id = entry.eventId ?? entry.id;
    await this.store.put({ ...keys.log(scope, entry.at, id), version: 1, data: { ...entry, source, recordedAt: this.now() } });
  }

  private keepDaysFor(w: WindowState, windowDays: number): number {
    return Math.max(w.keepDays, windowDays, CLOUDTRAIL_DAYS + 1);
  }

  async init(): Promise<boolean> {
    return this.store.init();
  }

  reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const { limit, windowMs } = budgetOf(request.rule);
    const ownerKeyOf = this.options.ownerKeyOf ?? ownerKey;
    return this.serial(request.scope, () =>
      this.changeWindow<ReserveOutcome>(request.scope, `reserve a ${request.action}`, (w) => {
        const keepDays = this.keepDaysFor(w, request.rule.windowDays);
        const entries = prune(w.entries, request.now, keepDays);
        const counted = countedTimes(entries, request.now, windowMs);
        const used = counted.length;
        if (used + 1 > limit && !request.force) return { write: false, result: { ok: false, used, limit, freesAt: freesAt(counted, limit, windowMs) } };
        const reservationId = randomBytes(8).toString("base64url");
        entries.push({
          at: request.now,
          id: reservationId,
          action: request.action,
          state: "reserved",
          phoneNumberId: request.phoneNumberId,
          phoneNumber: request.phoneNumber,
          clientToken: request.clientToken,
          ownerKey: request.ownerUrn === undefined || request.action !== "claim" ? undefined : ownerKeyOf(request.ownerUrn),
        });
        return { write: true, entries, keepDays, result: { ok: true, reservationId, used: used + 1, limit } };
      }),
    );
  }

  commit(scope: LedgerScope, reservationId: string, result: CommitResult): Promise<void> {
    return this.serial(scope, async () => {
      // The owner's claim counter first: a crash between the two leaves the generation ahead, never behind (a
      // token is never reused), and the slot still counted.
      const found = (await this.readWindow(scope)).entries.find((e) => e.id === reservationId);
      if (found?.ownerKey) await this.countClaim(scope, found.ownerKey, reservationId);
      const committed = await this.changeWindow<WindowEntry | undefined>(scope, `commit ${reservationId}`, (w) => {
        const entries = w.entries.map((e) => ({ ...e }));
        let entry = entries.find((e) => e.id === reservationId);
        if (entry && entry.state !== "reserved" && entry.ownerKey === undefined && entry.phoneNumberId === result.phoneNumberId) return { write: false, result: undefined };
        if (!entry) {
          entry = { at: result.at ?? this.now(), id: reservationId, action: result.action ?? "claim", state: "committed" };
          entries.push(entry);
        }
        if (entry.state === "reserved") entry.state = "committed";
        entry.phoneNumberId = result.phoneNumberId;
        entry.phoneNumber = result.phoneNumber ?? entry.phoneNumber;
        delete entry.ownerKey;
        delete entry.clientToken;
        return { write: true, entries, keepDays: w.keepDays, result: entry };
      });
      if (committed) await this.log(scope, committed, "guard");
    });
  }

  private countClaim(scope: LedgerScope, owner: string, reservationId: string): Promise<void> {
    const k = keys.claims(scope, owner);
    return retrying(`count a claim of ${owner}`, async () => {
      const current = await this.store.get(k.pk, k.sk);
      const recent = (current?.data.recent as string[] | undefined) ?? [];
      if (recent.includes(reservationId)) return { done: true, value: undefined };
      const data = { count: Number(current?.data.count ?? 0) + 1, recent: [reservationId, ...recent].slice(0, 50) };
      const written = await this.store.putIf({ ...k, version: (current?.version ?? 0) + 1, data }, current ? { version: current.version } : { absent: true });
      return written ? { done: true, value: undefined } : { done: false };
    });
  }

  free(scope: LedgerScope, reservationId: string): Promise<void> {
    return this.serial(scope, () =>
      this.changeWindow(scope, `free ${reservationId}`, (w) => {
        const entries = w.entries.filter((e) => !(e.id === reservationId && e.state === "reserved"));
        return entries.length === w.entries.length ? { write: false, result: undefined } : { write: true, entries, keepDays: w.keepDays, result: undefined };
      }),
    );
  }

  async windowEvents(scope: LedgerScope, now: number, windowDays: number): Promise<ChurnEvent[]> {
    const { entries } = await this.readWindow(scope);
    return entries
      .filter((e) => e.at > now - windowDays * DAY_MS)
      .map((e) => ({ at: e.at, action: e.action, phoneNumber: e.phoneNumber, phoneNumberId: e.phoneNumberId, source: this.source, eventId: e.eventId ?? e.id }));
  }

  async coverage(scope: LedgerScope): Promise<HistoryCoverage> {
    const span = latestSpan((await this.readCoverage(scope)).state);
    return { completeSince: span === undefined ? null : (span.from ?? -Infinity), sources: [this.source] };
  }

  importEvents(scope: LedgerScope, events: ImportedEvent[], completeFrom: number, completeUntil?: number): Promise<ImportResult> {
    return this.serial(scope, async () => {
      const logged: WindowEntry[] = [];
      const result = await this.changeWindow<ImportResult>(scope, "import events", (w) => {
        logged.length = 0;
        const keepDays = this.keepDaysFor(w, 0);
        const entries = w.entries.map((e) => ({ ...e }));
        const seen = new Set(entries.flatMap((e) => [e.state === "imported" ? e.id : undefined, e.eventId]).filter((id): id is string => id !== undefined));
        const newest = Math.max(-Infinity, ...entries.map((e) => e.at), ...events.map((e) => e.at));
        const oldest = pruneCutoff(newest, completeUntil ?? this.now(), keepDays);
        const out: ImportResult = { added: 0, matched: 0, known: 0, tooOld: 0 };
        for (const e of [...events].sort((a, b) => a.at - b.at)) {
          if (seen.has(e.eventId)) {
            out.known++;
            continue;
          }
          seen.add(e.eventId);
          const mine = matchReservation(entries, e);
          if (mine) {
            mine.eventId = e.eventId;
            mine.at = Math.max(mine.at, e.at);
            mine.state = "committed";
            mine.phoneNumberId ??= e.phoneNumberId;
            mine.phoneNumber ??= e.phoneNumber;
            delete mine.clientToken;
            logged.push(mine);
            out.matched++;
          } else if (e.at <= oldest) {
            out.tooOld!++;
          } else {
            const entry: WindowEntry = { at: e.at, id: e.eventId, action: e.action, state: "imported", phoneNumberId: e.phoneNumberId, phoneNumber: e.phoneNumber };
            entries.push(entry);
            logged.push(entry);
            out.added++;
          }
        }
        return out.added + out.matched === 0 ? { write: false, result: out } : { write: true, entries, keepDays, result: out };
      });
      for (const entry of logged) await this.log(scope, entry, "cloudtrail");
      await this.changeCoverage(scope, (s) => ({ ...s, spans: addSpan(s.spans, { from: completeFrom, to: completeUntil ?? this.now() }) }));
      return result;
    });
  }

  async assertCompleteSince(scope: LedgerScope, since: number, by: string): Promise<void> {
    await this.serial(scope, () => this.changeCoverage(scope, (s) => recordAssertion(s, { since, by, at: this.now() })));
  }

  freeUnprovenReservations(scope: LedgerScope, from: number, until: number): Promise<number> {
    return this.serial(scope, () =>
      this.changeWindow(scope, "free unproven reservations", (w) => {
        const unproven = (e: WindowEntry) =>
          e.state === "reserved" && e.eventId === undefined && e.at >= from && e.at <= until && (e.clientToken ?? e.phoneNumberId ?? e.phoneNumber) !== undefined;
        const entries = w.entries.filter((e) => !unproven(e));
        const freed = w.entries.length - entries.length;
        return freed === 0 ? { write: false, result: 0 } : { write: true, entries, keepDays: w.keepDays, result: freed };
      }),
    );
  }

  recordInferredRelease(scope: LedgerScope, phoneNumberId: string, phoneNumber: string | undefined, at: number): Promise<boolean> {
    return this.serial(scope, async () => {
      const entry: WindowEntry = { at, id: `inventory:${phoneNumberId}`, action: "release", state: "imported", phoneNumberId, phoneNumber };
      const added = await this.changeWindow(scope, `record the release of ${phoneNumberId}`, (w) => {
        if (w.entries.some((e) => e.action === "release" && e.phoneNumberId === phoneNumberId)) return { write: false, result: false };
        return { write: true, entries: [...w.entries, entry], keepDays: w.keepDays, result: true };
      });
      if (added) await this.log(scope, entry, "inventory");
      return added;
    });
  }

  async recordSync(scope: LedgerScope, record: SyncRecord): Promise<void> {
    await this.serial(scope, () => this.changeCoverage(scope, (s) => recordSync(s, record)));
  }

  async status(scope: LedgerScope): Promise<LedgerStatus> {
    const [{ state }, window] = [await this.readCoverage(scope), await this.readWindow(scope)];
    const span = latestSpan(state);
    const count = (s: WindowEntry["state"]) => window.entries.filter((e) => e.state === s).length;
    return {
      coverage: { completeSince: span === undefined ? null : (span.from ?? -Infinity), sources: [this.source] },
      completeUntil: span?.to ?? null,
      assertions: state.assertions,
      lastSync: state.syncs[0],
      entries: { reserved: count("reserved"), committed: count("committed"), imported: count("imported") },
      windowBytes: Buffer.byteLength(encodeEntries(window.entries)),
      maxWindowBytes: MAX_WINDOW_BYTES,
    };
  }

  putOwnership(scope: LedgerScope, ownership: Ownership, expectedLease?: string): Promise<boolean> {
    return this.ownership.put(scope, ownership, expectedLease);
  }

  putOwnershipIfUnchanged(scope: LedgerScope, ownership: Ownership, replacing: Ownership | undefined): Promise<boolean> {
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

  ownershipByOwner(scope: LedgerScope, owner: string): Promise<Ownership[]> {
    return this.ownership.byOwner(scope, owner);
  }

  allOwnership(scope: LedgerScope): Promise<Ownership[]> {
    return this.ownership.all(scope);
  }

  repairOwnershipIndex(scope: LedgerScope): Promise<number> {
    return this.ownership.repair(scope);
  }

  async claimsByOwner(scope: LedgerScope, owner: string): Promise<number> {
    const k = keys.claims(scope, owner);
    return Number((await this.store.get(k.pk, k.sk))?.data.count ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.values());
    await this.store.close();
  }
}

/**
 * The ledger's own reservation an event is, if any: same client token; else same action and number id (or number)
 * within a day. Only entries no event has claimed yet.
 */
function matchReservation(entries: WindowEntry[], e: ImportedEvent): WindowEntry | undefined {
  const open = entries.filter((x) => x.eventId === undefined && x.state !== "imported" && x.action === e.action);
  const near = (x: WindowEntry) => Math.abs(x.at - e.at) <= MATCH_TOLERANCE_MS;
  return (
    (e.clientToken === undefined ? undefined : open.find((x) => x.clientToken === e.clientToken)) ??
    (e.phoneNumberId === undefined ? undefined : open.find((x) => x.phoneNumberId === e.phoneNumberId && near(x))) ??
    (e.phoneNumber === undefined ? undefined : open.find((x) => x.phoneNumberId === undefined && x.phoneNumber === e.phoneNumber && near(x)))
  );
}

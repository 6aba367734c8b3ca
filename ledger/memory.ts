import { randomUUID } from "node:crypto";
import { ChurnEvent, DAY_MS, HistoryCoverage, budgetOf } from "../core";
import { ChurnLedger, ImportResult, ImportedEvent, LedgerScope, Ownership, ReserveOutcome, ReserveRequest } from "./types";

interface Entry {
  id: string;
  at: number;
  action: "claim" | "release";
  state: "reserved" | "committed" | "imported";
  ownerKey?: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  clientToken?: string;
  eventId?: string;
}

interface ScopeState {
  entries: Entry[];
  importedIds: Set<string>;
  completeSince: number | null;
  ownership: Map<string, Ownership>;
}

/** The ledger in this process's memory: for unit tests and as the reference the durable stores are tested against. */
export class MemoryLedger implements ChurnLedger {
  readonly description = "memory";
  private readonly scopes = new Map<string, ScopeState>();

  constructor(private readonly ownerKeyOf: (urn: string) => string) {}

  private state(scope: LedgerScope): ScopeState {
    const key = `${scope.accountId}/${scope.region}`;
    let s = this.scopes.get(key);
    if (!s) {
      s = { entries: [], importedIds: new Set(), completeSince: null, ownership: new Map() };
      this.scopes.set(key, s);
    }
    return s;
  }

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const s = this.state(request.scope);
    const { limit, windowMs } = budgetOf(request.rule);
    const counted = s.entries.filter((e) => e.at > request.now - windowMs).map((e) => e.at).sort((a, b) => a - b);
    const used = counted.length;
    if (used + 1 > limit && !request.force) {
      const mustAgeOut = used + 1 - limit;
      return { ok: false, used, limit, freesAt: limit <= 0 ? null : counted[mustAgeOut - 1] + windowMs };
    }
    const id = randomUUID();
    s.entries.push({
      id,
      at: request.now,
      action: request.action,
      state: "reserved",
      ownerKey: request.ownerUrn === undefined ? undefined : this.ownerKeyOf(request.ownerUrn),
      phoneNumber: request.phoneNumber,
      phoneNumberId: request.phoneNumberId,
      clientToken: request.clientToken,
    });
    return { ok: true, reservationId: id, used: used + 1, limit };
  }

  async commit(scope: LedgerScope, reservationId: string, result: { phoneNumberId: string; phoneNumber?: string }): Promise<void> {
    const entry = this.state(scope).entries.find((e) => e.id === reservationId);
    if (!entry) throw new Error(`ledger: no reservation ${reservationId} to commit`);
    entry.state = "committed";
    entry.phoneNumberId = result.phoneNumberId;
    entry.phoneNumber = result.phoneNumber ?? entry.phoneNumber;
  }

  async free(scope: LedgerScope, reservationId: string): Promise<void> {
    const s = this.state(scope);
    s.entries = s.entries.filter((e) => !(e.id === reservationId && e.state === "reserved"));
  }

  async windowEvents(scope: LedgerScope, now: number, windowDays: number): Promise<ChurnEvent[]> {
    return this.state(scope)
      .entries.filter((e) => e.at > now - windowDays * DAY_MS)
      .map((e) => ({ at: e.at, action: e.action, phoneNumber: e.phoneNumber, phoneNumberId: e.phoneNumberId, source: "ledger", eventId: e.id }));
  }

  async coverage(scope: LedgerScope): Promise<HistoryCoverage> {
    return { completeSince: this.state(scope).completeSince, sources: ["ledger memory"] };
  }

  async importEvents(scope: LedgerScope, events: ImportedEvent[], completeFrom: number): Promise<ImportResult> {
    const s = this.state(scope);
    const result: ImportResult = { added: 0, matched: 0, known: 0 };
    for (const e of events) {
      if (s.importedIds.has(e.eventId)) {
        result.known++;
        continue;
      }
      s.importedIds.add(e.eventId);
      const mine = s.entries.find(
        (x) =>
          x.eventId === undefined &&
          x.state !== "imported" &&
          x.action === e.action &&
          ((e.clientToken !== undefined && x.clientToken === e.clientToken) || (e.phoneNumberId !== undefined && x.phoneNumberId === e.phoneNumberId)),
      );
      if (mine) {
        mine.eventId = e.eventId;
        mine.at = e.at;
        result.matched++;
      } else {
        s.entries.push({ id: randomUUID(), at: e.at, action: e.action, state: "imported", phoneNumber: e.phoneNumber, phoneNumberId: e.phoneNumberId, eventId: e.eventId });
        result.added++;
      }
    }
    s.completeSince = s.completeSince === null ? completeFrom : Math.min(s.completeSince, completeFrom);
    return result;
  }

  async assertCompleteSince(scope: LedgerScope, since: number): Promise<void> {
    const s = this.state(scope);
    s.completeSince = s.completeSince === null ? since : Math.min(s.completeSince, since);
  }

  async putOwnership(scope: LedgerScope, ownership: Ownership, expectedLease?: string): Promise<boolean> {
    const s = this.state(scope);
    const current = s.ownership.get(ownership.phoneNumberId);
    if (expectedLease !== undefined && current && current.lease !== expectedLease) return false;
    s.ownership.set(ownership.phoneNumberId, { ...ownership });
    return true;
  }

  async dropOwnership(scope: LedgerScope, phoneNumberId: string, lease: string): Promise<boolean> {
    const s = this.state(scope);
    const current = s.ownership.get(phoneNumberId);
    if (!current || current.lease !== lease) return false;
    s.ownership.delete(phoneNumberId);
    return true;
  }

  async ownershipOf(scope: LedgerScope, phoneNumberId: string): Promise<Ownership | undefined> {
    const o = this.state(scope).ownership.get(phoneNumberId);
    return o && { ...o };
  }

  async ownershipByStack(scope: LedgerScope, stack: string): Promise<Ownership[]> {
    return [...this.state(scope).ownership.values()].filter((o) => o.stack === stack).map((o) => ({ ...o }));
  }

  async ownershipByOwner(scope: LedgerScope, ownerKey: string): Promise<Ownership[]> {
    return [...this.state(scope).ownership.values()].filter((o) => o.ownerKey === ownerKey).map((o) => ({ ...o }));
  }

  async claimsByOwner(scope: LedgerScope, ownerKey: string): Promise<number> {
    return this.state(scope).entries.filter((e) => e.action === "claim" && e.state === "committed" && e.ownerKey === ownerKey).length;
  }

  async close(): Promise<void> {}
}

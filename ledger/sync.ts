import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConnectClient } from "@aws-sdk/client-connect";
import { cloudTrailChurn } from "../aws/history";
import { HeldNumber, listNumbers } from "../aws/inventory";
import { CLOUDTRAIL_LAG_MS, HistoryCoverage, cloudTrailSpan, failedFromTags, ownershipFromTags } from "../core";
import { ImportResult, LedgerAdmin, LedgerScope, Ownership } from "./types";
import { DEFAULT_GRACE_MS } from "./window";

export interface SyncOptions {
  scope: LedgerScope;
  aws: { connect: ConnectClient; cloudTrail: CloudTrailClient; clock: { now(): number } };
  /** Who runs the sync, for the audit record ("ci: owner/repo run 42", "alice@laptop"). */
  by: string;
  /**
   * A reservation younger than this is left alone even if CloudTrail shows nothing: its call may still be queued
   * behind the rate limit, or its event not yet delivered. Default one hour.
   */
  graceMs?: number;
  /** Reconcile holders with the account's live numbers and their tags (one Describe per number). Default true. */
  live?: boolean;
}

export interface SyncReport {
  /** The span CloudTrail answered for. */
  from: number;
  to: number;
  imported: ImportResult;
  /** Reservations CloudTrail proves never became a claim or release. */
  freed: number;
  ownership: { added: number; updated: number; dropped: number; repaired: number };
  /** Numbers the ledger held that are gone, with no release on record: counted as released now. */
  inferredReleases: number;
  coverage: HistoryCoverage;
}

/**
 * `connect-numbers ledger sync`: imports CloudTrail's claims and releases (90 days, idempotent by event id),
 * frees reservations CloudTrail proves never happened, and reconciles the holder records with the live account.
 * Run daily, it makes the ledger's history complete over the whole window after 90 days.
 */
export async function syncLedger(ledger: LedgerAdmin, o: SyncOptions): Promise<SyncReport> {
  const graceMs = o.graceMs ?? DEFAULT_GRACE_MS;
  // Holders first, live numbers second: a holder written after the listing began is never taken for gone.
  const holders = o.live === false ? [] : await ledger.allOwnership(o.scope);
  const started = Date.now();
  const live = o.live === false ? undefined : await listNumbers(o.aws.connect, { withTags: true });
  const now = o.aws.clock.now();
  // The service's time when the listing began (its clock is known once a response has come back).
  const listedAt = now - (Date.now() - started);
  const { from, until: to } = cloudTrailSpan(now);
  const events = await cloudTrailChurn(o.aws.cloudTrail, from, now);
  const imported = await ledger.importEvents(o.scope, events, from, to);
  const freed = await ledger.freeUnprovenReservations(o.scope, from, Math.min(to, now - graceMs));

  const ownership = { added: 0, updated: 0, dropped: 0, repaired: 0 };
  let inferredReleases = 0;
  if (live) {
    const settled = (h: Ownership) => h.updatedAt < listedAt - CLOUDTRAIL_LAG_MS;
    const byId = new Map(holders.map((h) => [h.phoneNumberId, h]));
    for (const n of live) {
      const read = fromTags(n, now);
      if (!read) continue;
      const held = byId.get(n.phoneNumberId);
      // AWS's status does not say which operation failed; the provider's record does.
      const tagged = read.failed && held?.failed && held.failedMove ? { ...read, failedMove: true as const } : read;
      if (!held) {
        if (await ledger.putOwnershipIfUnchanged(o.scope, tagged, undefined)) ownership.added++;
      } else if (
        (held.stack !== tagged.stack ||
          held.ownerKey !== tagged.ownerKey ||
          held.lease !== tagged.lease ||
          held.failed !== tagged.failed) &&
        settled(held)
      ) {
        if (await ledger.putOwnershipIfUnchanged(o.scope, tagged, held)) ownership.updated++;
      }
    }
    const liveIds = new Set(live.map((n) => n.phoneNumberId));
    for (const h of holders) {
      if (liveIds.has(h.phoneNumberId) || !settled(h)) continue;
      // A FAILED claim leaves the account on its own a day after (core/connect/failed-claim.ts), or its retry took
      // its place: no release. Assumed: AWS does not count that return to its inventory as churn (it is silent).
      const lapsed = h.failed === true && h.failedMove !== true;
      if (!lapsed && (await ledger.recordInferredRelease(o.scope, h.phoneNumberId, h.phoneNumber, now)))
        inferredReleases++;
      if (await ledger.dropOwnership(o.scope, h.phoneNumberId, h.lease)) ownership.dropped++;
    }
    ownership.repaired = await ledger.repairOwnershipIndex(o.scope);
    // Holders now match the tags as listed, and every copy its holder: each stack's index is complete as of the
    // listing (writes a crash cut off before the grace period were repaired above).
    const stacks = [...holders.map((h) => h.stack), ...live.flatMap((n) => ownershipFromTags(n.tags)?.stack ?? [])];
    await ledger.markIndexReconciled(o.scope, {
      stacks,
      at: listedAt,
      by: `ledger sync by ${o.by} at ${new Date(now).toISOString()}`,
      staleBefore: now - graceMs,
    });
  }
  await ledger.recordSync(o.scope, {
    at: now,
    by: o.by,
    from,
    to,
    added: imported.added,
    matched: imported.matched,
    known: imported.known,
    freed,
    ownershipFixed: ownership.added + ownership.updated + ownership.dropped + ownership.repaired,
    inferredReleases,
    ...(live ? { reconciledAt: listedAt } : {}),
  });
  return { from, to, imported, freed, ownership, inferredReleases, coverage: await ledger.coverage(o.scope) };
}

/** The holder record a number's ownership tags describe (core/owner.ts reads them); undefined when untagged. */
function fromTags(n: HeldNumber, now: number): Ownership | undefined {
  const tags = ownershipFromTags(n.tags);
  if (!tags) return undefined;
  return {
    service: "connect",
    phoneNumberId: n.phoneNumberId,
    phoneNumber: n.phoneNumber,
    phoneNumberArn: n.arn || undefined,
    stack: tags.stack,
    ownerUrn: tags.urnTag ?? "",
    ownerKey: tags.key,
    lease: tags.lease ?? "",
    targetArn: n.targetArn,
    countryCode: n.countryCode,
    type: n.type,
    updatedAt: now,
    // A FAILED claim no provider saw end (a crash before it learned it): the index says so from now on. Which
    // operation failed, the provider's tag says (a claim where it says none).
    ...(n.status === "FAILED" ? { failed: true as const } : {}),
    ...(n.status === "FAILED" && failedFromTags(n.tags).failedOperation === "move"
      ? { failedMove: true as const }
      : {}),
  };
}

import { randomUUID } from "node:crypto";
import { activeNumbersOn, claimRefusal } from "./churn";
import { idempotencyMismatch, invalidParameter, notFound, resourceInUse } from "./errors";
import { ClaimedNumber, Partition, Target, instanceQuotaOf, isFailedClaim } from "./model";
import { CallContext, DAY_MS, EmulatorStore, instanceIdOf } from "./store";
import * as v from "./validate";

/** Claim, release, move and describe numbers: the part of Connect that changes what an account holds. */

export interface ClaimOptions {
  /** Fault injection: the claim is accepted, then turns FAILED with this message. */
  failWith?: string;
}

export function describeSummary(n: ClaimedNumber) {
  return {
    PhoneNumberId: n.id,
    PhoneNumberArn: n.arn,
    PhoneNumber: n.phoneNumber,
    PhoneNumberCountryCode: n.countryCode,
    PhoneNumberType: n.type,
    PhoneNumberDescription: n.description,
    TargetArn: n.targetArn,
    InstanceId: instanceIdOf(n.targetArn),
    Tags: n.tags,
    PhoneNumberStatus: { Status: n.status, Message: n.statusMessage },
    SourcePhoneNumberArn: n.sourcePhoneNumberArn,
  };
}

/** Exactly one of TargetArn and InstanceId, naming a target of this account in this region. */
export function resolveTarget(store: EmulatorStore, p: Partition, body: v.Body): Target {
  const targetArn = v.str(body, "TargetArn");
  const instanceId = v.str(body, "InstanceId");
  if ((targetArn === undefined) === (instanceId === undefined)) {
    throw invalidParameter("You must enter exactly one of InstanceId or TargetArn.");
  }
  if (targetArn !== undefined) {
    const m = /^arn:[a-z-]+:connect:([a-z0-9-]+):(\d{12}):(instance|traffic-distribution-group)\/([A-Za-z0-9-]+)$/.exec(
      targetArn,
    );
    if (!m) throw invalidParameter(`TargetArn ${targetArn} is not an instance or traffic distribution group ARN.`);
    if (m[1] !== p.region) {
      throw invalidParameter(
        `TargetArn is in region ${m[1]}, but this request was sent to ${p.region}: call the API in the target's region.`,
      );
    }
    if (m[2] !== p.accountId) throw notFound(`TargetArn ${targetArn} not found in account ${p.accountId}.`);
  }
  const target = store.findTarget(p, (targetArn ?? instanceId)!);
  if (!target || (instanceId !== undefined && target.kind !== "instance")) {
    throw notFound(`${targetArn !== undefined ? "TargetArn" : "InstanceId"} ${targetArn ?? instanceId} not found.`);
  }
  return target;
}

/** Same token + same parameters ⇒ the first response; same token + other parameters ⇒ 409. */
export function replay(
  store: EmulatorStore,
  p: Partition,
  operation: string,
  token: string | undefined,
  fingerprint: string,
): unknown {
  if (token === undefined) return undefined;
  const now = store.now();
  p.idempotency = p.idempotency.filter((r) => now - r.at < store.settings.idempotencyTtlMs);
  const record = p.idempotency.find((r) => r.operation === operation && r.token === token);
  if (!record) return undefined;
  if (record.fingerprint !== fingerprint) throw idempotencyMismatch(token);
  return record.response;
}

export function remember(
  store: EmulatorStore,
  p: Partition,
  operation: string,
  token: string | undefined,
  fingerprint: string,
  response: unknown,
) {
  if (token !== undefined) p.idempotency.push({ operation, token, fingerprint, response, at: store.now() });
}

export function claimPhoneNumber(store: EmulatorStore, ctx: CallContext, body: v.Body, options: ClaimOptions = {}) {
  const p = store.partition(ctx);
  const phoneNumber = v.str(body, "PhoneNumber")!;
  const target = resolveTarget(store, p, body);
  const description = v.str(body, "PhoneNumberDescription");
  const tags = v.tags(body);
  const token = v.str(body, "ClientToken") ?? randomUUID();
  const fingerprint = JSON.stringify([phoneNumber, target.arn, description ?? null, Object.entries(tags).sort()]);
  const replayed = replay(store, p, "ClaimPhoneNumber", token, fingerprint);
  if (replayed) return replayed;

  const now = store.now();
  const retried = failedClaimToRetry(store, p, phoneNumber);
  const kind = store.pool.classify(phoneNumber);
  if (!kind || (!retried && store.unavailableNumbers().has(phoneNumber)))
    throw invalidParameter(`Phone number not available: ${phoneNumber}`);

  const n = placeClaim(store, p, target, now, {
    number: { phoneNumber, countryCode: kind.country, type: kind.type, description, tags },
    action: "claim",
    token,
    retried,
    failWith: options.failWith,
  });
  const response = { PhoneNumberId: n.id, PhoneNumberArn: n.arn };
  remember(store, p, "ClaimPhoneNumber", token, fingerprint, response);
  return response;
}

const TARGET_AT_LIMIT =
  "The target has reached its limit of total claimed numbers. To increase the limit, contact AWS Support.";

/** The target has no room for one more active number (`moving`, when a move brings it, is not counted twice). */
function atLimit(store: EmulatorStore, p: Partition, target: Target, moving?: ClaimedNumber): boolean {
  return activeNumbersOn(p, target.arn, moving) + 1 > instanceQuotaOf(store.settings, target.arn);
}

/** A claim or an import, as placeClaim puts it on the target. */
export interface Claiming {
  /** The number as the request gives it; an import names the SMS number it came from. */
  number: Pick<ClaimedNumber, "phoneNumber" | "countryCode" | "type" | "description" | "tags" | "sourcePhoneNumberArn">;
  action: "claim" | "import";
  token: string;
  /** A FAILED claim of the same number that this claim retries: it gives its place up. */
  retried?: ClaimedNumber;
  /** Fault injection (ClaimOptions.failWith). */
  failWith?: string;
}

/**
 * Puts a claimed or imported number on the target, IN_PROGRESS until it settles: FAILED when the churn rule or the
 * target's limit of active numbers refuses it (or a fault says so), else CLAIMED. A claim refused by the churn rule
 * never happened; any other failed claim counts unless configured otherwise.
 */
export function placeClaim(
  store: EmulatorStore,
  p: Partition,
  target: Target,
  now: number,
  c: Claiming,
): ClaimedNumber {
  const refusal = claimRefusal(p, store.settings, now);
  if (refusal && store.settings.blockedClaim === "error") throw invalidParameter(refusal);
  if (c.retried) p.numbers = p.numbers.filter((n) => n !== c.retried);
  const failure = refusal ?? (atLimit(store, p, target) ? TARGET_AT_LIMIT : undefined) ?? c.failWith;

  const { sourcePhoneNumberArn, ...number } = c.number;
  const id = store.nextNumberId(p);
  const n: ClaimedNumber = {
    id,
    arn: `arn:aws:connect:${p.region}:${p.accountId}:phone-number/${id}`,
    ...number,
    targetArn: target.arn,
    tags: { ...number.tags },
    status: "IN_PROGRESS",
    settlesAt: now + store.settings.claimDelayMs,
    pendingOutcome: failure ? { status: "FAILED", message: failure } : { status: "CLAIMED" },
    ...(failure ? { failedClaim: true as const } : {}),
    claimedAt: now,
    ...(sourcePhoneNumberArn !== undefined && { sourcePhoneNumberArn }),
  };
  p.numbers.push(n);
  store.settle(n);
  if (!refusal && (!failure || store.settings.countFailedClaims)) {
    p.events.push({
      eventId: randomUUID(),
      at: now,
      action: c.action,
      phoneNumber: n.phoneNumber,
      phoneNumberId: id,
      targetArn: target.arn,
      clientToken: c.token,
    });
  }
  return n;
}

/**
 * AWS: "If you received a FAILED status from a ClaimPhoneNumber API call, you have one day to retry claiming the
 * phone number before the number is released back to the inventory." A claim of a number this account holds
 * FAILED is that retry (a day after, the store has let it go: EmulatorStore.lapseFailedClaims): the failed record
 * gives way to the new claim. Whether AWS keeps the PhoneNumberId on a retry is not documented [U]; the emulator
 * hands out a new one.
 */
function failedClaimToRetry(store: EmulatorStore, p: Partition, phoneNumber: string): ClaimedNumber | undefined {
  return p.numbers.find((n) => n.phoneNumber === phoneNumber && (store.settle(n), isFailedClaim(n)));
}

export function releasePhoneNumber(store: EmulatorStore, ctx: CallContext, idOrArn: string, query: URLSearchParams) {
  const p = store.partition(ctx);
  const token = query.get("clientToken") ?? undefined;
  const fingerprint = idOrArn.slice(idOrArn.lastIndexOf("/") + 1);
  const replayed = replay(store, p, "ReleasePhoneNumber", token, fingerprint);
  if (replayed) return replayed;
  const n = store.findNumber(p, idOrArn);
  if (n.status === "IN_PROGRESS") {
    throw resourceInUse(
      `Phone number ${n.id} has an operation in progress; try again when its status is CLAIMED or FAILED.`,
      "PHONE_NUMBER",
      n.id,
    );
  }
  const now = store.now();
  p.numbers = p.numbers.filter((x) => x !== n);
  p.cooldown.push({ phoneNumber: n.phoneNumber, until: now + store.settings.cooldownDays * DAY_MS });
  p.events.push({
    eventId: randomUUID(),
    at: now,
    action: "release",
    phoneNumber: n.phoneNumber,
    phoneNumberId: n.id,
    targetArn: n.targetArn,
    clientToken: token,
  });
  const response = {};
  remember(store, p, "ReleasePhoneNumber", token, fingerprint, response);
  return response;
}

export function describePhoneNumber(store: EmulatorStore, ctx: CallContext, idOrArn: string) {
  return { ClaimedPhoneNumberSummary: describeSummary(store.findNumber(store.partition(ctx), idOrArn)) };
}

export function updatePhoneNumber(store: EmulatorStore, ctx: CallContext, idOrArn: string, body: v.Body) {
  const p = store.partition(ctx);
  const target = resolveTarget(store, p, body);
  const token = v.str(body, "ClientToken");
  const fingerprint = JSON.stringify([idOrArn, target.arn]);
  const replayed = replay(store, p, "UpdatePhoneNumber", token, fingerprint);
  if (replayed) return replayed;
  const n = store.findNumber(p, idOrArn);
  if (n.status === "IN_PROGRESS") {
    throw resourceInUse(`Phone number ${n.id} has an operation in progress.`, "PHONE_NUMBER", n.id);
  }
  // A move into a target at its limit of active numbers settles FAILED, the number held on its old target (the
  // limit placeClaim applies to a claim).
  const full = target.arn !== n.targetArn && atLimit(store, p, target, n);
  // A move keeps no flow association: the admin guide says to associate the flow again.
  n.flowId = undefined;
  n.failedClaim = undefined;
  n.status = "IN_PROGRESS";
  n.statusMessage = undefined;
  n.settlesAt = store.now() + store.settings.claimDelayMs;
  n.pendingOutcome = full
    ? { status: "FAILED", message: TARGET_AT_LIMIT, targetArn: n.targetArn }
    : { status: "CLAIMED", targetArn: target.arn };
  store.settle(n);
  const response = { PhoneNumberId: n.id, PhoneNumberArn: n.arn };
  remember(store, p, "UpdatePhoneNumber", token, fingerprint, response);
  return response;
}

export function updatePhoneNumberMetadata(store: EmulatorStore, ctx: CallContext, idOrArn: string, body: v.Body) {
  const p = store.partition(ctx);
  const description = v.str(body, "PhoneNumberDescription");
  const token = v.str(body, "ClientToken");
  const fingerprint = JSON.stringify([idOrArn, description ?? null]);
  const replayed = replay(store, p, "UpdatePhoneNumberMetadata", token, fingerprint);
  if (replayed) return replayed;
  const n = store.findNumber(p, idOrArn);
  if (description !== undefined) n.description = description;
  remember(store, p, "UpdatePhoneNumberMetadata", token, fingerprint, {});
  return {};
}

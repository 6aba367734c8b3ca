import { conflict, quotaExceeded, validation } from "./errors";
import { SmsNumber, SmsPool } from "./model";
import { SmsAccount } from "./state";
import * as v from "./validate";

/**
 * Pools, as far as numbers need them: create one around a number, add and remove numbers, describe, delete.
 * [U] Pools are taken to be ACTIVE at once, and to start with AWS's defaults (two-way off, the Default opt-out list).
 */

export function poolInformation(p: SmsPool) {
  return {
    PoolArn: p.arn,
    PoolId: p.id,
    Status: p.status,
    MessageType: p.messageType,
    TwoWayEnabled: p.twoWayEnabled,
    TwoWayChannelArn: p.twoWayChannelArn,
    SelfManagedOptOutsEnabled: p.selfManagedOptOutsEnabled,
    OptOutListName: p.optOutListName,
    SharedRoutesEnabled: p.sharedRoutesEnabled,
    DeletionProtectionEnabled: p.deletionProtectionEnabled,
    CreatedTimestamp: Math.floor(p.createdAt / 1000),
  };
}

/**
 * The number an OriginationIdentity names. [U] Sender ids and other identity kinds are not emulated: anything that
 * is not one of this account's numbers is not found.
 */
function joinable(a: SmsAccount, identity: string, pool: { id: string; messageType: string } | undefined): SmsNumber {
  const n = a.number(identity);
  if (n.status !== "ACTIVE")
    throw conflict(
      "RESOURCE_NOT_ACTIVE",
      `Phone number ${n.id} is ${n.status}; only an ACTIVE number can join a pool.`,
      "phone-number",
      n.id,
    );
  if (n.poolId !== undefined && n.poolId === pool?.id) {
    throw conflict(
      "RESOURCE_ALREADY_ASSOCIATED",
      `Phone number ${n.id} is already in pool ${n.poolId}.`,
      "phone-number",
      n.id,
    );
  }
  if (n.poolId !== undefined)
    throw conflict(
      "PHONE_NUMBER_ASSOCIATED_TO_POOL",
      `Phone number ${n.id} already belongs to pool ${n.poolId}.`,
      "phone-number",
      n.id,
    );
  if (pool && pool.messageType !== n.messageType) {
    throw conflict(
      "MESSAGE_TYPE_MISMATCH",
      `Pool ${pool.id} sends ${pool.messageType} messages, phone number ${n.id} ${n.messageType}.`,
      "pool",
      pool.id,
    );
  }
  return n;
}

function identityAnswer(pool: SmsPool, n: SmsNumber) {
  return {
    PoolArn: pool.arn,
    PoolId: pool.id,
    OriginationIdentityArn: n.arn,
    OriginationIdentity: n.id,
    IsoCountryCode: n.isoCountryCode,
  };
}

export function createPool(a: SmsAccount, body: v.Body) {
  const identity = v.str(body, "OriginationIdentity")!;
  const iso = v.str(body, "IsoCountryCode");
  const messageType = v.str(body, "MessageType")!;
  const deletionProtection = v.bool(body, "DeletionProtectionEnabled") ?? false;
  const tags = v.tags(body);
  const token = v.str(body, "ClientToken");
  const fingerprint = v.fingerprintOf(body);
  const replayed = a.replay("CreatePool", token, fingerprint);
  if (replayed) return replayed;
  if (a.data.pools.length + 1 > a.settings.poolLimit) {
    throw quotaExceeded("POOLS_PER_ACCOUNT", `The account has ${a.settings.poolLimit} pools, its limit.`);
  }
  const n = joinable(a, identity, undefined);
  if (n.messageType !== messageType) {
    throw conflict(
      "MESSAGE_TYPE_MISMATCH",
      `Phone number ${n.id} sends ${n.messageType} messages, not ${messageType}.`,
      "phone-number",
      n.id,
    );
  }
  if (iso !== undefined && iso !== n.isoCountryCode) {
    throw validation("COUNTRY_CODE_MISMATCH", `Phone number ${n.id} is in ${n.isoCountryCode}, not ${iso}.`, [
      { Name: "IsoCountryCode", Message: "does not match the number" },
    ]);
  }
  const id = a.nextId("pool");
  const pool: SmsPool = {
    id,
    arn: a.arn("pool", id),
    status: "ACTIVE",
    messageType,
    twoWayEnabled: false,
    selfManagedOptOutsEnabled: false,
    optOutListName: "Default",
    sharedRoutesEnabled: false,
    deletionProtectionEnabled: deletionProtection,
    tags: { ...tags },
    createdAt: a.now(),
    identities: [n.id],
    isoCountryCode: n.isoCountryCode,
  };
  a.data.pools.push(pool);
  n.poolId = pool.id;
  const response = { ...poolInformation(pool), Tags: v.tagList(pool.tags) };
  a.remember("CreatePool", token, fingerprint, response);
  return response;
}

export function describePools(a: SmsAccount, body: v.Body) {
  const { ids, owner } = v.idsOrOwner(body, "PoolIds");
  const filters = v.filters(body);
  const chosen = ids ? ids.map((id) => a.pool(id)) : owner === "SHARED" ? [] : a.data.pools;
  const field = (p: SmsPool, name: string): string | undefined =>
    ({
      status: p.status,
      "message-type": p.messageType,
      "two-way-enabled": String(p.twoWayEnabled),
      "self-managed-opt-outs-enabled": String(p.selfManagedOptOutsEnabled),
      "opt-out-list-name": p.optOutListName,
      "shared-routes-enabled": String(p.sharedRoutesEnabled),
      "deletion-protection-enabled": String(p.deletionProtectionEnabled),
      "two-way-channel-arn": p.twoWayChannelArn,
    })[name];
  const found = chosen.filter((p) => filters.every((f) => f.values.includes(field(p, f.name) ?? "")));
  const { slice, next } = v.page(found, body, JSON.stringify([ids, owner, filters]), 100);
  return { Pools: slice.map(poolInformation), NextToken: next };
}

export function deletePool(a: SmsAccount, body: v.Body) {
  const pool = a.pool(v.str(body, "PoolId")!);
  if (pool.deletionProtectionEnabled) {
    throw conflict("DELETION_PROTECTION_ENABLED", `Pool ${pool.id} has deletion protection enabled.`, "pool", pool.id);
  }
  // [V model] DeletePool "disassociates all origination identities".
  for (const n of a.data.numbers) if (n.poolId === pool.id) n.poolId = undefined;
  a.data.pools = a.data.pools.filter((p) => p !== pool);
  return { ...poolInformation(pool), Status: "DELETING" };
}

export function associateOriginationIdentity(a: SmsAccount, body: v.Body) {
  const pool = a.pool(v.str(body, "PoolId")!);
  const identity = v.str(body, "OriginationIdentity")!;
  const iso = v.str(body, "IsoCountryCode")!;
  const token = v.str(body, "ClientToken");
  const fingerprint = v.fingerprintOf(body);
  const replayed = a.replay("AssociateOriginationIdentity", token, fingerprint);
  if (replayed) return replayed;
  const n = joinable(a, identity, pool);
  if (iso !== n.isoCountryCode) {
    throw validation("COUNTRY_CODE_MISMATCH", `Phone number ${n.id} is in ${n.isoCountryCode}, not ${iso}.`, [
      { Name: "IsoCountryCode", Message: "does not match the number" },
    ]);
  }
  n.poolId = pool.id;
  pool.identities.push(n.id);
  const response = identityAnswer(pool, n);
  a.remember("AssociateOriginationIdentity", token, fingerprint, response);
  return response;
}

export function disassociateOriginationIdentity(a: SmsAccount, body: v.Body) {
  const pool = a.pool(v.str(body, "PoolId")!);
  const identity = v.str(body, "OriginationIdentity")!;
  const iso = v.str(body, "IsoCountryCode");
  const token = v.str(body, "ClientToken");
  const fingerprint = v.fingerprintOf(body);
  const replayed = a.replay("DisassociateOriginationIdentity", token, fingerprint);
  if (replayed) return replayed;
  const n = a.number(identity);
  if (n.poolId !== pool.id) {
    throw conflict(
      "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL",
      `Phone number ${n.id} is not in pool ${pool.id}.`,
      "phone-number",
      n.id,
    );
  }
  if (iso !== undefined && iso !== n.isoCountryCode) {
    throw validation("COUNTRY_CODE_MISMATCH", `Phone number ${n.id} is in ${n.isoCountryCode}, not ${iso}.`, [
      { Name: "IsoCountryCode", Message: "does not match the number" },
    ]);
  }
  // [U] LAST_PHONE_NUMBER presumably guards a pool's last identity: a pool cannot be empty (CreatePool needs one).
  if (pool.identities.length === 1) {
    throw conflict(
      "LAST_PHONE_NUMBER",
      `Phone number ${n.id} is the last one in pool ${pool.id}: delete the pool instead (DeletePool disassociates it).`,
      "pool",
      pool.id,
    );
  }
  n.poolId = undefined;
  pool.identities = pool.identities.filter((x) => x !== n.id);
  const response = identityAnswer(pool, n);
  a.remember("DisassociateOriginationIdentity", token, fingerprint, response);
  return response;
}

export function listPoolOriginationIdentities(a: SmsAccount, body: v.Body) {
  const pool = a.pool(v.str(body, "PoolId")!);
  const filters = v.filters(body);
  const members = pool.identities
    .map((id) => a.data.numbers.find((n) => n.id === id))
    .filter((n): n is SmsNumber => n !== undefined)
    .filter((n) =>
      filters.every((f) =>
        (f.name === "iso-country-code" ? [n.isoCountryCode] : n.numberCapabilities).some((x) => f.values.includes(x)),
      ),
    );
  const { slice, next } = v.page(members, body, JSON.stringify([pool.id, filters]), 100);
  return {
    PoolArn: pool.arn,
    PoolId: pool.id,
    OriginationIdentities: slice.map((n) => ({
      OriginationIdentityArn: n.arn,
      OriginationIdentity: n.id,
      IsoCountryCode: n.isoCountryCode,
      NumberCapabilities: n.numberCapabilities,
      PhoneNumber: n.phoneNumber,
    })),
    NextToken: next,
  };
}

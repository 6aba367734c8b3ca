import { isSupportedCountry } from "libphonenumber-js/max";
import { conflict, notFound, quotaExceeded, validation } from "./errors";
import { RequestableNumberType, SmsNumber } from "./model";
import { SmsAccount } from "./state";
import * as v from "./validate";

/** RequestPhoneNumber, DescribePhoneNumbers, UpdatePhoneNumber and ReleasePhoneNumber: what an account holds. */

const STATUSES = ["PENDING", "ACTIVE", "ASSOCIATING", "DISASSOCIATING", "DELETED"] as const;
/** [U] AWS prices vary by country; [3P] cdkd #1320 says SIMULATOR numbers cost $1.00 a month. */
const MONTHLY_PRICE: Record<string, string> = {
  LONG_CODE: "1.00",
  TOLL_FREE: "2.00",
  TEN_DLC: "2.00",
  SIMULATOR: "1.00",
};

/** PhoneNumberInformation (DescribePhoneNumbers); the other responses are subsets of it. */
export function numberInformation(n: SmsNumber) {
  return {
    PhoneNumberArn: n.arn,
    PhoneNumberId: n.id,
    PhoneNumber: n.phoneNumber,
    Status: n.status,
    IsoCountryCode: n.isoCountryCode,
    MessageType: n.messageType,
    NumberCapabilities: n.numberCapabilities,
    NumberType: n.numberType,
    MonthlyLeasingPrice: n.monthlyLeasingPrice,
    TwoWayEnabled: n.twoWayEnabled,
    TwoWayChannelArn: n.twoWayChannelArn,
    TwoWayChannelRole: n.twoWayChannelRole,
    SelfManagedOptOutsEnabled: n.selfManagedOptOutsEnabled,
    OptOutListName: n.optOutListName,
    InternationalSendingEnabled: n.internationalSendingEnabled,
    DeletionProtectionEnabled: n.deletionProtectionEnabled,
    PoolId: n.poolId,
    RegistrationId: n.registrationId,
    CreatedTimestamp: Math.floor(n.createdAt / 1000),
  };
}

/** A response shape that leaves members out: UpdatePhoneNumber has no PoolId, ReleasePhoneNumber none of the three. */
function without<T extends object>(o: T, keys: Array<keyof T>): Partial<T> {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

export function requestPhoneNumber(a: SmsAccount, body: v.Body) {
  const isoCountryCode = v.str(body, "IsoCountryCode")!;
  const messageType = v.str(body, "MessageType")!;
  const capabilities = v.strings(body, "NumberCapabilities")!;
  if (new Set(capabilities).size !== capabilities.length) {
    throw validation("FIELD_VALIDATION_FAILED", "NumberCapabilities lists a capability twice.", [
      { Name: "NumberCapabilities", Message: "duplicate capability" },
    ]);
  }
  const numberType = v.str(body, "NumberType") as RequestableNumberType;
  const optOutListName = v.str(body, "OptOutListName");
  const poolId = v.nonEmpty(body, "PoolId");
  const registrationId = v.str(body, "RegistrationId");
  const deletionProtection = v.bool(body, "DeletionProtectionEnabled") ?? false;
  const international = v.bool(body, "InternationalSendingEnabled") ?? false;
  const tags = v.tags(body);
  const token = v.str(body, "ClientToken");

  // [V SDK doc] "When you request a SIMULATOR phone number, you must set MessageType as TRANSACTIONAL"; the error is [U].
  if (numberType === "SIMULATOR" && messageType !== "TRANSACTIONAL") {
    throw validation("INVALID_PARAMETER", "A SIMULATOR number needs MessageType TRANSACTIONAL.", [
      { Name: "MessageType", Message: "must be TRANSACTIONAL for SIMULATOR" },
    ]);
  }
  // [U] 10DLC is a US registration scheme; the error AWS gives elsewhere is not documented.
  if (numberType === "TEN_DLC" && isoCountryCode !== "US") {
    throw validation("INVALID_PARAMETER", `TEN_DLC numbers exist only in the US, not in ${isoCountryCode}.`, [
      { Name: "IsoCountryCode", Message: "must be US for TEN_DLC" },
    ]);
  }
  if (!isSupportedCountry(isoCountryCode)) {
    throw validation("INVALID_PARAMETER", `No phone numbers are offered in ${isoCountryCode}.`, [
      { Name: "IsoCountryCode", Message: "not a country with numbers" },
    ]);
  }

  const fingerprint = v.fingerprintOf(body);
  const replayed = a.replay("RequestPhoneNumber", token, fingerprint);
  if (replayed) return replayed;

  if (a.heldNumbers().length + 1 > a.settings.phoneNumberLimit) {
    throw quotaExceeded(
      "PHONE_NUMBERS_PER_ACCOUNT",
      `The account holds ${a.settings.phoneNumberLimit} phone numbers, its limit. Release one or ask AWS Support to raise PHONE_NUMBERS.`,
    );
  }
  const pool = poolId !== undefined ? a.pool(poolId) : undefined;
  if (pool && pool.messageType !== messageType) {
    throw conflict(
      "MESSAGE_TYPE_MISMATCH",
      `Pool ${pool.id} sends ${pool.messageType} messages; the number would send ${messageType}.`,
      "pool",
      pool.id,
    );
  }
  const phoneNumber = a.allocate(isoCountryCode, numberType);
  // [U] what AWS answers when a country has no numbers of a type left is not documented.
  if (!phoneNumber)
    throw validation("INVALID_PARAMETER", `No ${numberType} numbers are available in ${isoCountryCode}.`, [
      { Name: "NumberType", Message: "none available" },
    ]);

  const now = a.now();
  const id = a.nextId("phone");
  const n: SmsNumber = {
    id,
    arn: a.arn("phone-number", id),
    phoneNumber,
    status: "PENDING",
    isoCountryCode,
    messageType,
    numberCapabilities: [...capabilities],
    numberType,
    monthlyLeasingPrice: MONTHLY_PRICE[numberType],
    twoWayEnabled: false,
    selfManagedOptOutsEnabled: false,
    // [U] opt-out lists are not emulated: any well-formed name (or ARN) is taken as existing.
    optOutListName: optOutListName ?? "Default",
    internationalSendingEnabled: international,
    deletionProtectionEnabled: deletionProtection,
    poolId: pool?.id,
    // [U] registrations are not emulated: any well-formed id is accepted.
    registrationId,
    tags: { ...tags },
    createdAt: now,
    activatesAt: now + a.settings.pendingMs[numberType],
  };
  a.data.numbers.push(n);
  pool?.identities.push(n.id);
  a.data.events.push({ at: now, action: "request", phoneNumberId: id, phoneNumber, clientToken: token });
  // The answer carries the status at request time (PENDING), as Terraform's waiter expects; Describe moves on.
  const response = { ...numberInformation(n), Tags: v.tagList(n.tags) };
  a.remember("RequestPhoneNumber", token, fingerprint, response);
  return response;
}

function matches(n: SmsNumber, f: v.Filter): boolean {
  const value = (): string[] => {
    switch (f.name) {
      case "status":
        return [n.status];
      case "iso-country-code":
        return [n.isoCountryCode];
      case "message-type":
        return [n.messageType];
      case "number-capability":
        return n.numberCapabilities;
      case "number-type":
        return [n.numberType];
      case "two-way-enabled":
        return [String(n.twoWayEnabled)];
      case "self-managed-opt-outs-enabled":
        return [String(n.selfManagedOptOutsEnabled)];
      case "opt-out-list-name":
        return [n.optOutListName];
      case "deletion-protection-enabled":
        return [String(n.deletionProtectionEnabled)];
      default:
        return n.twoWayChannelArn ? [n.twoWayChannelArn] : [];
    }
  };
  return value().some((x) => f.values.includes(x));
}

export function describePhoneNumbers(a: SmsAccount, body: v.Body) {
  const { ids, owner } = v.idsOrOwner(body, "PhoneNumberIds");
  const filters = v.filters(body);
  for (const f of filters.filter((x) => x.name === "status")) {
    const bad = f.values.find((x) => !(STATUSES as readonly string[]).includes(x));
    if (bad)
      throw validation("INVALID_FILTER_VALUES", `Filter status has an invalid value ${bad}.`, [
        { Name: "Filters.Values", Message: "invalid value" },
      ]);
  }
  a.settle();
  // [U] "If you specify a phone number ID that isn't valid, an error is returned": assumed ResourceNotFound.
  const chosen = ids ? ids.map((id) => a.number(id)) : owner === "SHARED" ? [] : a.data.numbers;
  const found = chosen.filter((n) => filters.every((f) => matches(n, f)));
  // [U] the default page size is not documented; assumed the maximum, 100.
  const { slice, next } = v.page(found, body, JSON.stringify([ids, owner, filters]), 100);
  return { PhoneNumbers: slice.map(numberInformation), NextToken: next };
}

export function updatePhoneNumber(a: SmsAccount, body: v.Body) {
  const id = v.str(body, "PhoneNumberId")!;
  const twoWayEnabled = v.bool(body, "TwoWayEnabled");
  const channel = v.str(body, "TwoWayChannelArn");
  const role = v.str(body, "TwoWayChannelRole");
  const selfManaged = v.bool(body, "SelfManagedOptOutsEnabled");
  const optOutListName = v.str(body, "OptOutListName");
  const deletionProtection = v.bool(body, "DeletionProtectionEnabled");
  const international = v.bool(body, "InternationalSendingEnabled");
  const n = a.number(id);
  // [U] Terraform waits for ACTIVE before updating and then retries RESOURCE_NOT_ACCESSIBLE; assumed: only an
  // ACTIVE number can be updated, anything else answers RESOURCE_NOT_ACTIVE.
  if (n.status !== "ACTIVE")
    throw conflict(
      "RESOURCE_NOT_ACTIVE",
      `Phone number ${n.id} is ${n.status}; only an ACTIVE number can be updated.`,
      "phone-number",
      n.id,
    );
  // [D] "If the origination phone number is associated with a pool, an error is returned"; the Reason is [U].
  if (n.poolId) {
    throw conflict(
      "PHONE_NUMBER_ASSOCIATED_TO_POOL",
      `Phone number ${n.id} belongs to pool ${n.poolId}: change the pool's settings, or disassociate the number first.`,
      "phone-number",
      n.id,
    );
  }
  if (channel !== undefined && channel.startsWith("connect.") && channel !== `connect.${a.ctx.region}.amazonaws.com`) {
    // [U] inbound SMS can only be routed to Amazon Connect in the number's own region.
    throw validation(
      "INVALID_PARAMETER",
      `TwoWayChannelArn ${channel} is not Amazon Connect in ${a.ctx.region}: use connect.${a.ctx.region}.amazonaws.com.`,
      [{ Name: "TwoWayChannelArn", Message: "Connect in another region" }],
    );
  }
  if ((twoWayEnabled ?? n.twoWayEnabled) && !(channel ?? n.twoWayChannelArn)) {
    // [U] the reason AWS gives for two-way without a destination.
    throw validation(
      "TWO_WAY_CHANNEL_NOT_PRESENT",
      "TwoWayEnabled needs a TwoWayChannelArn (an SNS topic ARN, or connect.<region>.amazonaws.com).",
      [{ Name: "TwoWayChannelArn", Message: "required when TwoWayEnabled" }],
    );
  }
  if (twoWayEnabled !== undefined) n.twoWayEnabled = twoWayEnabled;
  if (channel !== undefined) n.twoWayChannelArn = channel;
  if (role !== undefined) n.twoWayChannelRole = role;
  if (selfManaged !== undefined) n.selfManagedOptOutsEnabled = selfManaged;
  if (optOutListName !== undefined) n.optOutListName = optOutListName;
  if (deletionProtection !== undefined) n.deletionProtectionEnabled = deletionProtection;
  if (international !== undefined) n.internationalSendingEnabled = international;
  return without(numberInformation(n), ["PoolId"]);
}

export function releasePhoneNumber(a: SmsAccount, body: v.Body) {
  const id = v.str(body, "PhoneNumberId")!;
  const n = a.number(id);
  // [U] a number already released is answered as not found (Terraform treats both as gone).
  if (n.status === "DISASSOCIATING" || n.status === "DELETED") throw notFound("phone-number", id);
  // [U] the Reasons: DELETION_PROTECTION_ENABLED from the enum's name, PHONE_NUMBER_ASSOCIATED_TO_POOL from
  // Terraform's delete, which retries exactly that reason.
  if (n.deletionProtectionEnabled) {
    throw conflict(
      "DELETION_PROTECTION_ENABLED",
      `Phone number ${n.id} has deletion protection enabled: disable it with UpdatePhoneNumber first.`,
      "phone-number",
      n.id,
    );
  }
  if (n.poolId) {
    throw conflict(
      "PHONE_NUMBER_ASSOCIATED_TO_POOL",
      `Phone number ${n.id} belongs to pool ${n.poolId}: disassociate it (DisassociateOriginationIdentity) first.`,
      "phone-number",
      n.id,
    );
  }
  const imported = a.importedInto(n);
  if (imported) {
    // [U] AWS does not say what releasing an SMS number that Connect imported does; assumed refused.
    throw conflict(
      "RESOURCE_DELETION_NOT_ALLOWED",
      `Phone number ${n.id} is imported into Amazon Connect as ${imported}: release it there first.`,
      "phone-number",
      n.id,
    );
  }
  const now = a.now();
  n.status = "DISASSOCIATING";
  n.deletedAt = now + a.settings.releaseMs;
  a.data.released.push(n.phoneNumber);
  a.data.events.push({ at: now, action: "release", phoneNumberId: n.id, phoneNumber: n.phoneNumber });
  const answer = without(numberInformation(n), ["DeletionProtectionEnabled", "PoolId", "InternationalSendingEnabled"]);
  a.settle();
  return answer;
}

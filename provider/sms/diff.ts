import { userTags } from "../../core/owner";
import { smsIdOf } from "../../core/sms";
import { OriginationNumberInputs, OriginationNumberOutputs, isAdopting, isUnknown, regionOf } from "./shape";

export interface OriginationDiff {
  changes: boolean;
  /** Replacement: a new number is requested and the old one released. */
  replaces: string[];
  /** In place: UpdatePhoneNumber, pool membership, tags, ownership tags, or state only. */
  updates: string[];
  deleteBeforeReplace: false;
}

/** Settings UpdatePhoneNumber changes in place. Unset leaves AWS's value as it is (adopting never turns protection off). */
export const IN_PLACE_SETTINGS = [
  "deletionProtectionEnabled",
  "twoWayChannelEnabled",
  "twoWayChannelArn",
  "twoWayChannelRole",
  "selfManagedOptOutsEnabled",
  "optOutListName",
  "internationalSendingEnabled",
] as const;

/** Kept in state only: read by later updates and by delete. */
const STATE_ONLY = ["forceDisassociate", "waitForActiveSeconds"] as const;

/**
 * Replacement only when the number itself must change: another country, message type, capability set, number
 * type, registration or region, or another adopted id. Everything else is done in place. The serialized provider
 * never counts.
 */
export function diffOriginationNumber(olds: OriginationNumberOutputs, news: OriginationNumberInputs): OriginationDiff {
  const replaces: string[] = [];
  const updates: string[] = [];
  const differs = (a: unknown, b: unknown) => isUnknown(b) || a !== b;

  if (isAdopting(news)) {
    if (isUnknown(news.phoneNumberId) || smsIdOf(news.phoneNumberId!) !== olds.phoneNumberId) replaces.push("phoneNumberId");
  } else {
    for (const k of ["isoCountryCode", "messageType", "numberType"] as const) if (differs(olds[k], news[k])) replaces.push(k);
    if (isUnknown(news.numberCapabilities) || !sameSet(olds.numberCapabilities, news.numberCapabilities)) replaces.push("numberCapabilities");
    // A registration cannot be taken off a number: only a different one forces a new number.
    if (news.registrationId !== undefined && differs(olds.registrationId, news.registrationId)) replaces.push("registrationId");
  }
  const region = regionOf(news, olds.region);
  if (region !== undefined && differs(olds.region, region)) replaces.push("region");

  for (const k of IN_PLACE_SETTINGS) if (news[k] !== undefined && differs(olds[k], news[k])) updates.push(k);
  if (news.poolId !== undefined ? differs(olds.poolId, isUnknown(news.poolId) ? news.poolId : smsIdOf(news.poolId)) : olds.declaredPoolId !== undefined) updates.push("poolId");
  if (!sameTags(olds.tags, news.tags)) updates.push("tags");
  for (const k of STATE_ONLY) if (olds[k] !== news[k]) updates.push(k);
  // Renamed with an alias, or moved under a parent: the same number, whose ownership tags must follow.
  if (olds.ownerUrn !== news.ownerUrn) updates.push("ownerUrn");

  return { changes: replaces.length > 0 || updates.length > 0, replaces, updates, deleteBeforeReplace: false };
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  return a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");
}

function sameTags(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (isUnknown(b)) return false;
  const x = userTags(a);
  const y = userTags(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (x[k] !== y[k]) return false;
  return true;
}

import { sameUserTags } from "../../core/owner";
import { forcingSmsInputs, smsIdOf, wantedSmsNumber } from "../../core/sms";
import { OriginationNumberInputs, OriginationNumberOutputs, isUnknown } from "./shape";

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
 * Replacement only when the number itself must change (core/sms forcingSmsInputs). Everything else is done in place. The serialized provider
 * never counts.
 */
export function diffOriginationNumber(olds: OriginationNumberOutputs, news: OriginationNumberInputs): OriginationDiff {
  const replaces: string[] = [];
  const updates: string[] = [];
  const differs = (a: unknown, b: unknown) => isUnknown(b) || a !== b;

  replaces.push(...forcingSmsInputs(olds, wantedSmsNumber(news)));

  for (const k of IN_PLACE_SETTINGS) if (news[k] !== undefined && differs(olds[k], news[k])) updates.push(k);
  if (
    news.poolId !== undefined
      ? differs(olds.poolId, isUnknown(news.poolId) ? news.poolId : smsIdOf(news.poolId))
      : olds.declaredPoolId !== undefined
  )
    updates.push("poolId");
  if (!sameUserTags(olds.tags, news.tags)) updates.push("tags");
  for (const k of STATE_ONLY) if (olds[k] !== news[k]) updates.push(k);
  // Renamed with an alias, or moved under a parent: the same number, whose ownership tags must follow.
  if (olds.ownerUrn !== news.ownerUrn) updates.push("ownerUrn");

  return { changes: replaces.length > 0 || updates.length > 0, replaces, updates, deleteBeforeReplace: false };
}

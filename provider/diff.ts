import { matchesPrefix, parseTargetArn, userTags } from "../core";
import { PhoneNumberInputs, PhoneNumberOutputs, claimMode, isUnknown } from "./shape";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  /** Changes that go through in place: UpdatePhoneNumber, UpdatePhoneNumberMetadata, tags, state only. */
  updates: string[];
  deleteBeforeReplace: false;
}

/**
 * Replacement (a claim and a release) only when the number itself must change: another phoneNumber, search
 * criteria the current number no longer meets, a target in another region, another adopted id. Everything else
 * is updated in place. The serialized provider code and the derived claim key never count.
 */
export function diffPhoneNumber(olds: PhoneNumberOutputs, news: PhoneNumberInputs): DiffResult {
  const replaces: string[] = [];
  const updates: string[] = [];
  const current = olds.phoneNumber;

  switch (claimMode(news)) {
    case "adopt":
      if (news.phoneNumberId !== undefined && (isUnknown(news.phoneNumberId) || news.phoneNumberId !== olds.phoneNumberId)) replaces.push("phoneNumberId");
      if (news.phoneNumberId === undefined && news.phoneNumber !== current) replaces.push("phoneNumber");
      break;
    case "specific":
      if (isUnknown(news.phoneNumber) || news.phoneNumber !== current) replaces.push("phoneNumber");
      break;
    case "search":
      if (isUnknown(news.countryCode) || news.countryCode !== olds.countryCode) replaces.push("countryCode");
      if (isUnknown(news.type) || news.type !== olds.type) replaces.push("type");
      if (news.prefix !== undefined && (isUnknown(news.prefix) || !matchesPrefix(current, news.prefix))) replaces.push("prefix");
      break;
  }

  const newTarget = news.targetArn ?? news.instanceId;
  if (newTarget !== undefined) {
    if (isUnknown(newTarget)) {
      // Another region would need a new number; unknown at preview, so say so conservatively.
      replaces.push(news.targetArn !== undefined ? "targetArn" : "instanceId");
    } else if (!sameTarget(olds.targetArn, news)) {
      const oldRegion = parseTargetArn(olds.targetArn)?.region;
      const newRegion = news.targetArn !== undefined ? parseTargetArn(news.targetArn)?.region : oldRegion;
      if (oldRegion && newRegion && oldRegion !== newRegion) replaces.push("targetArn");
      else updates.push(news.targetArn !== undefined ? "targetArn" : "instanceId");
    }
  }
  // An unset description leaves the number's own alone (AWS has no way to clear one), so only a set one counts.
  if (news.description !== undefined && news.description !== olds.description) updates.push("description");
  if (!sameTags(olds.tags, news.tags)) updates.push("tags");
  if ((news.deletionProtection ?? false) !== (olds.deletionProtection ?? false)) updates.push("deletionProtection");
  // Renamed with an alias: the same number, whose ownership tag must follow the new name.
  if (olds.ownerResource !== undefined && news.ownerResource !== olds.ownerResource) updates.push("ownerResource");

  return { changes: replaces.length > 0 || updates.length > 0, replaces, updates, deleteBeforeReplace: false };
}

function sameTarget(oldArn: string, news: PhoneNumberInputs): boolean {
  if (news.targetArn !== undefined) return news.targetArn === oldArn;
  return oldArn.endsWith(`:instance/${news.instanceId}`) || oldArn === news.instanceId;
}

function sameTags(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (isUnknown(b)) return false;
  const x = userTags(a);
  const y = userTags(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (x[k] !== y[k]) return false;
  return true;
}

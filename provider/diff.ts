import { matchesPrefix, userTags } from "../core";
import { PhoneNumberInputs, PhoneNumberOutputs, bareNumberId, claimMode, isUnknown, placeOfArn } from "./shape";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  /** Changes that go through in place: UpdatePhoneNumber, UpdatePhoneNumberMetadata, tags, state only. */
  updates: string[];
  deleteBeforeReplace: false;
}

/** The new inputs as diff needs them: the pack and the CLI have no owner URN to give. */
export type DiffInputs = Omit<PhoneNumberInputs, "ownerUrn"> & { ownerUrn?: string };

export interface DiffContext {
  /** The region of a resource given only instanceId and no region (stack config): known in the provider only. */
  defaultRegion?: string;
}

/**
 * Replacement (a claim and a release) only when the number itself must change: another phoneNumber, search
 * criteria the current number no longer meets, another region, another adopted id, or a claim AWS reported
 * FAILED (retried by a new claim of the same number). Everything else is updated in place. The serialized provider
 * code never counts. Old state may be partial (a create interrupted after the claim) or written by 0.1: fields it
 * lacks are read back by an update rather than guessed.
 */
export function diffPhoneNumber(olds: PhoneNumberOutputs, news: DiffInputs, context: DiffContext = {}): DiffResult {
  const replaces: string[] = [];
  const updates: string[] = [];
  const current = olds.phoneNumber;

  switch (claimMode(news)) {
    case "adopt":
      if (news.phoneNumberId !== undefined) {
        if (isUnknown(news.phoneNumberId) || bareNumberId(news.phoneNumberId) !== olds.phoneNumberId) replaces.push("phoneNumberId");
      } else if (isUnknown(news.phoneNumber) || (current !== undefined && news.phoneNumber !== current)) {
        replaces.push("phoneNumber");
      }
      break;
    case "specific":
      if (isUnknown(news.phoneNumber) || (current !== undefined && news.phoneNumber !== current)) replaces.push("phoneNumber");
      break;
    case "search":
      if (isUnknown(news.countryCode) || (olds.countryCode !== undefined && news.countryCode !== olds.countryCode)) replaces.push("countryCode");
      if (isUnknown(news.type) || (olds.type !== undefined && news.type !== olds.type)) replaces.push("type");
      if (news.prefix !== undefined && (isUnknown(news.prefix) || (current !== undefined && !matchesPrefix(current, news.prefix)))) replaces.push("prefix");
      break;
  }

  // AWS keeps a FAILED claim's number for a day for a retry; the retry is a new claim, so a new instance. A
  // FAILED move is retried in place.
  if (olds.status === "FAILED" && olds.failedOperation !== "move") replaces.push("status");
  else if (current === undefined || olds.status !== "CLAIMED") updates.push("status");

  diffPlace(olds, news, context, replaces, updates);

  // An unset description leaves the number's own alone (AWS has no way to clear one), so only a set one counts.
  if (news.description !== undefined && news.description !== olds.description) updates.push("description");
  if (!sameTags(olds.tags, news.tags)) updates.push("tags");
  if ((news.deletionProtection ?? false) !== (olds.deletionProtection ?? false)) updates.push("deletionProtection");
  // Renamed or moved under another parent with an alias (or state from 0.1): the same number, whose ownership
  // tags and ledger record must follow the new URN.
  if (news.ownerUrn !== undefined && news.ownerUrn !== olds.ownerUrn) updates.push("ownerUrn");

  return { changes: replaces.length > 0 || updates.length > 0, replaces, updates, deleteBeforeReplace: false };
}

/** The region and target: another region replaces (a number never leaves its region), another target moves. */
function diffPlace(olds: PhoneNumberOutputs, news: DiffInputs, context: DiffContext, replaces: string[], updates: string[]): void {
  const oldRegion = regionOfState(olds);
  // Another region would need a new number; a target unknown at preview may be one, so say so conservatively.
  if (isUnknown(news.targetArn)) {
    replaces.push("targetArn");
    return;
  }
  const newRegion =
    placeOfArn(news.targetArn)?.region ??
    (news.phoneNumberId !== undefined ? placeOfArn(news.phoneNumberId)?.region : undefined) ??
    (news.region !== undefined && !isUnknown(news.region) ? news.region : undefined) ??
    (news.instanceId !== undefined ? context.defaultRegion : undefined);
  if (isUnknown(news.region) || (oldRegion !== undefined && newRegion !== undefined && oldRegion !== newRegion)) {
    replaces.push(news.targetArn !== undefined ? "targetArn" : "region");
    return;
  }
  const newTarget = news.targetArn ?? news.instanceId;
  if (newTarget === undefined) return;
  if (isUnknown(newTarget)) {
    replaces.push("instanceId");
    return;
  }
  if (!sameTarget(olds.targetArn, news)) updates.push(news.targetArn !== undefined ? "targetArn" : "instanceId");
}

/** Where a stored number lives: its own ARN says so; older or partial state falls back to what it has. */
export function regionOfState(olds: Pick<PhoneNumberOutputs, "arn" | "region" | "targetArn">): string | undefined {
  return placeOfArn(olds.arn)?.region ?? olds.region ?? placeOfArn(olds.targetArn)?.region;
}

function sameTarget(oldArn: string | undefined, news: DiffInputs): boolean {
  if (oldArn === undefined) return false;
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

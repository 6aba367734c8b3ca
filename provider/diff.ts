import { forcingInputs, sameUserTags, wantedNumber } from "../core";
import { PhoneNumberInputs, PhoneNumberOutputs, placeOfArn } from "./shape";

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
 * Replacement (a claim and a release) only when the number itself must change (core/connect forcingInputs), or
 * for a claim AWS reported FAILED (retried by a new claim of the same number). Everything else is updated in place. The serialized provider
 * code never counts. Old state may be partial (a create interrupted after the claim) or written by 0.1: fields it
 * lacks are read back by an update rather than guessed.
 */
export function diffPhoneNumber(olds: PhoneNumberOutputs, news: DiffInputs, context: DiffContext = {}): DiffResult {
  const updates: string[] = [];
  const wanted = wantedNumber(news, { defaultRegion: context.defaultRegion });
  const held = {
    phoneNumberId: olds.phoneNumberId,
    phoneNumber: olds.phoneNumber,
    countryCode: olds.countryCode,
    type: olds.type,
    region: regionOfState(olds),
  };
  const replaces: string[] = forcingInputs(held, wanted);

  // AWS keeps a FAILED claim's number for a day for a retry; the retry is a new claim, so a new instance. A
  // FAILED move is retried in place.
  if (olds.status === "FAILED" && olds.failedOperation !== "move") replaces.push("status");
  else if (olds.phoneNumber === undefined || olds.status !== "CLAIMED") updates.push("status");

  // Another target in the same region moves the number in place.
  const newTarget = news.targetArn ?? news.instanceId;
  if (
    !replaces.some((k) => REGION_INPUTS.includes(k)) &&
    newTarget !== undefined &&
    !sameTarget(olds.targetArn, news)
  ) {
    updates.push(news.targetArn !== undefined ? "targetArn" : "instanceId");
  }

  // An unset description leaves the number's own alone (AWS has no way to clear one), so only a set one counts.
  if (news.description !== undefined && news.description !== olds.description) updates.push("description");
  if (!sameUserTags(olds.tags, news.tags)) updates.push("tags");
  if ((news.deletionProtection ?? false) !== (olds.deletionProtection ?? false)) updates.push("deletionProtection");
  // Renamed or moved under another parent with an alias (or state from 0.1): the same number, whose ownership
  // tags and ledger record must follow the new URN.
  if (news.ownerUrn !== undefined && news.ownerUrn !== olds.ownerUrn) updates.push("ownerUrn");

  return { changes: replaces.length > 0 || updates.length > 0, replaces, updates, deleteBeforeReplace: false };
}

const REGION_INPUTS: readonly string[] = ["targetArn", "region", "instanceId"];

/** Where a stored number lives: its own ARN says so; older or partial state falls back to what it has. */
export function regionOfState(olds: Pick<PhoneNumberOutputs, "arn" | "region" | "targetArn">): string | undefined {
  return placeOfArn(olds.arn)?.region ?? olds.region ?? placeOfArn(olds.targetArn)?.region;
}

function sameTarget(oldArn: string | undefined, news: DiffInputs): boolean {
  if (oldArn === undefined) return false;
  if (news.targetArn !== undefined) return news.targetArn === oldArn;
  return oldArn.endsWith(`:instance/${news.instanceId}`) || oldArn === news.instanceId;
}

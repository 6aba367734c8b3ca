import { phoneNumberIdOf } from "./connect/arn";
import { ChurnEvent, ChurnHistory } from "./history";
import { PlannedOperation } from "./plan";

/** A planned release the window already counts: the release of its number id an earlier run left there. */
export interface CountedRelease {
  operation: PlannedOperation;
  /** The window's release of the same number id: a reservation, a commit or an imported (CloudTrail) event. */
  event: ChurnEvent;
}

/**
 * The one rule for a release the window already holds, in every face (the ledger's countedEntries is its apply-time
 * twin): a number id is released once (a released number is gone; a number claimed again gets a new id), so a
 * planned release of id N, where the window at `now` holds a release of N (a run killed in flight left its
 * reservation; a commit or CloudTrail's event says it happened), is that event again and adds nothing. Each such
 * event stands for one planned release; a release without a known id is never matched (counted, the safe side).
 */
export function releasesAlreadyCounted(
  history: ChurnHistory,
  operations: readonly PlannedOperation[],
  now: number,
  windowMs: number,
): CountedRelease[] {
  const held = new Map<string, ChurnEvent[]>();
  for (const e of history.events) {
    if (e.action !== "release" || e.phoneNumberId === undefined || e.at > now || e.at <= now - windowMs) continue;
    const id = phoneNumberIdOf(e.phoneNumberId);
    held.set(id, [...(held.get(id) ?? []), e]);
  }
  if (held.size === 0) return [];
  const out: CountedRelease[] = [];
  for (const operation of operations) {
    if (operation.action !== "release" || operation.phoneNumberId === undefined) continue;
    // The latest first: the event that stands for the release longest, as the ledger keeps it.
    const event = held.get(phoneNumberIdOf(operation.phoneNumberId))?.pop();
    if (event !== undefined) out.push({ operation, event });
  }
  return out;
}

/** The sentence every face says of one: which number, and why its release adds nothing. */
export function alreadyCountedSentence(c: CountedRelease): string {
  const id = c.operation.phoneNumberId!;
  const number =
    c.operation.phoneNumber !== undefined && c.operation.phoneNumber !== id ? `${c.operation.phoneNumber} (${id})` : id;
  const what = c.event.reservation
    ? "a release left in flight by an earlier run"
    : `its release at ${new Date(c.event.at).toISOString()}${c.event.source !== undefined ? ` (${c.event.source})` : ""}`;
  return `The release of ${number} is already counted in the window: ${what}; a number is released once, so it adds nothing.`;
}

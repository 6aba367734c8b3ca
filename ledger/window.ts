import { DAY_MS } from "../core";

/**
 * The window item: every claim and release the ledger counts, for one account and region, in one compact string,
 * so a reservation is one read and one conditional write however many processes race.
 */
export interface WindowEntry {
  /** Epoch ms: the reservation's time (the service's clock), or the CloudTrail event's. */
  at: number;
  /** The reservation's id, or the CloudTrail EventId of an imported event. */
  id: string;
  action: "claim" | "release";
  /** reserved: AWS not yet answered (counted); committed: AWS did it; imported: learned from CloudTrail. */
  state: "reserved" | "committed" | "imported";
  phoneNumberId?: string;
  /** Kept while the number's id is unknown (a claim by number), to match the CloudTrail event. */
  phoneNumber?: string;
  clientToken?: string;
  /** The claiming owner, until the claim is committed (its generation counter is bumped then). */
  ownerKey?: string;
  /** The CloudTrail EventId a reservation was matched to. */
  eventId?: string;
}

const ACTIONS = { claim: "c", release: "r" } as const;
const STATES = { reserved: "R", committed: "C", imported: "I" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lower-case UUID in 22 base64url characters; anything else as "~" + its URI encoding (no "," or newline). */
function packId(value: string | undefined): string {
  if (value === undefined) return "";
  if (UUID.test(value)) return Buffer.from(value.replace(/-/g, ""), "hex").toString("base64url");
  return `~${encodeURIComponent(value)}`;
}

function unpackId(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (field.startsWith("~")) return decodeURIComponent(field.slice(1));
  const hex = Buffer.from(field, "base64url").toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Each entry's line, remembered: entries are frozen once made, so a window of thousands re-encodes only what
 * changed. Decoding remembers the lines it read, and the last string per reader (see WindowCodec).
 */
const lines = new WeakMap<WindowEntry, string>();

function encodeLine(e: WindowEntry): string {
  let line = lines.get(e);
  if (line === undefined) {
    line = [
      e.at.toString(36),
      packId(e.id),
      ACTIONS[e.action] + STATES[e.state],
      packId(e.phoneNumberId),
      packId(e.phoneNumber),
      packId(e.clientToken),
      packId(e.ownerKey),
      packId(e.eventId),
    ]
      .join(",")
      .replace(/,+$/, "");
    lines.set(e, line);
  }
  return line;
}

/** A new entry, frozen: changes make a copy (`{ ...e, state }`), so the remembered line stays right. */
export function entry(e: WindowEntry): WindowEntry {
  const clean = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as WindowEntry;
  return Object.freeze(clean);
}

/** One line per entry: at (base 36), id, action+state, number id, number, token, owner, event id. */
export function encodeEntries(entries: readonly WindowEntry[]): string {
  return entries.map(encodeLine).join("\n");
}

/** Bytes the entries take encoded (ASCII only: packed ids and URI-encoded text). */
export function encodedSize(entries: readonly WindowEntry[]): number {
  let size = Math.max(0, entries.length - 1);
  for (const e of entries) size += encodeLine(e).length;
  return size;
}

function decodeLine(line: string): WindowEntry {
  const [at, id, flags, phoneNumberId, phoneNumber, clientToken, ownerKey, eventId] = line.split(",");
  const decoded = entry({
    at: parseInt(at, 36),
    id: unpackId(id)!,
    action: flags[0] === "r" ? "release" : "claim",
    state: flags[1] === "R" ? "reserved" : flags[1] === "I" ? "imported" : "committed",
    phoneNumberId: unpackId(phoneNumberId),
    phoneNumber: unpackId(phoneNumber),
    clientToken: unpackId(clientToken),
    ownerKey: unpackId(ownerKey),
    eventId: unpackId(eventId),
  });
  lines.set(decoded, line);
  return decoded;
}

export function decodeEntries(text: string): WindowEntry[] {
  return text === "" ? [] : text.split("\n").map(decodeLine);
}

/** Decodes a window string, reusing the previous answer when the string has not changed (the common case). */
export class WindowCodec {
  private last: { text: string; entries: readonly WindowEntry[] } | undefined;

  decode(text: string): readonly WindowEntry[] {
    if (this.last?.text !== text) this.last = { text, entries: decodeEntries(text) };
    return this.last.entries;
  }
}

/**
 * DynamoDB's item limit is 400 KB (names and values together). The window string may use 380,000 bytes; the rest is
 * keys and the version. Measured per entry (UUID ids, E.164 number): 64 bytes committed, 74 imported, 88 reserved
 * (token and owner), 89 committed and matched to its CloudTrail event: 4,200 to 5,900 entries, so a window of at
 * least 4,200 events (a quota of 2,100 at 200%). Beyond that a reservation or import fails with LedgerFullError
 * (fail closed); no entry is ever dropped to make room.
 */
export const MAX_WINDOW_BYTES = 380_000;

export class LedgerFullError extends Error {}

/**
 * How old a reservation must be before `ledger sync` frees it when CloudTrail shows nothing: its call may still be
 * queued behind the rate limit, or its event not yet delivered. A process renews the slots it still holds well within
 * it (provider/runtime/held-slots.ts).
 */
export const DEFAULT_GRACE_MS = 60 * 60_000;

/** Entries are kept this long past the longest window in use: pruning never races a window's far edge. */
const PRUNE_MARGIN_MS = DAY_MS;

/**
 * Drops entries no window can count any more: older than the longest window in use (and CloudTrail's 90 days, so a
 * re-import finds the event it already has), measured from the newest entry, never from a fresh clock reading.
 * A clock that steps back, or one far ahead, never drops an entry a window still holds.
 */
export function prune(entries: readonly WindowEntry[], now: number, keepDays: number): WindowEntry[] {
  if (entries.length === 0) return [];
  const cutoff = pruneCutoff(Math.max(...entries.map((e) => e.at)), now, keepDays);
  return entries.filter((e) => e.at > cutoff);
}

/** Entries at or before this instant can be dropped (see prune). */
export function pruneCutoff(newest: number, now: number, keepDays: number): number {
  return Math.min(now, newest) - keepDays * DAY_MS - PRUNE_MARGIN_MS;
}

/**
 * The entries that are events: every one, except reservations of a release another entry of that release stands
 * for. A number id is released once (a released number is gone; a number claimed again gets a new id), so a release
 * of N reserved by a process that died (its call maybe sent) and a later reservation, commit or CloudTrail event of
 * N's release are one event, never two. It counts as the entry that proves it (a commit, an import: when the release
 * happened) if any, else as the latest reservation (ties: the one written later), never for less time than a
 * reservation that may have been it.
 * Claims are not folded: a claim's token is no proof (Connect documents no token lifetime, and a FAILED claim of a
 * number may be claimed again under the same token once AWS forgot it: two claims: docs/ledger.md, Reservations).
 */
export function countedEntries(entries: readonly WindowEntry[]): readonly WindowEntry[] {
  const stands = new Map<string, WindowEntry>();
  for (const e of entries) {
    if (e.action !== "release" || e.phoneNumberId === undefined) continue;
    const s = stands.get(e.phoneNumberId);
    if (s === undefined || (s.state === "reserved" && (e.state !== "reserved" || e.at >= s.at)))
      stands.set(e.phoneNumberId, e);
  }
  const folded = (e: WindowEntry) =>
    e.state === "reserved" &&
    e.action === "release" &&
    e.phoneNumberId !== undefined &&
    stands.get(e.phoneNumberId) !== e;
  return entries.some(folded) ? entries.filter((e) => !folded(e)) : entries;
}

/**
 * Times of the entries a window ending at `now` counts, ascending: every event (countedEntries) after now - W,
 * future-stamped ones included (another process's clock may run ahead; its entry must not drop out of the count).
 */
export function countedTimes(entries: readonly WindowEntry[], now: number, windowMs: number): number[] {
  return countedEntries(entries)
    .filter((e) => e.at > now - windowMs)
    .map((e) => e.at)
    .sort((a, b) => a - b);
}

/** When one more event fits: the (used + 1 - limit)-th oldest counted entry leaves the window. Null if never. */
export function freesAt(counted: readonly number[], limit: number, windowMs: number): number | null {
  if (limit <= 0) return null;
  const mustAgeOut = counted.length + 1 - limit;
  return mustAgeOut <= 0 ? null : counted[mustAgeOut - 1] + windowMs;
}

export function checkSize(bytes: number, where: string): void {
  if (bytes > MAX_WINDOW_BYTES) {
    throw new LedgerFullError(
      `${where}: the window item would hold ${bytes} bytes, over the ${MAX_WINDOW_BYTES} that fit DynamoDB's 400 KB item: ` +
        "the ledger holds at least 4,200 events per window. Run `connect-numbers ledger sync` (it prunes and matches reservations), " +
        "or open an issue with the account's figures.",
    );
  }
}

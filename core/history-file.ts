import { ChurnEvent } from "./history";
import { E164_PATTERN } from "./validation/phone";

/**
 * The history file format the policy pack, the CLI and the provider read: JSON Lines of
 * {"time": RFC 3339 with an offset, "action": "claim"|"release"|"import", "phoneNumber"?, "phoneNumberId"?,
 * "eventId"?}. Imports count as claims. Pure: the caller reads the file.
 */
export class HistoryFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(
      `${file}:${line}: ${detail}. Each line must be {"time": "2026-01-31T12:00:00Z", "action": "claim" | "release", "phoneNumber"?: "+1…", "phoneNumberId"?: "…", "eventId"?: "…"}`,
    );
    this.name = "HistoryFileError";
  }
}

const KEYS = new Set(["time", "action", "phoneNumber", "phoneNumberId", "eventId"]);

// RFC 3339 section 5.6 date-time: a full date, "T", a full time and an offset ("Z" or ±hh:mm). The letters may be
// lower case (section 5.6, note). Nothing else: no local times, no dates alone, no "06/01/2026".
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an RFC 3339 date-time with an offset, or NaN. Ranges are checked (February 30th is not a date); a
 * leap second (:60) is the instant after :59, as Date.UTC reads it.
 */
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return NaN;
  const offsetMinutes = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return NaN;
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts them back.
  const at = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return at - offsetMinutes * 60_000;
}

export function parseHistoryLines(text: string, file: string): ChurnEvent[] {
  const events: ChurnEvent[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const fail = (detail: string) => new HistoryFileError(file, i + 1, detail);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw fail("not JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw fail("not a JSON object");
    const o = parsed as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !KEYS.has(k));
    if (unknown.length > 0)
      throw fail(`unknown key ${JSON.stringify(unknown[0])} (a typo would silently change what counts)`);
    const at = typeof o.time === "string" ? parseRfc3339(o.time) : NaN;
    if (Number.isNaN(at)) {
      throw fail(
        `"time" ${JSON.stringify(o.time)} is not an RFC 3339 date-time with an offset, such as "2026-06-01T09:30:00Z" or "2026-06-01T11:30:00+02:00" (a time without an offset would depend on the machine's time zone)`,
      );
    }
    if (o.action !== "claim" && o.action !== "release" && o.action !== "import") {
      throw fail(`"action" ${JSON.stringify(o.action)} is not "claim", "release" or "import"`);
    }
    for (const k of ["phoneNumber", "phoneNumberId", "eventId"] as const) {
      if (o[k] !== undefined && (typeof o[k] !== "string" || o[k] === ""))
        throw fail(`"${k}" must be a non-empty string`);
    }
    if (typeof o.phoneNumber === "string" && !E164_PATTERN.test(o.phoneNumber))
      throw fail(`"phoneNumber" ${JSON.stringify(o.phoneNumber)} is not E.164 (+ and up to 15 digits)`);
    events.push({
      at,
      action: o.action === "release" ? "release" : "claim",
      phoneNumber: o.phoneNumber as string | undefined,
      phoneNumberId: o.phoneNumberId as string | undefined,
      eventId: o.eventId as string | undefined,
      source: file,
    });
  });
  return events;
}

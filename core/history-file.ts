import { ChurnEvent } from "./history";

/**
 * The history file format the policy pack, the CLI and the provider read: JSON Lines of
 * {"time": ISO-8601, "action": "claim"|"release"|"import", "phoneNumber"?, "phoneNumberId"?}. Imports count as
 * claims. Pure: the caller reads the file.
 */
export class HistoryFileError extends Error {
  constructor(readonly file: string, readonly line: number, detail: string) {
    super(`${file}:${line}: ${detail}. Each line must be {"time": "2026-01-31T12:00:00Z", "action": "claim" | "release", "phoneNumber"?: "+1…", "phoneNumberId"?: "…"}`);
    this.name = "HistoryFileError";
  }
}

export function parseHistoryLines(text: string, file: string): ChurnEvent[] {
  const events: ChurnEvent[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new HistoryFileError(file, i + 1, "not JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new HistoryFileError(file, i + 1, "not a JSON object");
    const o = parsed as Record<string, unknown>;
    const at = typeof o.time === "string" ? Date.parse(o.time) : NaN;
    if (Number.isNaN(at)) throw new HistoryFileError(file, i + 1, `"time" ${JSON.stringify(o.time)} is not an ISO-8601 instant`);
    if (o.action !== "claim" && o.action !== "release" && o.action !== "import") {
      throw new HistoryFileError(file, i + 1, `"action" ${JSON.stringify(o.action)} is not "claim" or "release"`);
    }
    for (const k of ["phoneNumber", "phoneNumberId"] as const) {
      if (o[k] !== undefined && typeof o[k] !== "string") throw new HistoryFileError(file, i + 1, `"${k}" must be a string`);
    }
    events.push({
      at,
      action: o.action === "release" ? "release" : "claim",
      phoneNumber: o.phoneNumber as string | undefined,
      phoneNumberId: o.phoneNumberId as string | undefined,
      source: file,
    });
  });
  return events;
}

import { invalidParameter } from "./errors";

/**
 * Reads members of a Connect request. The wire layer has already checked the request against AWS's model
 * (emulator/aws-model), so what is left here are the rules the model cannot state.
 */

export type Body = Record<string, unknown>;

/** A string member, or undefined when absent (the model has checked its type). */
export function str(body: Body, field: string): string | undefined {
  const v = body[field];
  return typeof v === "string" ? v : undefined;
}

export function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? (value as string[]) : undefined;
}

/** The model bounds one request's tags (1–50); a resource may hold at most 50 in all. */
export function withinTagLimit(tags: Record<string, string>, field = "Tags"): Record<string, string> {
  if (Object.keys(tags).length > 50) throw invalidParameter(`${field}: a resource can have at most 50 tags.`);
  return tags;
}

export function tags(body: Body, field = "Tags"): Record<string, string> {
  return (body[field] as Record<string, string> | undefined) ?? {};
}

/** The prefix's digits: the model allows it with or without the "+". */
export function prefixDigits(value: unknown): string | undefined {
  return typeof value === "string" ? value.replace(/^\+/, "") : undefined;
}

export function integer(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  return typeof value === "string" ? Number(value) : (value as number);
}

/** Opaque paging tokens that remember which request they belong to. */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

export function decodeToken(token: unknown, fingerprint: string, field = "NextToken"): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64url").toString("utf8")) as { o: number; f: string };
    if (parsed.f === fingerprint && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error
  }
  throw invalidParameter(`${field} is not valid for this request.`);
}

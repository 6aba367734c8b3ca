import { invalidParameter } from "./errors";

/** Server-side checks: the SDK validates nothing, so the emulator must, naming the field as AWS does. */
export const E164 = /^\+[1-9]\d{1,14}$/;
export const CLAIM_TOKEN = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const PREFIX = /^\+?[0-9]{1,11}$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export type Body = Record<string, unknown>;

export function requireString(body: Body, field: string): string {
  const v = body[field];
  if (typeof v !== "string" || v.length === 0) throw invalidParameter(`${field} is required.`);
  return v;
}

export function optionalString(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidParameter(`${field} must be a string.`);
  return v;
}

export function phoneNumber(body: Body, field = "PhoneNumber"): string {
  const v = requireString(body, field);
  if (!E164.test(v)) throw invalidParameter(`${field} ${v} is not a valid E.164 phone number.`);
  return v;
}

export function prefix(value: unknown, field = "PhoneNumberPrefix"): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !PREFIX.test(value)) throw invalidParameter(`${field} must match ^\\+?[0-9]{1,11}$.`);
  return value.replace(/^\+/, "");
}

export function description(body: Body, field = "PhoneNumberDescription"): string | undefined {
  const v = optionalString(body, field);
  if (v !== undefined && v.length > 500) throw invalidParameter(`${field} must be at most 500 characters.`);
  return v;
}

export function tags(value: unknown, field = "Tags", existing = 0): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidParameter(`${field} must be a map.`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length + existing > 50) throw invalidParameter(`${field}: a resource can have at most 50 tags.`);
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || !TAG_KEY.test(k)) throw invalidParameter(`${field} key ${JSON.stringify(k)} is not valid.`);
    if (typeof v !== "string" || v.length > 256) throw invalidParameter(`${field} value for ${JSON.stringify(k)} is not valid.`);
  }
  return value as Record<string, string>;
}

export function maxResults(value: unknown, min: number, max: number, fallback: number, field = "MaxResults"): number {
  if (value === undefined) return fallback;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw invalidParameter(`${field} must be between ${min} and ${max}.`);
  }
  return n;
}

export function stringList(value: unknown, field: string, max: number): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalidParameter(`${field} must be a list of strings.`);
  if (value.length > max) throw invalidParameter(`${field} can have at most ${max} items.`);
  return value as string[];
}

export function claimToken(body: Body, field = "ClientToken"): string | undefined {
  const v = optionalString(body, field);
  if (v !== undefined && !CLAIM_TOKEN.test(v)) {
    throw invalidParameter(`${field} must match ^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$.`);
  }
  return v;
}

export function clientToken(body: Body, field = "ClientToken"): string | undefined {
  const v = optionalString(body, field);
  if (v !== undefined && v.length > 500) throw invalidParameter(`${field} must be at most 500 characters.`);
  return v;
}

/** Opaque paging tokens that remember which request they belong to. */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

export function decodeToken(token: unknown, fingerprint: string, field = "NextToken"): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64url").toString("utf8")) as { o: number; f: string };
    if (parsed.f === fingerprint && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error
  }
  throw invalidParameter(`${field} is not valid for this request.`);
}

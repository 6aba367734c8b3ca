import { validation } from "./errors";

/**
 * Server-side checks of SMS and voice v2 requests, with the model's constraints: the SDK validates nothing. Missing
 * members answer Reason MISSING_PARAMETER, malformed ones FIELD_VALIDATION_FAILED, each naming the field in Fields.
 */

export type Body = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z0-9_:/-]+$/;
const TOKEN = /^[!-~]+$/;

const invalid = (field: string, message: string) => validation("FIELD_VALIDATION_FAILED", `${field}: ${message}`, [{ Name: field, Message: message }]);

export function required<T>(body: Body, field: string, read: (body: Body, field: string) => T | undefined): T {
  const value = read(body, field);
  if (value === undefined) throw validation("MISSING_PARAMETER", `${field} is required.`, [{ Name: field, Message: "Member must not be null" }]);
  return value;
}

export function string(body: Body, field: string, opts: { min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalid(field, "must be a string");
  const { min = 1, max = 256, pattern } = opts;
  if (v.length < min || v.length > max) throw invalid(field, `length must be between ${min} and ${max}`);
  if (pattern && !pattern.test(v)) throw invalid(field, `must match ${pattern.source}`);
  return v;
}

export const identifier = (body: Body, field: string) => string(body, field, { pattern: IDENTIFIER });

export function boolean(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalid(field, "must be a boolean");
  return v;
}

export function oneOf<T extends string>(body: Body, field: string, values: readonly T[]): T | undefined {
  const v = string(body, field, { max: 64 });
  if (v !== undefined && !(values as readonly string[]).includes(v)) throw invalid(field, `must be one of ${values.join(", ")}`);
  return v as T | undefined;
}

export function list<T extends string>(body: Body, field: string, opts: { min: number; max: number; values?: readonly T[]; pattern?: RegExp }): T[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalid(field, "must be a list of strings");
  if (v.length < opts.min || v.length > opts.max) throw invalid(field, `must have between ${opts.min} and ${opts.max} items`);
  for (const x of v as string[]) {
    if (opts.values && !(opts.values as readonly string[]).includes(x)) throw invalid(field, `${x} is not one of ${opts.values.join(", ")}`);
    if (opts.pattern && !opts.pattern.test(x)) throw invalid(field, `${x} must match ${opts.pattern.source}`);
  }
  return v as T[];
}

export function clientToken(body: Body): string | undefined {
  return string(body, "ClientToken", { max: 64, pattern: TOKEN });
}

export function maxResults(body: Body, max: number): number | undefined {
  const v = body.MaxResults;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) throw invalid("MaxResults", `must be between 1 and ${max}`);
  return v;
}

/** SMS and voice v2 tags: a list of {Key, Value}, at most 200 ([V] model: Key 1–128, Value 0–256). */
export function tags(body: Body, field = "Tags"): Record<string, string> | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(field, "must be a list of {Key, Value}");
  if (v.length > 200) throw invalid(field, "must have at most 200 items");
  const out: Record<string, string> = {};
  for (const t of v as Array<Record<string, unknown>>) {
    const key = t?.Key;
    const value = t?.Value;
    if (typeof key !== "string" || key.length < 1 || key.length > 128) throw invalid(`${field}.Key`, "length must be between 1 and 128");
    if (key.toLowerCase().startsWith("aws:")) throw invalid(`${field}.Key`, 'keys starting with "aws:" are reserved');
    if (typeof value !== "string" || value.length > 256) throw invalid(`${field}.Value`, "must be a string of at most 256 characters");
    out[key] = value;
  }
  return out;
}

export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Opaque paging tokens tied to the request that made them. */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

export function decodeToken(body: Body, fingerprint: string): number {
  const token = string(body, "NextToken", { max: 1024 });
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o: number; f: string };
    if (parsed.f === fingerprint && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // answered below
  }
  throw validation("INVALID_NEXT_TOKEN", "NextToken is not valid for this request.", [{ Name: "NextToken", Message: "not valid for this request" }]);
}

export function page<T>(items: T[], body: Body, fingerprint: string, max: number, fallback: number): { slice: T[]; next?: string } {
  const size = maxResults(body, max) ?? fallback;
  const offset = decodeToken(body, fingerprint);
  const slice = items.slice(offset, offset + size);
  return { slice, next: offset + size < items.length ? encodeToken(offset + size, fingerprint) : undefined };
}

export interface Filter {
  name: string;
  values: string[];
}

/** Filters ≤ 20 of {Name, Values[1–20]}, values 1–128 of `^[/\.:A-Za-z0-9+_-]+$`, names from the operation's enum. */
export function filters(body: Body, names: readonly string[]): Filter[] {
  const v = body.Filters;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > 20) throw invalid("Filters", "must be a list of at most 20 filters");
  return (v as Array<Record<string, unknown>>).map((f) => {
    const name = f?.Name;
    const values = f?.Values;
    if (typeof name !== "string" || !names.includes(name)) throw invalid("Filters.Name", `${String(name)} is not one of ${names.join(", ")}`);
    if (!Array.isArray(values) || values.length < 1 || values.length > 20) throw invalid("Filters.Values", "must have between 1 and 20 values");
    for (const x of values) {
      if (typeof x !== "string" || x.length < 1 || x.length > 128 || !/^[/.:A-Za-z0-9+_-]+$/.test(x)) {
        throw validation("INVALID_FILTER_VALUES", `Filter ${name} has an invalid value ${JSON.stringify(x)}.`, [{ Name: "Filters.Values", Message: "invalid value" }]);
      }
    }
    return { name, values: values as string[] };
  });
}

export function owner(body: Body): "SELF" | "SHARED" | undefined {
  return oneOf(body, "Owner", ["SELF", "SHARED"] as const);
}

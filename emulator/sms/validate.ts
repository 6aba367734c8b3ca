import { validation } from "./errors";

/**
 * Reads members of an SMS and voice v2 request. The wire layer has already checked it against AWS's model
 * (emulator/aws-model): types, required members, lengths, patterns, ranges and enums. What is left here are the
 * rules the model cannot state.
 */

export type Body = Record<string, unknown>;

export function str(body: Body, field: string): string | undefined {
  const v = body[field];
  return typeof v === "string" ? v : undefined;
}

/** An identifier the model lets be empty (RequestPhoneNumber's PoolId): "" names nothing. */
export function nonEmpty(body: Body, field: string): string | undefined {
  return str(body, field) || undefined;
}

export function bool(body: Body, field: string): boolean | undefined {
  const v = body[field];
  return typeof v === "boolean" ? v : undefined;
}

export function strings(body: Body, field: string): string[] | undefined {
  const v = body[field];
  return Array.isArray(v) ? (v as string[]) : undefined;
}

/** A list the model lets be empty (PhoneNumberIds, PoolIds): [] asks for nothing in particular, like no list. */
export function nonEmptyList(body: Body, field: string): string[] | undefined {
  const v = strings(body, field);
  return v && v.length > 0 ? v : undefined;
}

/**
 * SMS and voice v2 tags: a list of {Key, Value}. [D] AWS reserves the `aws:` prefix for its own tags in every
 * service (Tagging AWS resources, "Tag naming limits"); the SMS model's TagKey pattern `^.+$` does not say so.
 */
export function tags(body: Body, field = "Tags"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of (body[field] as Array<{ Key: string; Value: string }> | undefined) ?? []) {
    if (t.Key.toLowerCase().startsWith("aws:")) {
      throw validation("FIELD_VALIDATION_FAILED", `${field}: keys starting with "aws:" are reserved for AWS.`, [
        { Name: `${field}.Key`, Message: 'keys starting with "aws:" are reserved' },
      ]);
    }
    out[t.Key] = t.Value;
  }
  return out;
}

export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** What a client token's replay compares: every member of the request but the token itself. */
export function fingerprintOf(body: Body): string {
  return JSON.stringify(
    Object.keys(body)
      .filter((k) => k !== "ClientToken")
      .sort()
      .map((k) => [k, body[k]]),
  );
}

/** Opaque paging tokens tied to the request that made them. */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

export function decodeToken(body: Body, fingerprint: string): number {
  const token = str(body, "NextToken");
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o: number; f: string };
    if (parsed.f === fingerprint && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // answered below
  }
  throw validation("INVALID_NEXT_TOKEN", "NextToken is not valid for this request.", [
    { Name: "NextToken", Message: "not valid for this request" },
  ]);
}

export function page<T>(items: T[], body: Body, fingerprint: string, fallback: number): { slice: T[]; next?: string } {
  const size = typeof body.MaxResults === "number" ? body.MaxResults : fallback;
  const offset = decodeToken(body, fingerprint);
  const slice = items.slice(offset, offset + size);
  return { slice, next: offset + size < items.length ? encodeToken(offset + size, fingerprint) : undefined };
}

export interface Filter {
  name: string;
  values: string[];
}

export function filters(body: Body): Filter[] {
  return ((body.Filters as Array<{ Name: string; Values: string[] }> | undefined) ?? []).map((f) => ({
    name: f.Name,
    values: f.Values,
  }));
}

export function owner(body: Body): "SELF" | "SHARED" | undefined {
  return str(body, "Owner") as "SELF" | "SHARED" | undefined;
}

/** A describe call's choice: the ids it names (PhoneNumberIds, PoolIds) or an Owner, never both. */
export function idsOrOwner(body: Body, idsField: string): { ids?: string[]; owner?: "SELF" | "SHARED" } {
  const ids = nonEmptyList(body, idsField);
  const chosenOwner = owner(body);
  if (ids && chosenOwner) {
    throw validation("PARAMETERS_CANNOT_BE_USED_TOGETHER", `Owner and ${idsField} can't be used at the same time.`, [
      { Name: "Owner", Message: `not with ${idsField}` },
    ]);
  }
  return { ids, owner: chosenOwner };
}

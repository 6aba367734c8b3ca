import { createHash } from "node:crypto";

/**
 * Name-based (v5, SHA-1) UUIDs per RFC 9562 §5.5, lower-case as Connect's ClientToken pattern requires.
 * Written over node:crypto rather than taken from `uuid`: it is a dozen lines, has no dependency to load inside
 * a serialized dynamic-provider closure, and the current `uuid` major is ESM-only.
 */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error(`namespace ${JSON.stringify(namespace)} is not a UUID`);
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Fixed forever: changing it would change every token and break idempotent retries of in-flight claims. */
export const CONNECT_NUMBERS_NAMESPACE = "6f1c2c1e-4d0b-5a7e-9c3f-2b8e1d4a7c90";

export const CLIENT_TOKEN_PATTERN = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

/** The inputs that decide which number a claim takes: a change of any of them means a different claim. */
export interface NumberForcingInputs {
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  /** The region of the target: a claim in another region is a different number. */
  region?: string;
}

export interface ClaimIdentity {
  project: string;
  stack: string;
  resourceName: string;
  inputs: NumberForcingInputs;
}

/** Sorted keys, undefined dropped: the same inputs always give the same text. */
function canonical(value: Record<string, string | undefined>): string {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return JSON.stringify(keys.map((k) => [k, value[k]]));
}

/** The claim key: names one claim of one resource; the same key on a retry makes AWS answer the first claim. */
export function claimToken(id: ClaimIdentity): string {
  const name = canonical({
    kind: "claim",
    project: id.project,
    stack: id.stack,
    resource: id.resourceName,
    ...prefixed(id.inputs),
  });
  return uuidV5(name, CONNECT_NUMBERS_NAMESPACE);
}

export function releaseToken(phoneNumberId: string): string {
  return uuidV5(canonical({ kind: "release", phoneNumberId }), CONNECT_NUMBERS_NAMESPACE);
}

function prefixed(inputs: NumberForcingInputs): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(inputs)) out[`input.${k}`] = v;
  return out;
}

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
  /** One slot of a PhoneNumberSet ("prefix:+1212#3"): each of a set's claims has its own token. Absent for a PhoneNumber. */
  slot?: string;
}

export interface ClaimIdentity {
  /** The owner's URN (core/owner.ts): the same resource, wherever and whenever it runs, gives the same tokens. */
  ownerUrn: string;
  /**
   * How many claims of this owner and inputs came before (0 for the first). A token AWS has already answered
   * replays that answer; after the number it named is released, the next claim needs the next generation.
   */
  generation: number;
  inputs: NumberForcingInputs;
}

/** Sorted keys, undefined dropped: the same inputs always give the same text. */
function canonical(value: Record<string, string | number | undefined>): string {
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return JSON.stringify(keys.map((k) => [k, value[k]]));
}

/** The ClientToken of one claim: the same owner, generation and inputs always give the same token, so a retry is one claim. */
export function claimToken(id: ClaimIdentity): string {
  if (!Number.isInteger(id.generation) || id.generation < 0)
    throw new Error(`claim generation ${id.generation} is not a whole number >= 0`);
  return uuidV5(
    canonical({ kind: "claim", owner: id.ownerUrn, generation: id.generation, ...prefixed(id.inputs) }),
    CONNECT_NUMBERS_NAMESPACE,
  );
}

export interface MoveIdentity {
  phoneNumberId: string;
  fromTarget: string;
  toTarget: string;
  /** The number's moves so far, kept in state: A→B→A→B is four distinct moves, each with its own token. */
  moveCount: number;
}

/** The ClientToken of one UpdatePhoneNumber: a retry of this move replays, the next move is a new request. */
export function moveToken(m: MoveIdentity): string {
  return uuidV5(
    canonical({ kind: "move", phoneNumberId: m.phoneNumberId, from: m.fromTarget, to: m.toTarget, moves: m.moveCount }),
    CONNECT_NUMBERS_NAMESPACE,
  );
}

/** The ClientToken of a release: a number id is released at most once, so the id alone names it. */
export function releaseToken(phoneNumberId: string): string {
  return uuidV5(canonical({ kind: "release", phoneNumberId }), CONNECT_NUMBERS_NAMESPACE);
}

function prefixed(inputs: NumberForcingInputs): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(inputs)) out[`input.${k}`] = v;
  return out;
}

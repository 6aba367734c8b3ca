import { uuidV5, CONNECT_NUMBERS_NAMESPACE } from "./token";
import { isUnknown } from "./unknown";
import { FAILED_TAG } from "./connect/failed-claim";

/**
 * The one identity of a number's owner: the Pulumi stack and the resource's URN (project, stack, type, parent
 * chain, name). Computed here and nowhere else: the provider's tags and claim tokens, the ledger's ownership index,
 * the policy pack and the CLI all name an owner through these functions.
 */

/** The dynamic resource's type token; the pack and the CLI look for it. */
export const PHONE_NUMBER_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface UrnParts {
  project: string;
  stack: string;
  /** The resource's own type token. */
  type: string;
  name: string;
  /** The parent's URN; none, or the root stack, means a top-level resource. */
  parentUrn?: string;
}

export interface ParsedUrn {
  stack: string;
  project: string;
  /** Parent types joined by "$", then the resource's own type: the URN's type segment as written. */
  qualifiedType: string;
  type: string;
  parentTypes: string[];
  name: string;
}

/**
 * The URN Pulumi gives a resource, by the engine's own rule (@pulumi/pulumi createUrn): the parent's qualified
 * type then "$" then this type, except under the root stack, whose type never prefixes.
 */
export function ownerUrn(p: UrnParts): string {
  let prefix = `urn:pulumi:${p.stack}::${p.project}::`;
  if (p.parentUrn !== undefined) {
    const parentPrefix = p.parentUrn.substring(0, p.parentUrn.lastIndexOf("::")) + "$";
    if (!parentPrefix.endsWith(`::${ROOT_STACK_TYPE}$`)) prefix = parentPrefix;
  }
  return `${prefix}${p.type}::${p.name}`;
}

/** Splits a URN; undefined when it is not one. Only names may contain "::", so the first three separators split. */
export function parseUrn(urn: string): ParsedUrn | undefined {
  if (!urn.startsWith("urn:pulumi:")) return undefined;
  const parts = urn.slice("urn:pulumi:".length).split("::");
  if (parts.length < 4 || parts.slice(0, 3).some((p) => p === "")) return undefined;
  const [stack, project, qualifiedType] = parts;
  const types = qualifiedType.split("$");
  return {
    stack,
    project,
    qualifiedType,
    type: types[types.length - 1],
    parentTypes: types.slice(0, -1),
    name: parts.slice(3).join("::"),
  };
}

/** "project/stack": one stack's numbers, across the account. */
export function stackKey(project: string, stack: string): string {
  return `${project}/${stack}`;
}

/** A tag-safe, length-safe key for an owner URN: URNs may be longer than a tag value and hold characters tags refuse. */
export function ownerKey(urn: string): string {
  return uuidV5(`owner ${urn}`, CONNECT_NUMBERS_NAMESPACE);
}

export interface Owner {
  /** "project/stack". */
  stack: string;
  urn: string;
  /** ownerKey(urn). */
  key: string;
}

/** The owner a URN names; undefined when the text is not a URN. */
export function ownerFromUrn(urn: string): Owner | undefined {
  const parsed = parseUrn(urn);
  if (!parsed) return undefined;
  return { stack: stackKey(parsed.project, parsed.stack), urn, key: ownerKey(urn) };
}

export const OWNER_STACK_TAG = "connect-numbers:stack";
export const OWNER_KEY_TAG = "connect-numbers:owner";
/** For people reading the console: the URN, made tag-safe and cut to AWS's 256 characters. Never used to match. */
export const OWNER_URN_TAG = "connect-numbers:urn";
/**
 * Which instance of the resource holds the number. Two instances share one URN during a replacement
 * (`up --replace`, replaceOnChanges): the one whose lease the tags carry holds the number, and the other's delete
 * hands it over instead of releasing it.
 */
export const LEASE_TAG = "connect-numbers:lease";
/** Tags of 0.1 (by resource name and claim key): still read, rewritten on the next update. */
export const LEGACY_RESOURCE_TAG = "connect-numbers:resource";
export const LEGACY_CLAIM_KEY_TAG = "connect-numbers:claim-key";

/**
 * Set by a release the provider refused because a resource of the same stack searched for a number this one meets
 * (a rename without an alias): that resource's owner key. Later deployments refuse the release again while that
 * resource is declared with inputs the number meets; the number's next update or hand-over clears it.
 */
export const KEPT_FOR_TAG = "connect-numbers:kept-for";

export const OWNERSHIP_TAG_KEYS = [
  OWNER_STACK_TAG,
  OWNER_KEY_TAG,
  OWNER_URN_TAG,
  LEASE_TAG,
  LEGACY_RESOURCE_TAG,
  LEGACY_CLAIM_KEY_TAG,
  KEPT_FOR_TAG,
  FAILED_TAG,
] as const;
/** The tags a number carries from now on: what counts against AWS's 50 per resource. */
export const WRITTEN_OWNERSHIP_TAG_KEYS = [OWNER_STACK_TAG, OWNER_KEY_TAG, OWNER_URN_TAG, LEASE_TAG] as const;

const MAX_TAG_VALUE = 256;

/** AWS's tag value alphabet: anything else becomes "_", and a long URN keeps its head and its name. */
export function tagSafe(text: string): string {
  const safe = text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "_");
  if (safe.length <= MAX_TAG_VALUE) return safe;
  const tail = safe.slice(-120);
  return `${safe.slice(0, MAX_TAG_VALUE - tail.length - 3)}...${tail}`;
}

export function ownershipTags(owner: Owner, lease: string): Record<string, string> {
  return {
    [OWNER_STACK_TAG]: owner.stack,
    [OWNER_KEY_TAG]: owner.key,
    [OWNER_URN_TAG]: tagSafe(owner.urn),
    [LEASE_TAG]: lease,
  };
}

export interface TaggedOwnership {
  stack: string;
  key: string;
  /** The display URN, when the tags carry one (cut and made tag-safe: never compare it). */
  urnTag?: string;
  lease?: string;
  /** Written by 0.1: owner known by resource name only; `key` is derived for a top-level resource of that name. */
  legacy: boolean;
}

/** Who the tags say owns a number; undefined when no connect-numbers stack does. */
export function ownershipFromTags(
  tags: Record<string, string> | undefined,
  type: string = PHONE_NUMBER_TYPE,
): TaggedOwnership | undefined {
  const stack = tags?.[OWNER_STACK_TAG];
  if (!stack) return undefined;
  const key = tags?.[OWNER_KEY_TAG];
  if (key) return { stack, key, urnTag: tags?.[OWNER_URN_TAG], lease: tags?.[LEASE_TAG], legacy: false };
  const name = tags?.[LEGACY_RESOURCE_TAG];
  const slash = stack.indexOf("/");
  if (!name || slash < 0) return undefined;
  const urn = ownerUrn({ project: stack.slice(0, slash), stack: stack.slice(slash + 1), type, name });
  return { stack, key: ownerKey(urn), urnTag: tagSafe(urn), legacy: true };
}

/** "stack project/stack (urn:…)" for messages: who the tags (or the ledger's index) say holds a number. */
export function describeHolder(o: TaggedOwnership): string {
  return `stack ${o.stack} (${o.urnTag ?? `owner key ${o.key}`})`;
}

/** The user's tags without ours: what a diff of `tags` compares. */
export function userTags(tags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {}))
    if (!(OWNERSHIP_TAG_KEYS as readonly string[]).includes(k)) out[k] = v;
  return out;
}

/** Whether two tag sets agree on the user's tags (ownership tags aside); an unknown new set may differ. */
export function sameUserTags(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (isUnknown(b)) return false;
  const x = userTags(a);
  const y = userTags(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (x[k] !== y[k]) return false;
  return true;
}

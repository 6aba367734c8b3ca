/**
 * A set of numbers of one target declared as one resource (issue 22's PhoneNumberSet): counts per prefix, a count
 * of any number, and specific numbers. This module is the set's pure rule, shared by the provider (what to claim,
 * what to release), the pack and `check` (what a change of the set costs): which held number fills which slot, what
 * is missing, and what the program names to release. A set never picks numbers to throw away by itself.
 */

/** The PhoneNumberSet resource's type token; the pack and the CLI look for it. */
export const PHONE_NUMBER_SET_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";

/** What a set asks for. Counts are whole numbers >= 0; a prefix is E.164-style ("+1212"). */
export interface SetDeclaration {
  /** Numbers wanted per prefix: `{ "+1212": 20, "+1415": 20 }`. */
  prefixes?: Readonly<Record<string, number>>;
  /** Numbers wanted with no prefix (any number of the set's country and type). */
  count?: number;
  /** Specific E.164 numbers, one slot each. */
  phoneNumbers?: readonly string[];
  /** Numbers (E.164 or number id) the program gives up on purpose: released, never refilled by themselves. */
  release?: readonly string[];
  /**
   * Keep every number adopted into the set (group ADOPTED_GROUP: ported numbers the target held, unmanaged). They are
   * on top of the counts, never filling a slot, so what a change claims is known at preview without reading the account.
   */
  adoptExisting?: boolean;
}

/** The group of a number adopted into the set: kept while adoptExisting holds, never counted against a slot. */
export const ADOPTED_GROUP = "adopted";

/** A number the set holds, with the group it was claimed or adopted for. */
export interface SetMember {
  phoneNumber: string;
  phoneNumberId: string;
  /** groupKey() of the slot it fills; undefined for one not yet placed (adopted, or moved in from a PhoneNumber). */
  group?: string;
}

/** One group of slots: a prefix, any number, or one specific number. */
export type SlotGroup = { kind: "number"; phoneNumber: string } | { kind: "prefix"; prefix: string } | { kind: "any" };

export interface WantedGroup {
  key: string;
  group: SlotGroup;
  count: number;
}

/** A claim the set must make: into which group, and its ordinal among this plan's claims (stable for one plan). */
export interface SetClaim {
  group: string;
  /** The number to claim (a specific slot), else the prefix to search (undefined: any). */
  phoneNumber?: string;
  prefix?: string;
}

export interface SetPlan {
  /** Held numbers that stay, each with the group it fills. */
  keep: Array<SetMember & { group: string }>;
  claims: SetClaim[];
  /** Held numbers the declaration names in `release`. */
  releases: SetMember[];
  /**
   * Held numbers no slot wants and `release` does not name: the plan is refused while any remain (a shrink must
   * name what it gives up); they are the candidates the refusal lists.
   */
  unwanted: SetMember[];
  /**
   * Every held number whose release would do as well as an unwanted one's (the shrink names `unwanted.length` of
   * them): the groups it fits all hold more numbers than they want. Empty when nothing is unwanted.
   */
  candidates: SetMember[];
  /** `release` entries that name no held number (a typo in a number meant to go). */
  unmatchedReleases: string[];
}

export function groupKey(group: SlotGroup): string {
  switch (group.kind) {
    case "number":
      return `number:${group.phoneNumber}`;
    case "prefix":
      return `prefix:${normalPrefix(group.prefix)}`;
    case "any":
      return "any";
  }
}

/** The declaration's groups, most specific first: numbers, then prefixes longest first, then any. */
export function wantedGroups(d: SetDeclaration): WantedGroup[] {
  const numbers = [...new Set(d.phoneNumbers ?? [])]
    .sort()
    .map((phoneNumber) => ({ group: { kind: "number", phoneNumber } as SlotGroup, count: 1 }));
  const prefixes = Object.entries(d.prefixes ?? {})
    .filter(([, count]) => count > 0)
    .map(([prefix, count]) => ({ group: { kind: "prefix", prefix: normalPrefix(prefix) } as SlotGroup, count }))
    .sort(
      (a, b) =>
        prefixOf(b.group).length - prefixOf(a.group).length || prefixOf(a.group).localeCompare(prefixOf(b.group)),
    );
  const any = (d.count ?? 0) > 0 ? [{ group: { kind: "any" } as SlotGroup, count: d.count! }] : [];
  return [...numbers, ...prefixes, ...any].map((g) => ({ ...g, key: groupKey(g.group) }));
}

/** Whether a held number may fill a slot of the group (country and type are the set's own, checked at the door). */
export function fills(group: SlotGroup, phoneNumber: string): boolean {
  switch (group.kind) {
    case "number":
      return group.phoneNumber === phoneNumber;
    case "prefix":
      return phoneNumber.startsWith(group.prefix);
    case "any":
      return true;
  }
}

/**
 * Which held number fills which slot. Released numbers leave first. The groups a number may fill form a chain (its
 * own number, the prefixes it starts with, longest first, then any), so filling the most specific groups first,
 * each from every number that fits it, places as many held numbers as any assignment could: nothing is left
 * unwanted that some slot could hold. Within a group, numbers already placed there come first, so numbers that
 * stay keep their group. What no group wants is unwanted; what a group still lacks is claimed.
 */
export function planSet(held: readonly SetMember[], d: SetDeclaration): SetPlan {
  const named = new Set(d.release ?? []);
  const releases = held.filter((m) => named.has(m.phoneNumber) || named.has(m.phoneNumberId));
  const unmatchedReleases = [...named]
    .filter((n) => !held.some((m) => m.phoneNumber === n || m.phoneNumberId === n))
    .sort();
  const adopted = held.filter((m) => m.group === ADOPTED_GROUP && !releases.includes(m));
  const keptAdopted = d.adoptExisting === true ? adopted : [];
  let free = held.filter((m) => !releases.includes(m) && !keptAdopted.includes(m));
  const groups = wantedGroups(d);
  const room = new Map<string, number>();
  const crowded = new Set<string>();
  const keep: SetPlan["keep"] = keptAdopted.map((m) => ({ ...m, group: ADOPTED_GROUP }));
  for (const g of groups) {
    const fitting = free.filter((m) => fills(g.group, m.phoneNumber));
    if (fitting.length > g.count) crowded.add(g.key);
    const taken = [...fitting.filter((m) => m.group === g.key), ...fitting.filter((m) => m.group !== g.key)].slice(
      0,
      g.count,
    );
    keep.push(...taken.map((m) => ({ ...m, group: g.key })));
    free = free.filter((m) => !taken.includes(m));
    room.set(g.key, g.count - taken.length);
  }
  const unwanted = free;
  // The groups a number fits nest (its own number, its prefixes longest first, any): it can go instead of an
  // unwanted one exactly when every group it fits has more numbers than slots (core's greedy places the rest).
  const placed = new Set(keep.filter((m) => m.group !== ADOPTED_GROUP).map((m) => m.phoneNumberId));
  const spare = held
    .filter((m) => placed.has(m.phoneNumberId))
    .filter((m) => groups.filter((g) => fills(g.group, m.phoneNumber)).every((g) => crowded.has(g.key)));
  const candidates = unwanted.length > 0 ? [...unwanted, ...spare] : [];
  const claims: SetClaim[] = [];
  for (const g of groups) {
    for (let i = 0; i < room.get(g.key)!; i++) {
      claims.push(
        g.group.kind === "number"
          ? { group: g.key, phoneNumber: g.group.phoneNumber }
          : { group: g.key, prefix: g.group.kind === "prefix" ? g.group.prefix : undefined },
      );
    }
  }
  return { keep, claims, releases, unwanted, candidates, unmatchedReleases };
}

/**
 * The refusal of a shrink that names nothing to give up, in every face's words alike: which numbers the set holds
 * but no longer wants, and the two ways out.
 */
export function unnamedShrinkRefusal(
  set: string,
  unwanted: readonly SetMember[],
  candidates: readonly SetMember[] = unwanted,
): string {
  const listed = candidates.slice(0, 20).map((m) => m.phoneNumber);
  const more = candidates.length > listed.length ? ` and ${candidates.length - listed.length} more` : "";
  const any = candidates.length > unwanted.length ? ` (name any ${unwanted.length} of them)` : "";
  return (
    `${set}: the set holds ${unwanted.length} number${unwanted.length === 1 ? "" : "s"} ${UNWANTED_UNNAMED}` +
    `a set never picks numbers to give up by itself (a release puts a number into a cooldown of up to 180 days). ` +
    `Candidates: ${listed.join(", ")}${more}${any}. Name the ones to let go (release: ["${listed[0]}", …]), or raise the counts back; ` +
    "to move one to a single PhoneNumber of this stack, declare it there (phoneNumber or phoneNumberId) and give the set dependsOn that resource, so the provider knows of it before it judges the set."
  );
}

const UNWANTED_UNNAMED = "its declaration no longer wants and names none of them in release: ";
const UNNAMED_SHRINK = new RegExp(
  `PhoneNumberSet "[^"\\n]*": the set holds \\d+ numbers? ${UNWANTED_UNNAMED.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\\n]*`,
);

/**
 * The refusal unnamedShrinkRefusal words, where an error quotes it (the provider's diff throws it, so a failed
 * preview's diagnostic carries it, prefixed by Pulumi): its words from the set to the fix; undefined for any other
 * error. A face that reads a failed preview tells by this that the plan is blocked, not merely unreadable.
 */
export function findUnnamedShrinkRefusal(message: string): string | undefined {
  return UNNAMED_SHRINK.exec(message)?.[0].trimEnd();
}

function normalPrefix(prefix: string): string {
  return prefix.startsWith("+") ? prefix : `+${prefix}`;
}

function prefixOf(group: SlotGroup): string {
  return group.kind === "prefix" ? group.prefix : "";
}

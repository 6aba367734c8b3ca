import { parseUrn } from "./owner";
import { matchesPrefix } from "./validation/phone";

/**
 * Renames and re-claims: a plan that releases a number and, in the same plan, creates a resource that would claim
 * that very number (the same E.164) or whose search criteria the released number meets. Applied, the release puts
 * the number into a cooldown of up to 180 days and the claim takes another, or fails: the number is lost. Almost
 * always a rename or a move of code without an alias. One rule for the CLI and the policy pack.
 */

/** A number the plan releases, with what is known of it. */
export interface ReleasedNumber {
  /** The releasing resource: a Pulumi URN or a Terraform address. */
  resource: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  countryCode?: string;
  type?: string;
  region?: string;
  /** Released by a replacement: the releasing resource stays declared, so no alias can carry the number over. */
  byReplacement?: boolean;
  /**
   * Held by this package's PhoneNumber: its delete skips the release when another resource of the stack has taken
   * the number over (its tags name another owner or lease). Every other type's delete calls ReleasePhoneNumber.
   */
  ours?: boolean;
  /**
   * AWS reported the claim of this instance FAILED (not a move): it holds nothing, and its replacement claims the same
   * number again (provider/diff.ts), a claim with no release.
   */
  failed?: boolean;
}

/** A number one of this package's resources (PhoneNumber, PhoneNumberSet) releases. */
export function releasedOurs(
  resource: string,
  n: Pick<ReleasedNumber, "phoneNumber" | "phoneNumberId" | "countryCode" | "type" | "region">,
): ReleasedNumber {
  return {
    resource,
    phoneNumber: n.phoneNumber,
    phoneNumberId: n.phoneNumberId,
    countryCode: n.countryCode,
    type: n.type,
    region: n.region,
    ours: true,
  };
}

/** A resource the plan creates that claims a number. Criteria unknown at preview are listed in `unknown`. */
export interface NewClaim {
  resource: string;
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  region?: string;
  unknown: readonly string[];
  /** Claimed by a replacement: the claiming resource already exists, so no alias can carry a number to it. */
  byReplacement?: boolean;
  /**
   * A growth of a PhoneNumberSet that already holds numbers (core's claimReason "grow"): the set exists, so no alias
   * can carry a number to it; it takes one by listing it in its phoneNumbers (a hand-over).
   */
  grows?: boolean;
  /** Created by this package's PhoneNumber, which takes a number another resource of its stack holds. */
  ours?: boolean;
  /** Adopts a number the account holds (by `phoneNumberId`, or `adopt: true` and `phoneNumber`): claims nothing. */
  adopts?: boolean;
  /** The adopted number's bare id. */
  phoneNumberId?: string;
  /** Imports an End User Messaging SMS number (ImportPhoneNumber): takes exactly that one, searches for nothing. */
  imports?: boolean;
}

export interface RenameFinding {
  /**
   * "rename": another resource claims the same E.164; "reclaim": a search whose criteria the released number meets;
   * "adopt-release": a resource of this package adopts a number whose old resource (another package's) releases it;
   * "same-number": a replacement claims again the very number its old instance releases.
   */
  kind: "rename" | "reclaim" | "adopt-release" | "same-number";
  released: ReleasedNumber;
  claim: NewClaim;
  /** The number at stake (the released one's), when known. */
  phoneNumber?: string;
  /** Every number at stake where one resource releases several to another (a set renamed): see byResourcePair. */
  phoneNumbers?: string[];
  /** Criteria that matched only because they are unknown at preview. */
  assumed: string[];
  /**
   * The fix in each tool's words. `pulumi` is code only (formats quote it); `pulumiNote`, when given, is the prose
   * that follows it (where the code goes, why no alias applies): see fixText.
   */
  fix: { pulumi: string; pulumiNote?: string; terraform: string };
  /** Resources whose replacements each claim the number the next one releases (a Terraform `count` index shift). */
  chain?: string[];
  /**
   * A set renamed without an alias that declares fewer numbers than the old one holds: with the alias (the fix) it
   * keeps as many as it declares and must let `by` go by name, any of `candidates` (core/pairing.ts sets it).
   */
  shrink?: { holds: number; by: number; candidates: string[] };
}

/**
 * Every release paired with a new claim that would take its number. Each releasing resource pairs on its own, with
 * every claim of the plan: what one resource releases never depends on what another releases. The provider meets each
 * delete alone, in an order Pulumi's parallel deletes choose, and must refuse exactly what the pack and `check` say;
 * so two resources removed in the same plan whose numbers one search meets are both paired with it (a set renamed
 * without an alias, and another removed set). Within one releasing resource each claim pairs at most once,
 * and resources pair before numbers: the claiming resource that can pair the most of its numbers goes first (a set
 * renamed without an alias releases all it holds while the new set searches for as many). Among those that can pair
 * as many: the one whose every number pairs (the same shape: as many released as claimed), then the one nearer in
 * count, then the nearer in name (the longer shared start), then by resource name. Never by the order given: the
 * policy pack sees resources in registration order, `check` in the plan's step order, the provider its creates as
 * they finish, and all must name the same pair. The findings come in the order of the releases.
 */
export function findRenames(given: readonly ReleasedNumber[], claims: readonly NewClaim[]): RenameFinding[] {
  // By number, not the order given (the pack reads a set's numbers from the account, `check` from the state): which
  // of a set's numbers a smaller search pairs with, and so is named lost, is the same in every face.
  const released = [...given].sort(byReleasedNumber);
  const found = new Map<ReleasedNumber, RenameFinding>();
  // The claims each releasing resource has paired: a claim stands for one number of a resource, never across two.
  const usedBy = new Map<string, Set<NewClaim>>();
  for (const pair of resourcePairs(released, claims)) {
    const used = usedBy.get(pair.releasing) ?? new Set<NewClaim>();
    usedBy.set(pair.releasing, used);
    for (const r of pair.released) {
      if (found.has(r)) continue;
      for (const c of pair.claims) {
        if (used.has(c)) continue;
        const match = matches(r, c);
        if (!match) continue;
        used.add(c);
        found.set(r, {
          kind: match.kind,
          released: r,
          claim: c,
          phoneNumber: r.phoneNumber,
          assumed: match.assumed,
          fix: fixFor(match.kind, r, c),
        });
        break;
      }
    }
  }
  return released.flatMap((r) => (found.has(r) ? [found.get(r)!] : []));
}

function byReleasedNumber(a: ReleasedNumber, b: ReleasedNumber): number {
  const key = (r: ReleasedNumber) => r.phoneNumber ?? r.phoneNumberId ?? "";
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * What the fix of a set renamed without an alias leads into, when the new set declares fewer numbers than the old one
 * holds: with the alias the set shrinks, and the provider refuses a shrink that names nothing (core/fleet.ts).
 */
export function renameShrinkSentence(s: NonNullable<RenameFinding["shrink"]>): string {
  const which = s.by === 1 ? "the one" : `the ${s.by}`;
  return (
    `With the alias the set holds its ${s.holds} numbers and declares ${s.holds - s.by}: it shrinks by ${s.by}, ` +
    `so name ${which} to let go in its \`release\` in the same change (any ${s.by} of ${s.candidates.join(", ")}), or the provider refuses the shrink.`
  );
}

/**
 * What connect-numbers' provider does with a rename without an alias between two of its resources: the new one's
 * claim is made, and the old one's delete is refused (provider/runtime/rename-release.ts), so the apply stops with the
 * old numbers held. Released by another package's resource, or taken by one the provider cannot see, it is released.
 */
export function renameReleaseWords(
  f: Pick<RenameFinding, "released" | "claim" | "phoneNumber" | "phoneNumbers">,
  several: boolean,
): string {
  const them = several ? "them" : "it";
  if (f.released.ours && f.claim.ours)
    return `connect-numbers' provider refuses to release ${them} and stops the apply, ${f.released.resource} keeping ${them}`;
  return `${numbersAtStake(f)} ${several ? "are" : "is"} released into a cooldown of up to 180 days, never to be ours again`;
}

interface ResourcePair {
  releasing: string;
  claiming: string;
  released: readonly ReleasedNumber[];
  claims: readonly NewClaim[];
  /** The most numbers the pair can pair: the fewer of its releases that meet one of its claims, and the reverse. */
  size: number;
}

/** Each releasing resource with each other claiming resource that can pair a number, best pair first. */
function resourcePairs(released: readonly ReleasedNumber[], claims: readonly NewClaim[]): ResourcePair[] {
  const pairs: ResourcePair[] = [];
  const claimGroups = [...byResource(claims, claimKey)];
  for (const [releasing, rs] of byResource(released, releaseKey))
    for (const [claiming, cs] of claimGroups) {
      if (claiming === releasing) continue;
      const size = Math.min(
        rs.filter((r) => cs.some((c) => matches(r, c))).length,
        cs.filter((c) => rs.some((r) => matches(r, c))).length,
      );
      if (size > 0) pairs.push({ releasing, claiming, released: rs, claims: cs, size });
    }
  return pairs.sort(
    (a, b) =>
      b.size - a.size ||
      Number(exact(b)) - Number(exact(a)) ||
      Math.abs(a.released.length - a.claims.length) - Math.abs(b.released.length - b.claims.length) ||
      sharedStart(b) - sharedStart(a) ||
      byResourceName(a.releasing, b.releasing) ||
      byResourceName(a.claiming, b.claiming),
  );
}

/** Every number of both resources pairs: the claiming resource asks for exactly what the releasing one holds. */
const exact = (p: ResourcePair) => p.released.length === p.size && p.claims.length === p.size;

/** How long a start the two resources' names share (`support` → `support-main`: 7). */
function sharedStart(p: ResourcePair): number {
  const a = nameOf(p.releasing);
  const b = nameOf(p.claiming);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** Resource names in natural order (`n[2]` before `n[10]`), the same whatever order they came in. */
export const byResourceName = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true }) || codeOrder(a, b);
const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A number's place within its resource, the same whatever order the plan lists them in. */
const releaseKey = (r: ReleasedNumber) => `${r.phoneNumber ?? ""}\u0000${r.phoneNumberId ?? ""}`;
const claimKey = (c: NewClaim) =>
  JSON.stringify([c.phoneNumber, c.phoneNumberId, c.countryCode, c.type, c.prefix, c.region, [...c.unknown].sort()]);

/** Grouped by resource, each group in the order of `key`. */
function byResource<T extends { resource: string }>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const group = out.get(x.resource);
    if (group) group.push(x);
    else out.set(x.resource, [x]);
  }
  for (const group of out.values()) group.sort((a, b) => codeOrder(key(a), key(b)));
  return out;
}

function matches(r: ReleasedNumber, c: NewClaim): { kind: RenameFinding["kind"]; assumed: string[] } | undefined {
  const unknown = new Set(c.unknown);
  const assumed: string[] = [];
  // A criterion matches when both sides know it and agree, or when either side does not know it (fail closed).
  const agree = (field: string, a: string | undefined, b: string | undefined) => {
    if (unknown.has(field) || a === undefined || b === undefined) {
      if (unknown.has(field)) assumed.push(field);
      return true;
    }
    return a === b;
  };
  if (!agree("region", r.region, c.region)) return undefined;
  if (c.phoneNumber !== undefined && !unknown.has("phoneNumber")) {
    return r.phoneNumber !== undefined && r.phoneNumber === c.phoneNumber ? { kind: "rename", assumed } : undefined;
  }
  if (unknown.has("phoneNumber")) {
    assumed.push("phoneNumber");
    return { kind: "rename", assumed };
  }
  // A search: country and type must fit, and the prefix (if any) must match the released number.
  if (!agree("countryCode", r.countryCode, c.countryCode)) return undefined;
  if (!agree("type", r.type, c.type)) return undefined;
  if (
    c.prefix !== undefined &&
    !unknown.has("prefix") &&
    r.phoneNumber !== undefined &&
    !matchesPrefix(r.phoneNumber, c.prefix)
  )
    return undefined;
  if (unknown.has("prefix")) assumed.push("prefix");
  // With nothing known on either side, nothing suggests the two are one number.
  if (r.countryCode === undefined && r.type === undefined && r.phoneNumber === undefined && assumed.length === 0)
    return undefined;
  return { kind: "reclaim", assumed };
}

/**
 * One finding per pair of resources: a set renamed without an alias releases every number it holds while the new
 * set searches for as many, and that is one rename, said once with its numbers. Findings of another kind, or that
 * `apart` tells apart (the opt-out that accepts them), stay apart. The first finding of a pair speaks for it.
 */
export function byResourcePair<T extends RenameFinding>(
  findings: readonly T[],
  apart: (f: T) => string = () => "",
): T[] {
  const groups = new Map<string, T[]>();
  for (const f of findings) {
    const key = JSON.stringify([f.kind, f.released.resource, f.claim.resource, apart(f)]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((g) => {
    if (g.length === 1) return g[0];
    const numbers = g.map((f) => f.phoneNumber ?? f.released.phoneNumberId).filter((n): n is string => n !== undefined);
    return { ...g[0], phoneNumbers: numbers, assumed: [...new Set(g.flatMap((f) => f.assumed))] };
  });
}

/** The numbers at stake in words: "+12125550100", or "3 numbers (+1…, +1…, +1…)". */
export function numbersAtStake(f: Pick<RenameFinding, "phoneNumber" | "phoneNumbers" | "released">): string {
  if (f.phoneNumbers !== undefined && f.phoneNumbers.length > 1)
    return `${f.phoneNumbers.length} numbers (${f.phoneNumbers.join(", ")})`;
  return f.phoneNumber ?? f.released.phoneNumberId ?? "its number";
}

/**
 * A hand-over into a set that grows, in every face's words: the numbers it lists come without a claim or a release,
 * on top of its count; what its count adds is still claimed, each claim counted against the budget.
 */
export const HAND_OVER_INTO_GROWING_SET =
  "a hand-over: no claim, no release for what it lists, on top of its count; the set still grows by its count, and those claims still count";

/**
 * The fix, in both tools' words: keep the old identity on the new resource so the number stays. When either side is
 * a replacement both resources exist after the plan and no alias applies: the claiming resource names the number
 * itself (this package's provider hands a number between two resources of one stack in the same `up`), and Terraform,
 * which cannot hand one over, keeps the old resource from being replaced, or (an index shift of `count`) keys the
 * instances by their number. A number adopted from another package's resource is kept only by letting that resource
 * go without its delete first; a number replaced by itself, only by not replacing it.
 */
export function fixFor(kind: RenameFinding["kind"], released: ReleasedNumber, claim: NewClaim): RenameFinding["fix"] {
  const oldResource = released.resource;
  const newResource = claim.resource;
  const number =
    released.phoneNumber !== undefined ? JSON.stringify(released.phoneNumber) : `the number ${oldResource} holds`;
  if (kind === "adopt-release") {
    return {
      pulumi: `set the resource option retainOnDelete: true on ${nameOf(oldResource)} and run \`pulumi up\` first; then remove it and adopt ${number} with ${nameOf(newResource)}`,
      terraform: `let ${oldResource} go without destroying it first (removed { from = ${baseOf(oldResource)} lifecycle { destroy = false } }, or \`terraform state rm ${oldResource}\`) and apply that; then adopt ${number}`,
    };
  }
  if (kind === "same-number") {
    return {
      pulumi: `keep ${nameOf(oldResource)} from being replaced (drop the replaceOnChanges or the change that forces it): only connect-numbers' PhoneNumber hands a number from one instance to the next`,
      terraform: `keep ${oldResource} from being replaced (drop its replace_triggered_by, or the change that forces it): Terraform releases ${number} and claims it again`,
    };
  }
  if (claim.grows && !released.byReplacement && !claim.byReplacement) {
    return {
      pulumi: `phoneNumbers: [${number}]`,
      pulumiNote: `on ${nameOf(newResource)} (${HAND_OVER_INTO_GROWING_SET}; no alias applies: ${nameOf(newResource)} already exists), or declare ${nameOf(oldResource)} again`,
      terraform: `keep ${oldResource} declared (${newResource} already exists: no moved block applies)`,
    };
  }
  if (released.byReplacement || claim.byReplacement) {
    const shifted = indexShift(oldResource, newResource);
    return {
      pulumi: `phoneNumber: ${number}`,
      pulumiNote: `on ${nameOf(newResource)} (no alias applies: ${released.byReplacement ? `${nameOf(oldResource)} stays declared` : `${nameOf(newResource)} already exists`})`,
      terraform: shifted
        ? `key ${shifted} by number (for_each) instead of count, with moved { from = ${oldResource} to = ${shifted}[${number}] }, so no instance changes its number`
        : `keep ${oldResource} from being replaced (its number cannot move to ${newResource})`,
    };
  }
  const oldUrn = parseUrn(oldResource);
  const newUrn = parseUrn(newResource);
  const pulumi =
    oldUrn &&
    newUrn &&
    oldUrn.qualifiedType === newUrn.qualifiedType &&
    oldUrn.stack === newUrn.stack &&
    oldUrn.project === newUrn.project
      ? `aliases: [{ name: ${JSON.stringify(oldUrn.name)} }]`
      : `aliases: [${JSON.stringify(oldResource)}]`;
  return { pulumi, terraform: `moved {\n  from = ${oldResource}\n  to   = ${newResource}\n}` };
}

/** Whether no alias can carry the number: either side already exists (a replacement, an existing set's growth). */
export function noAliasApplies(f: Pick<RenameFinding, "released" | "claim">): boolean {
  return f.released.byReplacement === true || f.claim.byReplacement === true || f.claim.grows === true;
}

/** The Pulumi fix as one string, for a field that carries it whole (JSON): the code, then its note. */
export function fixText(fix: RenameFinding["fix"]): string {
  return fix.pulumiNote === undefined ? fix.pulumi : `${fix.pulumi} ${fix.pulumiNote}`;
}

/** A Terraform address without its instance key: `aws_connect_phone_number.n[1]` → `aws_connect_phone_number.n`. */
const baseOf = (address: string) => address.replace(/\[[^\]]*\]$/, "");

/** Two instances of one `count` resource (`x.n[0]`, `x.n[1]`): the resource, else undefined. */
function indexShift(a: string, b: string): string | undefined {
  const m = /^(.*)\[\d+\]$/.exec(a);
  return m && m[1] === baseOf(b) && /\[\d+\]$/.test(b) ? m[1] : undefined;
}

const nameOf = (resource: string) => parseUrn(resource)?.name ?? resource;

/**
 * Whether a finding is released on purpose: the opt-out names the number (E.164 or id) or either resource (URN,
 * Terraform address, or the Pulumi resource name).
 */
export function isAllowedRelease(
  finding: Pick<RenameFinding, "released" | "claim">,
  allowed: readonly string[],
): boolean {
  if (allowed.length === 0) return false;
  const names = new Set<string>();
  const add = (v: string | undefined) => v !== undefined && names.add(v);
  add(finding.released.phoneNumber);
  add(finding.released.phoneNumberId);
  for (const resource of [finding.released.resource, finding.claim.resource]) {
    add(resource);
    add(parseUrn(resource)?.name);
  }
  return allowed.some((a) => names.has(a));
}

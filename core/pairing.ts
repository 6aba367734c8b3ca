import { NewClaim, ReleasedNumber, RenameFinding, byResourceName, findRenames, fixFor } from "./renames";
import { WantedNumber, meets } from "./connect/wanted";
import { PlannedOperation } from "./plan";
import { setLabelOf } from "./explain";

/**
 * Which numbers a plan releases and claims are really one number changing hands, and what the provider then does.
 * One rule for `connect-numbers check` and the policy pack:
 * - a hand-over: only between resources of this package. Its create takes a number another resource of the stack
 *   holds (the same E.164, or the adopted number) and, for a replacement, the number its own old instance holds when
 *   that number still meets the new inputs (`pulumi up --replace`); the old instance's delete then finds the number
 *   tagged for its new holder and releases nothing. No claim, no release.
 * - every other pair is a finding that loses the number: another package's delete calls ReleasePhoneNumber whoever
 *   took the number in the meantime (an adoption of it, or a replacement asking for the same number), and a search
 *   never takes another resource's number.
 */

export interface HandOver {
  /** The resource that held the number (for a replacement, the resource itself). */
  from: string;
  to: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  /**
   * "rename": a specific number declared anew; "adopt": an adoption; "replace": a replacement keeps its number;
   * "retry": a replacement claims again the number AWS reported FAILED: no release, but a claim all the same.
   */
  how: "rename" | "adopt" | "replace" | "retry";
  /** The former holder is replaced (it stays declared), not removed. */
  fromReplaced?: boolean;
}

export interface Pairing {
  handOvers: HandOver[];
  /** Pairs that lose the number: blocking findings. */
  findings: RenameFinding[];
}

export function pairNumbers(released: readonly ReleasedNumber[], claims: readonly NewClaim[]): Pairing {
  const handOvers: HandOver[] = [];
  const findings: RenameFinding[] = [];
  const usedReleases = new Set<ReleasedNumber>();
  const usedClaims = new Set<NewClaim>();
  const use = (r: ReleasedNumber, c: NewClaim) => {
    usedReleases.add(r);
    usedClaims.add(c);
  };
  const handOver = (r: ReleasedNumber, c: NewClaim, how: HandOver["how"]) => {
    use(r, c);
    handOvers.push({
      from: r.resource,
      to: c.resource,
      phoneNumber: r.phoneNumber,
      phoneNumberId: r.phoneNumberId,
      how,
      ...(r.byReplacement ? { fromReplaced: true } : {}),
    });
  };
  const lose = (r: ReleasedNumber, c: NewClaim, kind: RenameFinding["kind"]) => {
    use(r, c);
    findings.push({ kind, released: r, claim: c, phoneNumber: r.phoneNumber, assumed: [], fix: fixFor(kind, r, c) });
  };

  // A replacement and its own old instance: the same number kept (ours), or released and claimed again (any other).
  const releasedByResource = new Map(released.filter((r) => r.byReplacement).map((r) => [r.resource, r]));
  for (const c of claims) {
    const r = c.byReplacement ? releasedByResource.get(c.resource) : undefined;
    if (!r) continue;
    if (r.ours && c.ours && keepsNumber(r, c)) handOver(r, c, r.failed ? "retry" : "replace");
    else if (!c.ours && claimsSpecific(c) && r.phoneNumber === c.phoneNumber) lose(r, c, "same-number");
  }

  // The very number (E.164 or id) under another resource, new or replaced: grouped by it, so thousands stay linear;
  // by resource name, not the order given, so every face pairs alike.
  const byNumber = new Map<string, ReleasedNumber[]>();
  const index = (key: string | undefined, r: ReleasedNumber) =>
    key !== undefined && byNumber.set(key, [...(byNumber.get(key) ?? []), r]);
  // A FAILED claim holds nothing to hand over or to lose (core/connect/failed-claim.ts): only its retry pairs above.
  const holding = released.filter((r) => !r.failed);
  for (const r of [...holding].sort((a, b) => byResourceName(a.resource, b.resource))) {
    if (usedReleases.has(r)) continue;
    index(r.phoneNumber && `n:${r.phoneNumber}`, r);
    index(r.phoneNumberId && `i:${r.phoneNumberId}`, r);
  }
  for (const c of claims) {
    if (usedClaims.has(c)) continue;
    const keys = [
      c.phoneNumberId && c.adopts ? `i:${c.phoneNumberId}` : undefined,
      claimsSpecific(c) ? `n:${c.phoneNumber}` : undefined,
    ];
    const r = keys
      .flatMap((k) => (k ? (byNumber.get(k) ?? []) : []))
      .find((x) => !usedReleases.has(x) && x.resource !== c.resource && sameRegion(x, c));
    if (!r) continue;
    if (c.adopts) {
      if (r.ours) handOver(r, c, "adopt");
      else lose(r, c, "adopt-release");
    } else if (r.ours && c.ours) handOver(r, c, "rename");
    else lose(r, c, "rename");
  }

  // Searches, of new resources and replacements alike: a search takes a fresh number, never the one another resource
  // lets go in the same plan (a `count` index shift replaces each instance with the criteria of the next).
  const searches = claims.filter((c) => !usedClaims.has(c) && !c.adopts && !c.imports && !claimsSpecific(c));
  if (searches.length > 0)
    findings.push(
      ...findRenames(
        holding.filter((r) => !usedReleases.has(r)),
        searches,
      ),
    );
  return { handOvers, findings: withShrinks(withChains(findings), released, handOvers) };
}

/**
 * A set renamed without an alias to one that declares fewer numbers: the alias the fix gives leads into a shrink by
 * the numbers the old set holds beyond the pairs, which the fix must say (RenameFinding.shrink), naming the candidates.
 */
function withShrinks(
  findings: RenameFinding[],
  released: readonly ReleasedNumber[],
  handOvers: readonly HandOver[],
): RenameFinding[] {
  const key = (f: RenameFinding) => `${f.released.resource}\u0000${f.claim.resource}`;
  const pairs = new Map<string, number>();
  for (const f of findings) pairs.set(key(f), (pairs.get(key(f)) ?? 0) + 1);
  return findings.map((f) => {
    const from = f.released.resource;
    if (setLabelOf(from) === undefined || setLabelOf(f.claim.resource) === undefined) return f;
    const elsewhere = new Set([
      ...findings.filter((o) => o.released.resource === from && key(o) !== key(f)).map((o) => o.released),
    ]);
    const handed = new Set(handOvers.filter((h) => h.from === from).map((h) => h.phoneNumberId ?? h.phoneNumber));
    const held = released.filter(
      (r) => r.resource === from && !elsewhere.has(r) && !handed.has(r.phoneNumberId ?? r.phoneNumber),
    );
    const by = held.length - pairs.get(key(f))!;
    if (by <= 0) return f;
    const candidates = held.map((r) => r.phoneNumber ?? r.phoneNumberId ?? "?").sort();
    return { ...f, shrink: { holds: held.length, by, candidates } };
  });
}

/**
 * The operations with a lost pair's claim named a rename, as every face names it: the claim of a resource the plan
 * creates to take (or search for) a number another lets go. A replacement's claim stays a replacement (a `count`
 * index shift re-claims; it renames nothing), and each release stays what its resource does: a delete or a
 * replacement's.
 */
export function withRenameReasons<T extends PlannedOperation>(
  operations: readonly T[],
  findings: readonly RenameFinding[],
): T[] {
  const renaming = new Set(findings.map((f) => f.claim.resource));
  return operations.map((op) =>
    op.action === "claim" && op.reason === "create" && renaming.has(op.resource) ? { ...op, reason: "rename" } : op,
  );
}

/** A claim of one known E.164 number (not a search, not unknown at preview). */
function claimsSpecific(c: NewClaim): c is NewClaim & { phoneNumber: string } {
  return c.phoneNumber !== undefined && !c.unknown.includes("phoneNumber");
}

/** Regions that are not known to differ: a number never leaves its region. */
function sameRegion(r: ReleasedNumber, c: NewClaim): boolean {
  return r.region === undefined || c.region === undefined || r.region === c.region;
}

/**
 * Whether a replacement of this package's PhoneNumber takes its own old number again, as the provider's create does
 * (the owner's held number that meets the new inputs): the same number or adopted id, or a search it still meets, in
 * the same region. Anything unknown at preview may not meet: counted as churn.
 */
export function keepsNumber(r: ReleasedNumber, c: NewClaim): boolean {
  if (["phoneNumber", "countryCode", "type", "prefix", "region"].some((k) => c.unknown.includes(k))) return false;
  const wanted: WantedNumber = {
    mode: c.adopts ? "adopt" : c.phoneNumber !== undefined ? "specific" : "search",
    phoneNumberId: c.phoneNumberId,
    phoneNumber: c.phoneNumber,
    countryCode: c.countryCode,
    type: c.type,
    prefix: c.prefix,
    region: c.region,
    regionInput: "region",
    unknown: [],
  };
  return meets({ ...r, phoneNumberId: r.phoneNumberId ?? "" }, wanted);
}

/**
 * Replacements that each claim the number the next releases (`n[0]` takes `n[1]`'s, which takes `n[2]`'s): named as
 * one chain on each of its findings, from the first claimer to the last releaser.
 */
function withChains(findings: RenameFinding[]): RenameFinding[] {
  const links = findings.filter((f) => (f.kind === "rename" || f.kind === "reclaim") && f.claim.byReplacement);
  const next = new Map(links.map((f) => [f.claim.resource, f.released.resource]));
  const claimed = new Set(links.map((f) => f.released.resource));
  const chains = new Map<string, string[]>();
  for (const start of next.keys()) {
    if (claimed.has(start)) continue;
    const chain = [start];
    for (let at = next.get(start); at !== undefined && !chain.includes(at); at = next.get(at)) chain.push(at);
    if (chain.length > 2) for (const resource of chain) chains.set(resource, chain);
  }
  return findings.map((f) =>
    chains.has(f.claim.resource) && links.includes(f) ? { ...f, chain: chains.get(f.claim.resource) } : f,
  );
}

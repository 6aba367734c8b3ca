import { TaggedOwnership } from "../core";

/** A resource the program declares, as far as owning a number goes: the owner keys of its URN and alias URNs. */
export interface Claimant {
  ownerKeys: readonly string[];
}

export interface Holdings<D, N> {
  /** The number each declared resource holds. */
  holding: Map<D, N>;
  /** Numbers some declared resource holds. */
  matched: Set<N>;
  /** Owner keys of declared resources that hold a number: a second number of theirs is no part of the plan. */
  ownedKeys: Set<string>;
}

/**
 * Which held number each declared resource of this package holds, for Connect and SMS alike: the one under its URN's
 * or an alias URN's owner key (never a same-named resource's), or the one `heldBy` names outright (an unchanged
 * resource's outputs). An owner may hold a second number after an interrupted create: the one its inputs describe
 * (`fits`) is the one it keeps.
 */
export function matchHoldings<D extends Claimant, N extends { owner?: TaggedOwnership }>(
  ours: readonly D[],
  owned: readonly N[],
  fits: (n: N, d: D) => boolean,
  heldBy: (d: D) => N | undefined = () => undefined,
): Holdings<D, N> {
  const byKey = new Map<string, N[]>();
  for (const n of owned) if (n.owner) byKey.set(n.owner.key, [...(byKey.get(n.owner.key) ?? []), n]);
  const matched = new Set<N>();
  const holding = new Map<D, N>();
  for (const d of ours) {
    const named = heldBy(d);
    const candidates = named ? [named] : d.ownerKeys.flatMap((k) => byKey.get(k) ?? []).filter((n) => !matched.has(n));
    const held = candidates.find((n) => fits(n, d)) ?? candidates[0];
    if (!held) continue;
    matched.add(held);
    holding.set(d, held);
  }
  return { holding, matched, ownedKeys: new Set(ours.flatMap((d) => (holding.has(d) ? d.ownerKeys : []))) };
}

import {
  ConnectForcingInput,
  NewClaim,
  ReleasedNumber,
  RenameFinding,
  TaggedOwnership,
  claimOf,
  forcingInputs,
  failedClaimLetGo,
  failedClaimRetried,
  isFailedClaim,
  ownerKey,
  pairNumbers,
  parseTargetArn,
  parseUrn,
  phoneNumberIdOf,
  releaseOf,
  releasedOurs,
  withRenameReasons,
  targetKey,
} from "../../core";
import { matchHoldings } from "../holdings";
import { DeclaredNumber } from "./declared";
import { RegionalMove, RegionalOperation, Release, StackNumber } from "./plan-types";
import { DeclaredSet, deriveSets } from "./sets";
import { ForeignHolders } from "./stack-state";
import type { PendingNumberDelete } from "../../account/stack-export";

export interface DerivedPlan {
  operations: RegionalOperation[];
  /** Numbers a declared resource keeps but moves to another target of its region: no churn, a place there. */
  moves: RegionalMove[];
  releases: Release[];
  renames: RenameFinding[];
  /** Numbers a declared resource takes from another owner of this stack (adopted, or declared anew): no churn. */
  handOvers: Array<{ from: string; to: string; phoneNumber: string }>;
  /**
   * Adoptions of a number no resource of this package in this stack holds. CrossGuard cannot see whether another
   * package's resource of this stack held it and this plan removes it (that delete would release it).
   */
  adoptions: Array<{ resource: string; number: string; stateRead?: boolean }>;
  /** PhoneNumberSets the provider would refuse (sets.ts): a shrink that names nothing, a declaration it cannot count. */
  setRefusals: Array<{ resource: string; message: string }>;
  /**
   * Numbers a declared resource holds besides the one it keeps, not known to be pending delete: an old instance the
   * stack's state holds pending delete (the next up releases it) looks so until the state is read (stack-state.ts).
   */
  leftBehind: StackNumber[];
  /** What else the plan does at no churn, a sentence each: a FAILED claim it lets go (core/connect/failed-claim.ts). */
  notes: string[];
}

/**
 * What the plan claims and releases, from the new program and the numbers the stack holds (CrossGuard shows
 * neither deletes nor old state). A number belongs to the declared resource whose URN or alias URN has its owner
 * key, never to a resource of the same bare name. A held number no declared resource owns is released; a declared
 * resource holding none claims one (adopting claims nothing); one whose inputs its number no longer meets is
 * replaced. Renames and re-claims pair the releases with the new claims (core/renames.ts).
 */
export function derivePlan(
  declared: readonly DeclaredNumber[],
  owned: readonly StackNumber[],
  defaultRegion: string,
  extra: { sets?: readonly DeclaredSet[]; stateRead?: ForeignHolders; pending?: readonly PendingNumberDelete[] } = {},
): DerivedPlan {
  const { sets = [], stateRead, pending = [] } = extra;
  const foreign = stateRead ?? { releasing: [], retained: [] };
  const byKey = new Map<string, StackNumber[]>();
  for (const n of owned) byKey.set(n.owner.key, [...(byKey.get(n.owner.key) ?? []), n]);
  const ours = declared.filter((d) => d.kind === "connect-numbers");
  const { holding, matched, ownedKeys } = matchHoldings(ours, owned, (n, d) => replacing(n, d).length === 0);

  const operations: RegionalOperation[] = [];
  const moves: RegionalMove[] = [];
  const releases: Release[] = [];
  const releasedForPairing: ReleasedNumber[] = [];
  const claims: NewClaim[] = [];
  const notes: string[] = [];
  const regionOf = (d: DeclaredNumber) => d.wanted.region ?? defaultRegion;

  for (const d of declared) {
    if (d.kind !== "connect-numbers") {
      if (!d.exists) {
        operations.push({ ...claimOf(d.urn, "create", { note: generatedNote(d) }), region: regionOf(d) });
        claims.push(newClaim(d));
      }
      continue;
    }
    const held = holding.get(d);
    if (!held) {
      if (d.wanted.mode === "adopt") {
        claims.push({
          ...newClaim(d),
          adopts: true,
          phoneNumberId: d.wanted.phoneNumberId,
          phoneNumber: d.wanted.phoneNumberId === undefined ? d.wanted.phoneNumber : undefined,
        });
        continue;
      }
      operations.push({
        ...claimOf(d.urn, "create", { phoneNumber: d.wanted.phoneNumber, note: unknownNote(d) }),
        region: regionOf(d),
      });
      claims.push(newClaim(d));
      continue;
    }
    if (isFailedClaim(held)) {
      // AWS reported its claim FAILED: the provider replaces the resource and claims the same number again
      // (provider/diff.ts), a claim with no release (a FAILED claim holds nothing), as check counts it (core/pairing.ts).
      operations.push({
        ...claimOf(d.urn, "replace", {
          phoneNumber: held.phoneNumber,
          note: "claims again the number AWS reported FAILED",
        }),
        region: regionOf(d),
      });
      claims.push({ ...newClaim(d), phoneNumber: held.phoneNumber, byReplacement: true });
      notes.push(failedClaimRetried(d.urn, `${held.phoneNumber} (${held.phoneNumberId})`, held.phoneNumber));
      continue;
    }
    const forcedBy = replacing(held, d);
    if (forcedBy.length === 0) {
      const move = moveOf(held, d);
      if (move) moves.push(move);
      continue;
    }
    const pairId = `replace:${d.urn}`;
    const note = unknownNote(d) ?? `replaced: ${forcedBy.join(", ")} no longer matches ${held.phoneNumber}`;
    operations.push(
      { ...claimOf(d.urn, "replace", { pairId, phoneNumber: d.wanted.phoneNumber, note }), region: regionOf(d) },
      {
        ...releaseOf(d.urn, "replace", { pairId, phoneNumber: held.phoneNumber, phoneNumberId: held.phoneNumberId }),
        region: held.region,
      },
    );
    releases.push({
      resource: d.urn,
      phoneNumber: held.phoneNumber,
      phoneNumberId: held.phoneNumberId,
      region: held.region,
      reason: "replace",
      forcedBy,
      ...imported(held),
    });
    releasedForPairing.push({ ...releasedOurs(d.urn, held), byReplacement: true });
    claims.push({ ...newClaim(d), byReplacement: true });
  }

  // Sets, by core's set rule; a number a single resource declares (and does not hold yet) leaves its set, handed out.
  const singles = new Set(
    ours
      .filter((d) => !holding.has(d))
      .flatMap((d) => [
        d.wanted.unknown.includes("phoneNumber") ? undefined : d.wanted.phoneNumber,
        d.wanted.phoneNumberId && phoneNumberIdOf(d.wanted.phoneNumberId),
      ]),
  );
  const fromSets = deriveSets(
    sets,
    byKey,
    (m) => singles.has(m.phoneNumber) || singles.has(m.phoneNumberId),
    defaultRegion,
  );
  operations.push(...fromSets.operations);
  releases.push(...fromSets.releases);
  releasedForPairing.push(...fromSets.released);
  claims.push(...fromSets.claims);
  fromSets.ownerKeys.forEach((k) => ownedKeys.add(k));
  const setUrns = new Set(sets.map((x) => x.urn));

  const setKeys = new Set(fromSets.ownerKeys);
  const leftBehind: StackNumber[] = [];
  for (const n of owned) {
    if (matched.has(n)) continue;
    // A FAILED claim holds nothing: its delete releases nothing, pending or not (core/connect/failed-claim.ts).
    if (isFailedClaim(n)) {
      if (!ownedKeys.has(n.owner.key))
        notes.push(failedClaimLetGo(formerOwner(n), `${n.phoneNumber} (${n.phoneNumberId})`));
      continue;
    }
    // A declared owner's second number: an old instance pending delete in the state, which the next up releases
    // like any release (as `check` reads it from the plan's steps); else no part of the plan.
    const oldInstance = pending.find((p) => p.phoneNumberId === n.phoneNumberId);
    if (ownedKeys.has(n.owner.key) && !oldInstance) {
      if (!setKeys.has(n.owner.key)) leftBehind.push(n);
      continue;
    }
    if (oldInstance) {
      operations.push({
        ...releaseOf(oldInstance.urn, "pending-delete", { phoneNumber: n.phoneNumber, phoneNumberId: n.phoneNumberId }),
        region: n.region,
      });
      releases.push({
        resource: oldInstance.urn,
        phoneNumber: n.phoneNumber,
        phoneNumberId: n.phoneNumberId,
        region: n.region,
        reason: "pending-delete",
        ...imported(n),
      });
      continue;
    }
    // Unmatched, and no declared resource owns it: released.
    const resource = formerOwner(n);
    operations.push({
      ...releaseOf(resource, "delete", { phoneNumber: n.phoneNumber, phoneNumberId: n.phoneNumberId }),
      region: n.region,
    });
    releases.push({
      resource,
      phoneNumber: n.phoneNumber,
      phoneNumberId: n.phoneNumberId,
      region: n.region,
      reason: "delete",
      ...imported(n),
    });
    releasedForPairing.push(releasedOurs(resource, n));
  }

  // One rule with `check` (core/pairing.ts): a number another resource of this package takes is handed over; one
  // a removed pulumi-aws / aws-native resource releases (read from the stack's state, stack-state.ts) is lost.
  const pairing = pairNumbers([...releasedForPairing, ...foreign.releasing], claims);
  const handedFrom = new Set(pairing.handOvers.map((h) => `${h.from}\u0000${h.phoneNumberId}`));
  const handedTo = new Set(pairing.handOvers.map((h) => h.to));
  // A set's claims are per number: only the one whose number was handed over is no claim.
  const handedNumbers = new Set(pairing.handOvers.map((h) => `${h.to}\u0000${h.phoneNumber}`));
  const kept = (resource: string, action: "claim" | "release", phoneNumberId?: string, phoneNumber?: string) =>
    action === "claim"
      ? setUrns.has(resource)
        ? !handedNumbers.has(`${resource}\u0000${phoneNumber}`)
        : !handedTo.has(resource)
      : !handedFrom.has(`${resource}\u0000${phoneNumberId}`);
  const heldId = new Map(releases.map((r) => [`${r.resource}\u0000${r.phoneNumber}`, r.phoneNumberId]));
  const renames = pairing.findings;
  const netOperations = withRenameReasons(
    operations.filter((op) =>
      kept(op.resource, op.action, heldId.get(`${op.resource}\u0000${op.phoneNumber}`), op.phoneNumber),
    ),
    renames,
  );
  const netReleases = releases.filter((r) => kept(r.resource, "release", r.phoneNumberId));
  const handOvers = pairing.handOvers.map((h) => ({
    from: h.from,
    to: h.to,
    phoneNumber: h.phoneNumber ?? h.phoneNumberId ?? "its number",
  }));
  const paired = new Set([...handedTo, ...renames.map((f) => f.claim.resource)]);
  const adoptions: DerivedPlan["adoptions"] = [];
  for (const c of claims.filter((x) => x.adopts && !paired.has(x.resource))) {
    // The number of a removed resource that retainOnDelete lets go: the migration's second step, no churn.
    const retained = foreign.retained.find(
      (n) =>
        (c.phoneNumberId !== undefined && n.phoneNumberId === c.phoneNumberId) ||
        (c.phoneNumber !== undefined && n.phoneNumber === c.phoneNumber),
    );
    if (retained)
      handOvers.push({
        from: `${retained.urn} (retainOnDelete)`,
        to: c.resource,
        phoneNumber: retained.phoneNumber ?? retained.phoneNumberId,
      });
    else
      adoptions.push({
        resource: c.resource,
        number: c.phoneNumber ?? c.phoneNumberId ?? "its number",
        ...(stateRead ? { stateRead: true } : {}),
      });
  }
  return {
    operations: netOperations,
    moves,
    releases: netReleases,
    renames,
    handOvers,
    adoptions,
    setRefusals: fromSets.refusals,
    leftBehind,
    notes,
  };
}

/**
 * A held number kept in place whose declared target differs from the one it is on: the provider moves it
 * (UpdatePhoneNumber, no churn), which takes a place on the new target. (A target unknown at preview is counted as a
 * replacement already, by replacing: it may be in another region.) A number whose target was not read is not judged.
 */
function moveOf(held: StackNumber, d: DeclaredNumber): RegionalMove | undefined {
  const from = targetKey(held.targetArn);
  const to = targetKey(d.target);
  if (from === undefined || to === undefined || to === from) return undefined;
  return { resource: d.urn, phoneNumber: held.phoneNumber, from, to, region: held.region };
}

/** The former owner's URN, for messages and the alias to suggest; else its owner key. */
function formerOwner(n: StackNumber): string {
  return urnOfOwner(n.owner) ?? `the owner with key ${n.owner.key} (${n.phoneNumber})`;
}

/** A holder's URN, for messages; else its owner key. */
export function holderName(owner: TaggedOwnership): string {
  return urnOfOwner(owner) ?? `the owner with key ${owner.key}`;
}

/**
 * The owner's URN from its display tag, checked against its key. The tag is made tag-safe, which turns the "$"
 * between parent and child types into "_": each spelling of the type segment with "_" read back as "$" is tried,
 * and only one whose ownerKey is the tagged key is taken. A tag cut for length cannot be read back.
 */
export function urnOfOwner(owner: TaggedOwnership): string | undefined {
  const tag = owner.urnTag;
  const parsed = tag ? parseUrn(tag) : undefined;
  if (!tag || !parsed) return undefined;
  if (ownerKey(tag) === owner.key) return tag;
  const head = `urn:pulumi:${parsed.stack}::${parsed.project}::`;
  const segments = parsed.qualifiedType.split("_");
  const gaps = segments.length - 1;
  if (gaps === 0 || gaps > 8) return undefined;
  for (let mask = 1; mask < 1 << gaps; mask++) {
    const type = segments.reduce(
      (acc, seg, i) => (i === 0 ? seg : acc + (mask & (1 << (i - 1)) ? "$" : "_") + seg),
      "",
    );
    const candidate = `${head}${type}::${parsed.name}`;
    if (ownerKey(candidate) === owner.key) return candidate;
  }
  return undefined;
}

function imported(n: StackNumber): Pick<Release, "importedFrom"> {
  return n.importedFrom ? { importedFrom: n.importedFrom } : {};
}

/** The inputs that make the provider replace the held number (core/connect forcingInputs), by the number's target region. */
function replacing(n: StackNumber, d: DeclaredNumber): ConnectForcingInput[] {
  return forcingInputs(
    { ...n, region: n.targetArn ? parseTargetArn(n.targetArn)?.region : undefined },
    d.wanted,
    d.ignored,
  );
}

/** What a new claim could take: a specific number, or the search criteria (outputs of generated resources aside). */
function newClaim(d: DeclaredNumber): NewClaim {
  const w = d.wanted;
  const unknown: string[] = w.unknown.filter((k) =>
    ["phoneNumber", "countryCode", "type", "prefix", "region"].includes(k),
  );
  // A target unknown at preview leaves the region unknown too, unless the region input names it.
  if (
    w.region === undefined &&
    !unknown.includes("region") &&
    (w.unknown.includes("targetArn") || w.unknown.includes("instanceId"))
  )
    unknown.push("region");
  return {
    resource: d.urn,
    phoneNumber: w.mode === "specific" ? w.phoneNumber : undefined,
    countryCode: w.countryCode,
    type: w.type,
    prefix: w.prefix,
    region: w.region,
    unknown,
    ...(d.kind === "connect-numbers" ? { ours: true } : {}),
    ...(d.importsFrom !== undefined ? { imports: true } : {}),
  };
}

function unknownNote(d: DeclaredNumber): string | undefined {
  return d.wanted.unknown.length > 0
    ? `${d.wanted.unknown.join(", ")} unknown until apply: counted as a claim`
    : undefined;
}

function generatedNote(d: DeclaredNumber): string {
  const what =
    d.kind === "aws-native"
      ? "aws-native PhoneNumber without a phoneNumberArn yet"
      : "pulumi-aws PhoneNumber without an arn yet";
  const imported = d.importsFrom ? ` (imported from ${d.importsFrom}: imports count as claims)` : "";
  return `${what}: counted as a claim${imported}; if it is a replacement, its release is not visible to CrossGuard (connect-numbers check on pulumi preview --json sees it)`;
}

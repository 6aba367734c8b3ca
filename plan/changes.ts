import {
  ArnPlace,
  CONNECT_NUMBER_RESOURCE_TYPES,
  HandOver,
  NewClaim,
  PHONE_NUMBER_SET_TYPE,
  PHONE_NUMBER_TYPE,
  Plan,
  PlannedMove,
  PlannedOperation,
  ReleasedNumber,
  RenameFinding,
  claimOf,
  connectDeleteRefusal,
  pairNumbers,
  parseUrn,
  phoneNumberIdOf,
  placesOfArns,
  readSetFacts,
  releaseOf,
  targetKey,
  failedClaimLetGo,
  failedClaimRetried,
  isFailedClaim,
} from "../core";
import { isSmsNumberType } from "../core/sms";
import { inputError } from "./errors";
import { connectArnsOf, isAdoption, readFacts } from "./number-props";
import { checkNumberValues } from "./number-values";
import { ClaimRecord, ReleaseRecord } from "./records";
import { setRecords } from "./set-changes";
import { BuiltSms, SmsPlanBuilder } from "./sms-changes";
import { ResourceChange, SourceLine } from "./steps";

export type { ResourceChange } from "./steps";

export interface ResourceSummary {
  resource: string;
  op: string;
  claims: number;
  releases: number;
  /** The program line of its claim (from the new state): where the program declares the resource now. */
  source?: SourceLine;
}

/** A rename, re-claim or lost adoption, with the program line of the claiming resource. */
export interface PairFinding extends RenameFinding {
  source?: SourceLine;
}

export interface BuiltPlan {
  plan: Plan;
  resources: ResourceSummary[];
  claims: ClaimRecord[];
  releases: ReleaseRecord[];
  /** Resources with a Pulumi `replace` step but not its replacement steps: the digest was made without them. */
  hiddenReplacementSteps: string[];
  /** SMS origination numbers: listed apart, never part of `plan` (no churn quota is documented for them). */
  sms: BuiltSms;
  /** Numbers that change hands between resources of this package at no churn: said in words, never released. */
  handOvers: string[];
  /** Pairs of a release and a claim that lose the number (core/pairing.ts). */
  renames: PairFinding[];
  /** Resources removed (or replaced) with retainOnDelete: their numbers stay in the account, never released. */
  retained: Array<{ resource: string; numbers: string[] }>;
  /**
   * Numbers this plan's resources hold before it applies, per target (targetKey): the least the target holds, for a
   * gate that does not read the account. Numbers released in the apply count: they are still held while it claims.
   */
  heldBefore: Record<string, number>;
  /** Where the Connect ARNs of the plan's steps (targets, numbers; old state and new) are: whose plan it is. */
  places: ArnPlace[];
}

const PULUMI_NO_CHURN = new Set([
  "same",
  "update",
  "read",
  "refresh",
  "discard",
  "discard-replaced",
  "read-discard",
  "remove-pending-replace",
  "import",
  "import-replacement",
  "read-replacement",
  "diff",
  "extend-parameterize",
]);
const PULUMI_CLAIMS = new Set(["create", "create-replacement", "replace"]);
const PULUMI_RELEASES = new Set(["delete", "delete-replaced", "replace"]);
const REPLACEMENT_STEPS = new Set(["create-replacement", "delete-replaced", "discard-replaced"]);
const TERRAFORM_KNOWN = new Set(["no-op", "read", "update", "forget", "create", "delete"]);
const PULUMI_HOW_TO =
  "the plan must carry the old and new state of every phone-number step (`pulumi preview --json --show-replacement-steps`, unedited)";

/**
 * Folds changes into claims and releases, counting numbers, not steps: a create claims (an adoption or import
 * does not), a delete releases (retainOnDelete does not), a replacement does both, and every number is counted once
 * however many steps show it (a `replace` with its `create-replacement` and `delete-replaced`, deleteBeforeReplace
 * in either order, a pending delete of an earlier instance of the same resource). An operation this does not
 * know, or a phone-number step whose number cannot be read, is an error: never counted as zero.
 */
export class PlanBuilder {
  private readonly claims = new Map<string, ClaimRecord>();
  private readonly releases = new Map<string, ReleaseRecord>();
  private readonly ops = new Map<string, Set<string>>();
  private readonly replaced = new Map<string, string>();
  private readonly adoptions: ClaimRecord[] = [];
  private readonly sets: Array<{ change: ResourceChange; op: string }> = [];
  private readonly retained = new Map<string, string[]>();
  /** Old states' deletionProtection, per release key; new inputs' per resource still declared. */
  private readonly protectedBefore = new Map<string, unknown>();
  private readonly protectedAfter = new Map<string, unknown>();
  private readonly sms = new SmsPlanBuilder({
    noChurn: PULUMI_NO_CHURN,
    claims: PULUMI_CLAIMS,
    releases: PULUMI_RELEASES,
    replacementSteps: REPLACEMENT_STEPS,
    terraformKnown: TERRAFORM_KNOWN,
    howTo: PULUMI_HOW_TO,
  });

  /**
   * A replacement's release of another instance than the one it replaces, or with no replacement at all: an instance
   * an earlier, failed replacement left behind, pending delete.
   */
  private isPendingDelete(r: ReleaseRecord): boolean {
    return r.reason === "replace" && this.replaced.get(r.resource) !== r.instance;
  }

  /**
   * PhoneNumber resources with an old instance pending delete whose current declaration no step shows (a preview
   * shows no step for an unchanged resource): whether the provider refuses that release rests on it (`declaredNow`).
   */
  pendingWithoutDeclaration(): string[] {
    return [...this.releases.values()]
      .filter((r) => r.type === PHONE_NUMBER_TYPE && this.isPendingDelete(r) && !this.protectedAfter.has(r.resource))
      .map((r) => r.resource);
  }

  /**
   * The deletionProtection an unchanged resource declares, as the stack's state holds its live instance: the
   * provider judges an old instance's release by the program's declaration (provider/runtime/lifecycle.ts).
   */
  declaredNow(address: string, deletionProtection: unknown): void {
    if (!this.protectedAfter.has(address)) this.protectedAfter.set(address, deletionProtection);
  }

  add(change: ResourceChange): void {
    if (change.format === "pulumi" && change.type === "") {
      throw inputError(`the step for ${change.address} names no resource type: ${PULUMI_HOW_TO}`);
    }
    checkNumberValues(change);
    if (isSmsNumberType(change.type)) return this.sms.add(change);
    this.noteRetained(change);
    if (change.type !== PHONE_NUMBER_SET_TYPE && !CONNECT_NUMBER_RESOURCE_TYPES.has(change.type)) return;
    for (const props of [change.before, change.after]) this.arns.push(...connectArnsOf(change.type, props));
    if (change.type === PHONE_NUMBER_SET_TYPE) return this.addSet(change);
    const ops = this.ops.get(change.address) ?? new Set<string>();
    this.ops.set(change.address, ops);
    for (const a of change.actions) ops.add(a);
    // What the program now declares decides whether the provider refuses to release an old instance of it.
    if (change.type === PHONE_NUMBER_TYPE && change.after)
      this.protectedAfter.set(change.address, change.after.deletionProtection);
    this.noteHeld(change);
    this.noteMove(change);
    if (change.format === "pulumi") this.addPulumi(change, change.actions[0]);
    else this.addTerraform(change);
  }

  private readonly heldInstances = new Map<string, string>();
  /** Values of the steps' states that may be Connect ARNs: where they are is the plan's (BuiltPlan.places). */
  private readonly arns: unknown[] = [];

  /** A release step of a resource with retainOnDelete: Pulumi forgets it without its delete, keeping its numbers. */
  private noteRetained(change: ResourceChange): void {
    if (!change.retainOnDelete || !change.before || !change.actions.some((a) => PULUMI_RELEASES.has(a))) return;
    if (change.type !== PHONE_NUMBER_SET_TYPE && !CONNECT_NUMBER_RESOURCE_TYPES.has(change.type)) return;
    const numbers =
      change.type === PHONE_NUMBER_SET_TYPE
        ? readSetFacts(change.before).members.map((m) => m.phoneNumber)
        : [readFacts(change.type, change.before)].flatMap((f) => f.phoneNumber ?? f.phoneNumberId ?? []);
    this.retained.set(change.address, numbers);
  }

  /** One number per old instance (a replacement's steps share one; a pending delete is an instance of its own). */
  private noteHeld(change: ResourceChange): void {
    if (!change.before) return;
    const target = targetKey(readFacts(change.type, change.before).target);
    if (target !== undefined) this.heldInstances.set(`${change.address}|${change.oldId ?? ""}`, target);
  }

  private readonly moves: PlannedMove[] = [];

  /**
   * An in-place update that changes a number's target (UpdatePhoneNumber): no churn, but a place on its new target
   * (core/capacity.ts). A target unknown at preview may be any: it counts against every target, as a claim's does.
   */
  private noteMove(change: ResourceChange): void {
    const inPlace = change.format === "pulumi" ? change.actions[0] === "update" : change.actions.join() === "update";
    if (!inPlace || !change.before || !change.after) return;
    const before = readFacts(change.type, change.before);
    const after = readFacts(change.type, change.after);
    const from = targetKey(before.target);
    const to = after.unknown.includes("target") ? undefined : targetKey(after.target);
    if (to !== undefined && to === from) return;
    if (to === undefined && !after.unknown.includes("target")) return;
    this.moves.push({
      resource: change.address,
      ...(before.phoneNumber !== undefined ? { phoneNumber: before.phoneNumber } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
  }

  private addPulumi(change: ResourceChange, op: string): void {
    if (PULUMI_NO_CHURN.has(op)) return;
    if (!PULUMI_CLAIMS.has(op) && !PULUMI_RELEASES.has(op)) {
      throw inputError(
        `unknown Pulumi step op "${op}" on ${change.address}: refusing to count it as no churn; expected create, delete, replace, update, same, …`,
      );
    }
    if (op === "replace" || op === "create-replacement") this.replaced.set(change.address, instanceOf(change));
    if (PULUMI_CLAIMS.has(op)) this.claim(change);
    if (PULUMI_RELEASES.has(op)) this.release(change, op === "delete" ? "delete" : "replace");
  }

  private addSet(change: ResourceChange): void {
    const op = change.actions[0];
    const ops = this.ops.get(change.address) ?? new Set<string>();
    this.ops.set(change.address, ops.add(op));
    // A set is never replaced by its diff; a forced replacement keeps every number it still wants (its create takes
    // them by their tags), which the `replace` step alone says: its create-replacement and delete-replaced add nothing.
    if ((PULUMI_NO_CHURN.has(op) && op !== "update") || op === "create-replacement" || op === "delete-replaced") return;
    if (op !== "update" && !PULUMI_CLAIMS.has(op) && !PULUMI_RELEASES.has(op)) {
      throw inputError(
        `unknown Pulumi step op "${op}" on ${change.address}: refusing to count it as no churn; expected create, delete, replace, update, same, …`,
      );
    }
    this.sets.push({ change, op });
  }

  /** Sets are judged once every single resource is known: a number one of them declares leaves its set, handed out. */
  private judgeSets(): void {
    const declared = new Set<string>();
    for (const c of [...this.claims.values(), ...this.adoptions]) {
      if (c.type !== PHONE_NUMBER_TYPE) continue;
      if (c.facts.phoneNumber !== undefined && !c.facts.unknown.includes("phoneNumber"))
        declared.add(c.facts.phoneNumber);
      if (c.facts.phoneNumberId !== undefined) declared.add(c.facts.phoneNumberId);
    }
    for (const { change, op } of this.sets.splice(0)) {
      const taken = (m: { phoneNumber: string; phoneNumberId: string }) =>
        declared.has(m.phoneNumber) || declared.has(m.phoneNumberId);
      const { claims, releases } = setRecords(
        change,
        op,
        op === "update" || PULUMI_CLAIMS.has(op),
        PULUMI_RELEASES.has(op),
        taken,
      );
      for (const c of claims) this.claims.set(`${c.resource}\u0000#${c.slot}`, c);
      for (const r of releases) this.releases.set(`${r.resource}\u0000${r.instance}`, r);
    }
  }

  private addTerraform(change: ResourceChange): void {
    for (const a of change.actions) {
      if (!TERRAFORM_KNOWN.has(a)) {
        throw inputError(
          `unknown Terraform action "${a}" on ${change.address}: refusing to count it as no churn; expected create, delete, update, no-op, read, forget`,
        );
      }
    }
    const creates = change.actions.includes("create");
    const deletes = change.actions.includes("delete");
    if (creates && deletes) this.replaced.set(change.address, instanceOf(change));
    if (creates && !change.importing) this.claim(change);
    if (deletes) this.release(change, creates ? "replace" : "delete");
  }

  private claim(change: ResourceChange): void {
    if (!change.after)
      throw inputError(
        `${change.address} is created but the plan has no new state for it, so whether it claims a number cannot be told: ${PULUMI_HOW_TO}`,
      );
    if (isAdoption(change.type, change.after)) {
      if (!this.adoptions.some((a) => a.resource === change.address))
        this.adoptions.push({
          resource: change.address,
          type: change.type,
          adopts: true,
          facts: { ...readFacts(change.type, change.after), ...adoptedNumber(change.after) },
          source: change.source,
        });
      return;
    }
    if (this.claims.has(change.address)) return;
    this.claims.set(change.address, {
      resource: change.address,
      type: change.type,
      facts: readFacts(change.type, change.after),
      source: change.source,
    });
  }

  private release(change: ResourceChange, reason: ReleaseRecord["reason"]): void {
    if (change.retainOnDelete) return;
    const instance = instanceOf(change);
    const key = `${change.address}\u0000${instance}`;
    if (this.releases.has(key)) return;
    const facts = readFacts(change.type, change.before);
    if (!change.before || (facts.phoneNumber === undefined && facts.phoneNumberId === undefined)) {
      throw inputError(
        `${change.address} is deleted but the plan does not say which number it holds (no phone number or id in its old state${facts.unknown.length ? `: ${facts.unknown.join(", ")} hidden` : ""}): a release that cannot be named cannot be shown; ${PULUMI_HOW_TO}`,
      );
    }
    if (change.type === PHONE_NUMBER_TYPE) this.protectedBefore.set(key, change.before.deletionProtection);
    const failedClaim = change.type === PHONE_NUMBER_TYPE && isFailedClaim(change.before);
    this.releases.set(key, {
      resource: change.address,
      type: change.type,
      facts,
      instance,
      reason,
      source: change.source,
      ...(failedClaim ? { failedClaim } : {}),
    });
  }

  build(): BuiltPlan {
    this.judgeSets();
    const operations: PlannedOperation[] = [];
    const all = [...this.releases.values()].map((r) =>
      this.isPendingDelete(r) ? { ...r, reason: "pending-delete" as const } : r,
    );
    const allClaims = [...this.claims.values()].map((c) => ({ ...c, replaces: this.replaced.get(c.resource) }));
    const pairing = pairNumbers(all.map(releasedNumber), [...allClaims.map(newClaim), ...this.adoptions.map(newClaim)]);
    const handedFrom = new Set(pairing.handOvers.map((h) => `${h.from}\u0000${h.phoneNumberId ?? h.phoneNumber}`));
    // A retry of a FAILED claim hands nothing over: its claim is made all the same.
    const handedTo = new Set(pairing.handOvers.filter((h) => h.how !== "retry").map((h) => h.to));
    // A set's claims are per number: only the one whose number was handed over is no claim.
    const handedNumbers = new Set(pairing.handOvers.map((h) => `${h.to}\u0000${h.phoneNumber}`));
    const isHandedTo = (c: ClaimRecord) =>
      c.type === PHONE_NUMBER_SET_TYPE
        ? handedNumbers.has(`${c.resource}\u0000${c.facts.phoneNumber}`)
        : handedTo.has(c.resource);
    // A FAILED claim holds nothing: its delete releases nothing (core/connect/failed-claim.ts).
    // By number, not resource: an aliased replacement's steps may name the old instance under either URN.
    const retriedNumbers = new Set(
      pairing.handOvers.filter((h) => h.how === "retry").map((h) => h.phoneNumberId ?? h.phoneNumber),
    );
    const letGo = all.filter((r) => r.failedClaim && !retriedNumbers.has(r.facts.phoneNumberId ?? r.facts.phoneNumber));
    const releases = all
      .filter((r) => !r.failedClaim)
      .filter((r) => !handedFrom.has(`${r.resource}\u0000${r.facts.phoneNumberId ?? r.facts.phoneNumber}`))
      .map((r) => {
        if (r.type === PHONE_NUMBER_SET_TYPE)
          return r.unnamed !== undefined
            ? { ...r, refused: { reason: "unnamed-shrink" as const, message: r.unnamed } }
            : r;
        const refused = connectDeleteRefusal({
          name: nameOf(r.resource),
          phoneNumber: r.facts.phoneNumber,
          deletionProtection: this.protectedBefore.get(`${r.resource}\u0000${r.instance}`),
          replacedWith: this.protectedAfter.has(r.resource)
            ? { deletionProtection: this.protectedAfter.get(r.resource) }
            : undefined,
        });
        return refused ? { ...r, refused } : r;
      });
    const handOvers = [
      ...pairing.handOvers.map(handOverSentence),
      ...letGo.map((r) => failedClaimLetGo(r.resource, numberOf(r.facts))),
    ];
    const sources = new Map([...allClaims, ...this.adoptions].map((c) => [c.resource, c.source]));
    const renames = pairing.findings.map((f) => ({ ...f, source: sources.get(f.claim.resource) }));
    const claims = allClaims.filter((c) => !isHandedTo(c));
    // A replacement's claim and release travel together (one apply): paired when both are in the plan.
    const releasedInstances = new Set(releases.map((r) => `${r.resource}\u0000${r.instance}`));
    const pairedClaims = new Set(
      claims
        .filter((c) => c.replaces !== undefined && releasedInstances.has(`${c.resource}\u0000${c.replaces}`))
        .map((c) => c.resource),
    );
    const count = new Map<string, { claims: number; releases: number }>();
    const tally = (resource: string, key: "claims" | "releases") => {
      const t = count.get(resource) ?? { claims: 0, releases: 0 };
      t[key]++;
      count.set(resource, t);
    };
    // A retry claims the FAILED number again first, a searched resource's too: the waves name it.
    const retried = new Map(pairing.handOvers.filter((h) => h.how === "retry").map((h) => [h.to, h.phoneNumber]));
    for (const c of claims) {
      const paired = pairedClaims.has(c.resource);
      operations.push(
        claimOf(c.resource, paired || retried.has(c.resource) ? "replace" : (c.setReason ?? "create"), {
          phoneNumber: c.facts.phoneNumber ?? retried.get(c.resource),
          target: targetKey(c.facts.target),
          ...(paired ? { pairId: `replace:${c.resource}` } : {}),
          ...(c.fitsLater ? { fitsLater: true } : {}),
        }),
      );
      tally(c.resource, "claims");
    }
    for (const r of releases) {
      const paired = r.reason === "replace" && pairedClaims.has(r.resource);
      operations.push(
        releaseOf(r.resource, paired ? "replace" : r.reason === "replace" ? "delete" : r.reason, {
          phoneNumber: r.facts.phoneNumber ?? r.facts.phoneNumberId,
          ...(r.facts.phoneNumberId !== undefined ? { phoneNumberId: phoneNumberIdOf(r.facts.phoneNumberId) } : {}),
          target: targetKey(r.facts.target),
          ...(paired ? { pairId: `replace:${r.resource}` } : {}),
        }),
      );
      tally(r.resource, "releases");
    }
    const resources: ResourceSummary[] = [...this.ops].map(([resource, ops]) => {
      const { claims: c, releases: r } = count.get(resource) ?? { claims: 0, releases: 0 };
      const source = sources.get(resource);
      return { resource, op: labelOf(ops, c, r), claims: c, releases: r, ...(source ? { source } : {}) };
    });
    const sms = this.sms.build();
    const hiddenReplacementSteps = [...this.ops]
      .filter(([, ops]) => ops.has("replace") && ![...ops].some((o) => REPLACEMENT_STEPS.has(o)))
      .map(([resource]) => resource);
    const heldBefore: Record<string, number> = {};
    for (const target of this.heldInstances.values()) heldBefore[target] = (heldBefore[target] ?? 0) + 1;
    return {
      plan: { operations, ...(this.moves.length > 0 ? { moves: [...this.moves] } : {}) },
      resources,
      claims,
      releases,
      hiddenReplacementSteps: [...hiddenReplacementSteps, ...sms.hiddenReplacementSteps],
      sms,
      handOvers,
      renames,
      heldBefore,
      places: placesOfArns(this.arns),
      retained: [...this.retained].map(([resource, numbers]) => ({ resource, numbers })),
    };
  }
}

/** The number an adopting create names: `phoneNumberId` (an id or an ARN), or with `adopt: true` its `phoneNumber`. */
function adoptedNumber(after: Record<string, unknown>): { phoneNumberId?: string; phoneNumber?: string } {
  const id = typeof after.phoneNumberId === "string" ? after.phoneNumberId : undefined;
  return {
    phoneNumberId: id === undefined ? undefined : phoneNumberIdOf(id),
    phoneNumber: after.adopt === true && typeof after.phoneNumber === "string" ? after.phoneNumber : undefined,
  };
}

/** What core/pairing.ts needs of a release: this package's own deletes may hand a number over. */
export function releasedNumber(r: ReleaseRecord): ReleasedNumber {
  return {
    resource: r.resource,
    ...r.facts,
    ...(r.reason === "replace" ? { byReplacement: true } : {}),
    ...(ours(r.type) ? { ours: true } : {}),
    ...(r.failedClaim ? { failed: true } : {}),
  };
}

function newClaim(c: ClaimRecord): NewClaim {
  return {
    resource: c.resource,
    ...c.facts,
    ...(c.replaces !== undefined ? { byReplacement: true } : {}),
    ...(c.setReason === "grow" ? { grows: true } : {}),
    ...(ours(c.type) ? { ours: true } : {}),
    ...(c.adopts ? { adopts: true } : {}),
    ...(c.facts.importsFrom !== undefined ? { imports: true } : {}),
  };
}

/** This package's resources: their deletes release nothing another of them took over. */
const ours = (type: string) => type === PHONE_NUMBER_TYPE || type === PHONE_NUMBER_SET_TYPE;

const numberOf = (n: { phoneNumber?: string; phoneNumberId?: string }) =>
  `${n.phoneNumber ?? n.phoneNumberId} (${n.phoneNumberId ?? "id unknown"})`;

function handOverSentence(h: HandOver): string {
  const number = numberOf(h);
  if (h.how === "retry") return failedClaimRetried(h.to, number, h.phoneNumber);
  if (h.how === "replace")
    return `${h.to} is replaced but keeps ${number}, which its new inputs still meet: connect-numbers hands it from the old instance to the new one, a hand-over, not a claim and a release.`;
  const verb = h.how === "adopt" ? "adopts" : "declares";
  return `${h.to} ${verb} ${number} from ${h.from}, which the plan ${h.fromReplaced ? "replaces" : "removes"}: a hand-over, not a release (connect-numbers' delete releases nothing another of its resources took over).`;
}

const nameOf = (resource: string) => parseUrn(resource)?.name ?? resource;

/** One old instance of a resource: its id, or (without one) the resource itself. */
function instanceOf(change: ResourceChange): string {
  return change.oldId ?? "";
}

function labelOf(ops: Set<string>, claims: number, releases: number): string {
  const replaced = ops.has("replace") || ops.has("create-replacement") || (ops.has("create") && ops.has("delete"));
  if (replaced) return "replace";
  // A set's update claims (grows) or releases named numbers (shrinks): report/words.ts says which.
  if (ops.has("update") && claims + releases > 0) return "update";
  if (claims > 0) return "create";
  if (releases > 0) return ops.has("delete-replaced") ? "pending-delete" : "delete";
  return "none";
}

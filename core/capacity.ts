import { PlannedMove, PlannedOperation } from "./plan";

/**
 * One target's "Phone numbers per instance" (Service Quotas L-8F812903, a resource-level quota) and how many numbers
 * it holds now. AWS refuses a claim past the quota by letting it turn FAILED ("the target has reached its limit of
 * total claimed numbers"), and that claim still counts as churn: a claim the target cannot take costs budget for
 * nothing, so every face schedules and attempts only what fits.
 */
export interface TargetCapacity {
  quota: number;
  held: number;
  /**
   * Set when a quota setting below the instance's own L-8F812903 is the limit (core/quota.ts instanceQuotaOf): a
   * claim past it is refused by the setting, AWS would take it, and the fix is the setting, not AWS Support.
   */
  setBy?: QuotaSetting;
  /**
   * False when nobody read what the target holds (a gate without account access): held is then 0, the least it
   * can be, so only an overrun that needs no reading (more claims than the quota) is found, and said as such.
   */
  heldKnown?: boolean;
}

/** A quota setting that binds below an instance's own "Phone numbers per instance" quota, as the face names it. */
export interface QuotaSetting {
  /** The setting in the face's words: "connect-numbers:quota", "--quota", "the policy config's quota". */
  name: string;
  /** The instance's own L-8F812903, as Service Quotas read it. */
  own: number;
}

/** Capacities by target (targetKey: "instance/ID"): the targets whose quota and held count are known. */
export type Capacities = Readonly<Record<string, TargetCapacity>>;

export interface CapacityOverrun {
  target: string;
  quota: number;
  held: number;
  heldKnown?: boolean;
  setBy?: QuotaSetting;
  /** Claims of the plan (or wave) that land on this target, moves onto it included. */
  claims: number;
  /** How many of `claims` are moves (PlannedMove): no churn, they end FAILED with the number left where it is. */
  moves?: number;
  resources: string[];
}

/** A move takes a place on its new target as a claim does: the shape targetsTaken and claimsByTarget read. */
export function moveLanding(m: PlannedMove): Pick<PlannedOperation, "action" | "target"> {
  return { action: "claim", target: m.to };
}

/**
 * The instances whose capacity a plan is judged against: every instance that holds numbers and every instance the
 * plan claims or moves numbers into (holding none yet). A traffic distribution group has no "per instance" quota of
 * its own here.
 */
export function instanceCapacities(
  operations: readonly PlannedOperation[],
  held: Readonly<Record<string, number>>,
  quotaOf: (target: string) => number | Pick<TargetCapacity, "quota" | "setBy">,
  heldKnown = true,
  moves: readonly PlannedMove[] = [],
): Capacities {
  const instances = new Set([
    ...Object.keys(held),
    ...[...operations, ...moves.map(moveLanding)]
      .filter((op) => op.action === "claim" && op.target !== undefined)
      .map((op) => op.target!),
  ]);
  return Object.fromEntries(
    [...instances]
      .filter((t) => t.startsWith("instance/"))
      .map((t) => {
        const q = quotaOf(t);
        return [
          t,
          {
            ...(typeof q === "number" ? { quota: q } : q),
            held: held[t] ?? 0,
            ...(heldKnown ? {} : { heldKnown: false }),
          },
        ];
      }),
  );
}

/** How many more claims the target can take now, with `pending` claims already on their way into it. */
export function roomOn(capacity: TargetCapacity, pending = 0): number {
  return Math.max(0, capacity.quota - capacity.held - pending);
}

/**
 * The tracked targets a claim takes a place on: its own; or, when the plan does not know its target (an output
 * unknown at preview), every tracked target, since it may land on the fullest one.
 */
export function targetsTaken(op: Pick<PlannedOperation, "action" | "target">, capacities: Capacities): string[] {
  if (op.action !== "claim") return [];
  if (op.target === undefined) return Object.keys(capacities);
  return op.target in capacities ? [op.target] : [];
}

/**
 * How many of the plan's claims (and moves) go into each target named (by targetKey): what an account reader needs
 * to tell whether they fit where the listed count leaves too little room (aws/held-on-target.ts).
 */
export function claimsByTarget(
  operations: ReadonlyArray<Pick<PlannedOperation, "action" | "target">>,
  moves: readonly PlannedMove[] = [],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of [...operations, ...moves.map(moveLanding)])
    if (op.action === "claim" && op.target !== undefined) out[op.target] = (out[op.target] ?? 0) + 1;
  return out;
}

/**
 * The targets one apply would take over their quota. In one `pulumi up` (or `terraform apply`) every claim lands
 * while every release of the same apply is still held: Pulumi creates before it deletes, replacements included,
 * and runs deletes of removed resources last. So an apply's releases never make room for its own claims; they
 * make room for the next apply (planWaves relies on that). A move (no churn) takes a place on its new target as a
 * claim does, and its old target gets the place back only after the apply.
 */
export function capacityOverruns(
  operations: readonly PlannedOperation[],
  capacities: Capacities,
  moves: readonly PlannedMove[] = [],
): CapacityOverrun[] {
  const landing = new Map<string, string[]>();
  const moving = new Map<string, number>();
  for (const op of operations) {
    for (const target of targetsTaken(op, capacities))
      landing.set(target, [...(landing.get(target) ?? []), op.resource]);
  }
  for (const m of moves) {
    for (const target of targetsTaken(moveLanding(m), capacities)) {
      landing.set(target, [...(landing.get(target) ?? []), m.resource]);
      moving.set(target, (moving.get(target) ?? 0) + 1);
    }
  }
  const out: CapacityOverrun[] = [];
  for (const [target, resources] of landing) {
    const { quota, held, heldKnown, setBy } = capacities[target];
    if (resources.length > roomOn(capacities[target]))
      out.push({
        target,
        quota,
        held,
        ...(heldKnown === false ? { heldKnown } : {}),
        ...(setBy ? { setBy } : {}),
        claims: resources.length,
        ...(moving.has(target) ? { moves: moving.get(target) } : {}),
        resources,
      });
  }
  return out;
}

/**
 * What to do about a full target, in the words every face uses: for a claim into it, or a move of a number onto it.
 * When a setting is the limit (`setBy`), the claims are the setting's to let through: AWS would take them, and a
 * higher AWS quota changes nothing. The instance's own quota is said where the target's quota is (quotaWords).
 */
export function capacityFix(target: string, setBy?: QuotaSetting, into: "claim" | "move" = "claim"): string {
  const clear = into === "claim" ? `release numbers on ${target}` : `release or move numbers off ${target}`;
  const release = `${clear} first (in an earlier apply: a release lands after the claims of its own apply)`;
  const elsewhere = into === "claim" ? "claim on another instance" : "move this one to another instance";
  if (setBy !== undefined) return `raise or remove ${setBy.name}, ${release}, or ${elsewhere}`;
  return `${release}, ${elsewhere}, or ask AWS Support for a higher "Phone numbers per instance" quota (L-8F812903) for it`;
}

/** A target's quota and where it comes from: L-8F812903, or the setting that holds it below the instance's own. */
export function quotaWords(c: Pick<TargetCapacity, "quota" | "setBy">): string {
  return c.setBy === undefined
    ? `${c.quota} ("Phone numbers per instance", L-8F812903)`
    : `${c.quota} (set by ${c.setBy.name}; the instance's own "Phone numbers per instance" quota, L-8F812903, is ${c.setBy.own})`;
}

/**
 * What becomes of `count` claims (or moves) past a target's room: AWS fails them, or the setting refuses what AWS
 * would take. A failed claim still counts as churn; a failed move is no churn, its number left where it is.
 */
export function pastRoomWords(
  c: Pick<TargetCapacity, "setBy">,
  count: number,
  into: "claim" | "move" = "claim",
): string {
  if (c.setBy !== undefined)
    return `would be refused by ${c.setBy.name}, though AWS would take ${count === 1 ? "it" : "them"}`;
  return into === "claim"
    ? "would end FAILED and still count as churn"
    : "would end FAILED: no churn, but the number stays where it is";
}

/** What to do about an overrun: a move's fix (move it elsewhere) when moves land there, else a claim's. */
export function overrunInto(o: Pick<CapacityOverrun, "moves">): "claim" | "move" {
  return (o.moves ?? 0) > 0 ? "move" : "claim";
}

/** One sentence: the target, its quota and held count, and the claims (and moves) it cannot take. */
export function capacitySentence(o: CapacityOverrun): string {
  const room = roomOn(o);
  const holds =
    o.heldKnown !== false
      ? `holds ${o.held} of its quota`
      : o.held === 0
        ? "may already hold numbers (not read: give --cloudtrail); even empty, with its quota"
        : `holds at least ${o.held} (this plan's own numbers; what else it holds was not read: give --cloudtrail) of its quota`;
  const moves = o.moves ?? 0;
  // A move is said apart: it is no churn, and what fails of it leaves the number on its old target.
  const noun = moves === 0 ? "claim" : moves === o.claims ? "move" : "claim or move";
  const nouns = (n: number) => (n === 1 ? noun : noun === "claim or move" ? "claims or moves" : `${noun}s`);
  const sentence =
    `${o.target} ${holds} of ${quotaWords(o)}, so it can take ${o.heldKnown === false ? "at most " : ""}${room} more ${nouns(room)}, ` +
    `not ${o.claims}${moves > 0 && moves < o.claims ? ` (${moves} of them ${moves === 1 ? "a move" : "moves"} of a number onto it)` : ""}`;
  return `${sentence} (${o.claims - room} ${pastRoomWords(o, o.claims - room, moves === o.claims ? "move" : "claim")})`;
}

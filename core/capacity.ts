import { PlannedOperation } from "./plan";

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
  /** Claims of the plan (or wave) that land on this target. */
  claims: number;
  resources: string[];
}

/**
 * The instances whose capacity a plan is judged against: every instance that holds numbers and every instance the
 * plan claims into (holding none yet). A traffic distribution group has no "per instance" quota of its own here.
 */
export function instanceCapacities(
  operations: readonly PlannedOperation[],
  held: Readonly<Record<string, number>>,
  quotaOf: (target: string) => number | Pick<TargetCapacity, "quota" | "setBy">,
  heldKnown = true,
): Capacities {
  const instances = new Set([
    ...Object.keys(held),
    ...operations.filter((op) => op.action === "claim" && op.target !== undefined).map((op) => op.target!),
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
 * How many of the plan's claims go into each target named (by targetKey): what an account reader needs to tell
 * whether they fit where the listed count leaves too little room (aws/held-on-target.ts).
 */
export function claimsByTarget(
  operations: ReadonlyArray<Pick<PlannedOperation, "action" | "target">>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of operations)
    if (op.action === "claim" && op.target !== undefined) out[op.target] = (out[op.target] ?? 0) + 1;
  return out;
}

/**
 * The targets one apply would take over their quota. In one `pulumi up` (or `terraform apply`) every claim lands
 * while every release of the same apply is still held: Pulumi creates before it deletes, replacements included,
 * and runs deletes of removed resources last. So an apply's releases never make room for its own claims; they
 * make room for the next apply (planWaves relies on that).
 */
export function capacityOverruns(operations: readonly PlannedOperation[], capacities: Capacities): CapacityOverrun[] {
  const landing = new Map<string, string[]>();
  for (const op of operations) {
    for (const target of targetsTaken(op, capacities))
      landing.set(target, [...(landing.get(target) ?? []), op.resource]);
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

/** What becomes of `count` claims past a target's room: AWS fails them, or the setting refuses what AWS would take. */
export function pastRoomWords(c: Pick<TargetCapacity, "setBy">, count: number): string {
  return c.setBy === undefined
    ? "would end FAILED and still count as churn"
    : `would be refused by ${c.setBy.name}, though AWS would take ${count === 1 ? "it" : "them"}`;
}

/** One sentence: the target, its quota and held count, and the claims it cannot take. */
export function capacitySentence(o: CapacityOverrun): string {
  const room = roomOn(o);
  const holds =
    o.heldKnown !== false
      ? `holds ${o.held} of its quota`
      : o.held === 0
        ? "may already hold numbers (not read: give --cloudtrail); even empty, with its quota"
        : `holds at least ${o.held} (this plan's own numbers; what else it holds was not read: give --cloudtrail) of its quota`;
  return (
    `${o.target} ${holds} of ${quotaWords(o)}, so it can take ${o.heldKnown === false ? "at most " : ""}${room} more ${room === 1 ? "claim" : "claims"}, ` +
    `not ${o.claims} (${o.claims - room} ${pastRoomWords(o, o.claims - room)})`
  );
}

import { Capacities, CapacityOverrun, capacityOverruns, parseTargetArn, targetKey } from "../../core";
import { DeclaredNumber } from "./declared";
import { RegionalMove, RegionalOperation } from "./plan-types";

/** The plan's operations, each claim with the target it lands on where the program says, and the instances claimed into. */
export interface PlacedClaims {
  /** Every operation; a claim carries its target's key (core/plan.ts targetKey), or none when unknown at preview. */
  operations: RegionalOperation[];
  /** The plan's moves (no churn): each takes a place on its new target as a claim does. */
  moves: RegionalMove[];
  /** ARN of each instance the plan claims or moves into, by target key: its quota and held count can be read. */
  instances: Map<string, string>;
  /** Claims not placed on an instance ARN: a traffic distribution group, an instanceId, or a target unknown at preview. */
  unplaced: string[];
}

/**
 * Where the plan's claims land. "Phone numbers per instance" (L-8F812903) is a resource-level quota, so each
 * instance given by ARN is compared with its own (core/capacity.ts). A claim whose target is unknown at preview
 * counts against every instance compared; one given only as instanceId counts against that instance when the plan
 * also names it by ARN; one into a traffic distribution group is not compared.
 */
/** What placing a claim needs of the resource that makes it (a single number or a set). */
export type ClaimTarget = Pick<DeclaredNumber, "urn" | "target">;

export function placeClaims(
  operations: readonly RegionalOperation[],
  declared: readonly ClaimTarget[],
  moves: readonly RegionalMove[] = [],
): PlacedClaims {
  const instances = new Map<string, string>();
  // A move into an instance given by ARN: that instance's quota and held count are read as a claim's are.
  for (const m of moves) {
    const d = declared.find((x) => x.urn === m.resource);
    const parsed = d?.target ? parseTargetArn(d.target) : undefined;
    if (parsed?.kind === "instance" && m.to !== undefined && targetKey(parsed.arn) === m.to)
      instances.set(m.to, parsed.arn);
  }
  const unplaced: string[] = [];
  const placed = operations.map((op) => {
    if (op.action !== "claim") return op;
    const d = declared.find((x) => x.urn === op.resource);
    const parsed = d?.target ? parseTargetArn(d.target) : undefined;
    if (parsed?.kind === "instance") instances.set(targetKey(parsed.arn)!, parsed.arn);
    else unplaced.push(op.resource);
    return { ...op, target: targetKey(d?.target) };
  });
  return { operations: placed, moves: [...moves], instances, unplaced };
}

export interface InstanceOverrun extends CapacityOverrun {
  instanceArn: string;
}

/** Instances the plan, applied at once, would take over their quota: core's rule, named by ARN for the message. */
export function instanceOverruns(placed: PlacedClaims, capacities: Capacities): InstanceOverrun[] {
  return capacityOverruns(placed.operations, capacities, placed.moves).map((o) => ({
    ...o,
    instanceArn: placed.instances.get(o.target) ?? o.target,
  }));
}

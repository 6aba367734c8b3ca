import { parseTargetArn } from "../core";
import { DeclaredNumber } from "./declared";
import { RegionalOperation } from "./derive";

/** Claims into one instance: the instance ARN and the resources claiming. */
export interface InstanceClaims {
  instanceArn: string;
  resources: string[];
}

/**
 * Where the plan's claims land, per instance. "Phone numbers per instance" (L-8F812903) is a resource-level quota,
 * so each instance is compared with its own. Claims to a traffic distribution group, or to a target unknown at
 * preview or given only as instanceId, cannot be placed on an instance here; they are returned as unplaced.
 */
export function claimsByInstance(operations: readonly RegionalOperation[], declared: readonly DeclaredNumber[]): { byInstance: InstanceClaims[]; unplaced: string[] } {
  const byInstance = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const op of operations) {
    if (op.action !== "claim") continue;
    const target = declared.find((d) => d.urn === op.resource)?.targetArn;
    const parsed = target ? parseTargetArn(target) : undefined;
    if (parsed?.kind !== "instance") {
      unplaced.push(op.resource);
      continue;
    }
    byInstance.set(parsed.arn, [...(byInstance.get(parsed.arn) ?? []), op.resource]);
  }
  return { byInstance: [...byInstance].map(([instanceArn, resources]) => ({ instanceArn, resources })), unplaced };
}

export interface InstanceOverrun {
  instanceArn: string;
  active: number;
  claims: number;
  quota: number;
  resources: string[];
}

/**
 * Instances the plan would take over their quota. Pulumi creates before it deletes (replacements too), so the
 * claims land while every number the plan releases is still held: the peak is active + claims.
 */
export function instanceOverruns(claims: readonly InstanceClaims[], active: ReadonlyMap<string, number>, quotaOf: (instanceArn: string) => number): InstanceOverrun[] {
  const out: InstanceOverrun[] = [];
  for (const c of claims) {
    const held = active.get(c.instanceArn) ?? 0;
    const quota = quotaOf(c.instanceArn);
    if (held + c.resources.length > quota) out.push({ instanceArn: c.instanceArn, active: held, claims: c.resources.length, quota, resources: c.resources });
  }
  return out;
}

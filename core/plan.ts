import { ChurnAction } from "./history";

/**
 * Why a plan claims or releases a number. "grow" and "shrink": a PhoneNumberSet that stays declared claims more
 * numbers, or releases the ones it names. "pending-delete": an old instance an earlier, failed replacement left in the
 * stack's state, which the next up releases.
 */
export type ChangeReason = "create" | "delete" | "pending-delete" | "replace" | "rename" | "import" | "grow" | "shrink";

export interface PlannedOperation {
  action: ChurnAction;
  /** The URN or address of the resource the operation comes from. */
  resource: string;
  reason: ChangeReason;
  phoneNumber?: string;
  /**
   * The number's id, where the plan knows it (a release's held number): a number id is released once, so a release
   * of an id the window already holds a release of adds nothing (core/released-once.ts).
   */
  phoneNumberId?: string;
  /** Links the claim and the release of one replacement or rename: the claim must not come after the release. */
  pairId?: string;
  /** Extra words for people, such as "target unknown at preview: counted as a claim". */
  note?: string;
  /** The instance or traffic distribution group the number is (or will be) on, when the plan says: "instance/ID". */
  target?: string;
  /** A claim of a PhoneNumberSet with growBy "fits": it waits for a later apply when the window has no room now. */
  fitsLater?: boolean;
}

/** "instance/ID" or "traffic-distribution-group/ID" from an ARN, or from a bare instance id. */
export function targetKey(targetArnOrInstanceId: string | undefined): string | undefined {
  if (!targetArnOrInstanceId) return undefined;
  const m = /:((?:instance|traffic-distribution-group)\/[^/]+)$/.exec(targetArnOrInstanceId);
  if (m) return m[1];
  return targetArnOrInstanceId.startsWith("arn:") ? targetArnOrInstanceId : `instance/${targetArnOrInstanceId}`;
}

/**
 * A number moved from one target to another in place (UpdatePhoneNumber, its targetArn or instanceId changed within
 * its region): no churn, but it takes a place on `to` as a claim does, and gives `from` its place back once applied.
 * AWS fails a move into a full instance (the number stays where it is), so every face counts it against `to`'s room.
 */
export interface PlannedMove {
  resource: string;
  phoneNumber?: string;
  /** targetKey of the target it leaves, when known. */
  from?: string;
  /** targetKey of the target it goes to; undefined when unknown at preview (it may land on any). */
  to?: string;
}

export interface Plan {
  operations: PlannedOperation[];
  /** Moves between targets: never churn, so never in `operations` (countOperations, contributionsOf). */
  moves?: PlannedMove[];
}

export interface ResourceContribution {
  resource: string;
  claims: number;
  releases: number;
  reasons: ChangeReason[];
  phoneNumbers: string[];
  notes: string[];
}

const operationOf =
  (action: PlannedOperation["action"]) =>
  (resource: string, reason: ChangeReason, extra: Partial<PlannedOperation> = {}): PlannedOperation => ({
    action,
    resource,
    reason,
    ...extra,
  });

export const claimOf = operationOf("claim");
export const releaseOf = operationOf("release");

/** A replacement (or rename without an alias) churns twice: a new claim, then the old number's release. */
export function replacementOf(
  resource: string,
  reason: "replace" | "rename",
  numbers: { old?: string; new?: string } = {},
  releasedResource: string = resource,
): PlannedOperation[] {
  const pairId = `${reason}:${resource}`;
  return [
    claimOf(resource, reason, { pairId, phoneNumber: numbers.new }),
    releaseOf(releasedResource, reason, { pairId, phoneNumber: numbers.old }),
  ];
}

export function countOperations(plan: Plan): { claims: number; releases: number } {
  let claims = 0;
  for (const op of plan.operations) if (op.action === "claim") claims++;
  return { claims, releases: plan.operations.length - claims };
}

export function contributionsOf(plan: Plan): ResourceContribution[] {
  const byResource = new Map<string, ResourceContribution>();
  for (const op of plan.operations) {
    let c = byResource.get(op.resource);
    if (!c) {
      c = { resource: op.resource, claims: 0, releases: 0, reasons: [], phoneNumbers: [], notes: [] };
      byResource.set(op.resource, c);
    }
    if (op.action === "claim") c.claims++;
    else c.releases++;
    if (!c.reasons.includes(op.reason)) c.reasons.push(op.reason);
    if (op.phoneNumber && !c.phoneNumbers.includes(op.phoneNumber)) c.phoneNumbers.push(op.phoneNumber);
    if (op.note && !c.notes.includes(op.note)) c.notes.push(op.note);
  }
  return [...byResource.values()];
}

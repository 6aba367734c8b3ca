import { Plan, PlannedOperation, claimOf, releaseOf } from "../core";
import { isUnknown } from "../provider/shape";
import { PHONE_NUMBER_TYPE } from "../provider/type";
import { inputError } from "./errors";

/** The phone-number resource types whose creates claim and whose deletes release a number. */
export const PHONE_NUMBER_TYPES: ReadonlySet<string> = new Set([
  PHONE_NUMBER_TYPE,
  "aws:connect/phoneNumber:PhoneNumber",
  "aws-native:connect:PhoneNumber",
  "aws_connect_phone_number",
]);

/** One resource change, from a Pulumi preview step or engine event, or a Terraform resource_change. */
export interface ResourceChange {
  format: "pulumi" | "terraform";
  address: string;
  type: string;
  /** Pulumi: [op]; Terraform: change.actions. */
  actions: string[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  retainOnDelete?: boolean;
}

export interface ResourceSummary {
  resource: string;
  op: string;
  claims: number;
  releases: number;
}

const PULUMI_NO_CHURN = new Set(["same", "update", "read", "refresh", "discard", "discard-replaced", "remove-pending-replace", "import", "import-replacement", "read-replacement", "diff", "extend-parameterize"]);
const PULUMI_REPLACEMENT_PARTS = new Set(["create-replacement", "delete-replaced"]);
const TERRAFORM_NO_CHURN = new Set(["no-op", "read", "update", "forget"]);

/**
 * Folds changes into a plan: a create claims (an adoption does not), a delete releases (retainOnDelete does not),
 * a replacement does both, once per resource however many steps show it. An operation this does not know, on a
 * phone number, is an error: it is never counted as zero.
 */
export class PlanBuilder {
  private readonly byResource = new Map<string, { ops: Set<string>; change: ResourceChange }>();
  private order: string[] = [];

  add(change: ResourceChange): void {
    if (!PHONE_NUMBER_TYPES.has(change.type)) return;
    let entry = this.byResource.get(change.address);
    if (!entry) {
      entry = { ops: new Set(), change };
      this.byResource.set(change.address, entry);
      this.order.push(change.address);
    }
    for (const a of change.actions) entry.ops.add(a);
    entry.change = { ...entry.change, before: change.before ?? entry.change.before, after: change.after ?? entry.change.after, retainOnDelete: change.retainOnDelete ?? entry.change.retainOnDelete };
  }

  build(): { plan: Plan; resources: ResourceSummary[] } {
    const operations: PlannedOperation[] = [];
    const resources: ResourceSummary[] = [];
    for (const address of this.order) {
      const { ops, change } = this.byResource.get(address)!;
      const kind = change.format === "pulumi" ? pulumiKind(ops, address) : terraformKind(ops, address);
      const before = stringProp(change.before, change.format === "pulumi" ? "phoneNumber" : "phone_number");
      const after = stringProp(change.after, change.format === "pulumi" ? "phoneNumber" : "phone_number");
      const adopting = change.after?.phoneNumberId !== undefined || change.after?.adopt === true;
      const made: PlannedOperation[] = [];
      if (kind === "create" && !adopting) made.push(claimOf(address, "create", { phoneNumber: after }));
      if (kind === "delete" && !change.retainOnDelete) made.push(releaseOf(address, "delete", { phoneNumber: before }));
      if (kind === "replace") {
        const pairId = `replace:${address}`;
        made.push(claimOf(address, "replace", { pairId, phoneNumber: after }), releaseOf(address, "replace", { pairId, phoneNumber: before }));
      }
      operations.push(...made);
      resources.push({ resource: address, op: kind, claims: made.filter((o) => o.action === "claim").length, releases: made.filter((o) => o.action === "release").length });
    }
    markRenames(operations);
    return { plan: { operations }, resources };
  }
}

type Kind = "create" | "delete" | "replace" | "none";

function pulumiKind(ops: Set<string>, address: string): Kind {
  for (const op of ops) {
    if (!PULUMI_NO_CHURN.has(op) && !PULUMI_REPLACEMENT_PARTS.has(op) && op !== "create" && op !== "delete" && op !== "replace") {
      throw inputError(`unknown Pulumi step op "${op}" on ${address}: refusing to count it as no churn; expected create, delete, replace, update, same, …`);
    }
  }
  if (ops.has("replace") || (ops.has("create-replacement") && ops.has("delete-replaced"))) return "replace";
  if (ops.has("create-replacement") || ops.has("delete-replaced")) return "replace";
  if (ops.has("create") && ops.has("delete")) return "replace";
  if (ops.has("create")) return "create";
  if (ops.has("delete")) return "delete";
  return "none";
}

function terraformKind(actions: Set<string>, address: string): Kind {
  for (const a of actions) {
    if (!TERRAFORM_NO_CHURN.has(a) && a !== "create" && a !== "delete") {
      throw inputError(`unknown Terraform action "${a}" on ${address}: refusing to count it as no churn; expected create, delete, update, no-op, read, forget`);
    }
  }
  if (actions.has("create") && actions.has("delete")) return "replace";
  if (actions.has("create")) return "create";
  if (actions.has("delete")) return "delete";
  return "none";
}

/** A create of the very number a delete releases is a rename without an alias: the number would be lost. */
function markRenames(operations: PlannedOperation[]): void {
  for (const release of operations.filter((o) => o.action === "release" && o.reason === "delete" && o.phoneNumber)) {
    const claim = operations.find((o) => o.action === "claim" && o.reason === "create" && o.phoneNumber === release.phoneNumber);
    if (claim) {
      claim.reason = "rename";
      release.reason = "rename";
      claim.note = `same number as ${release.resource}: add an alias (aliases: [{ name: "${release.resource.split("::").pop()}" }]) to keep it`;
    }
  }
}

function stringProp(o: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

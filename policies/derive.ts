import { PlannedOperation, claimOf, releaseOf } from "../core";
import { diffPhoneNumber } from "../provider/diff";
import { PhoneNumberOutputs, UNKNOWN } from "../provider/shape";
import { PHONE_NUMBER_TYPE } from "../provider/type";
import { DeclaredNumber } from "./declared";

/** A number this stack holds now, by its ownership tags. */
export interface OwnedNumber {
  phoneNumberId: string;
  phoneNumber: string;
  countryCode?: string;
  type?: string;
  targetArn?: string;
  resourceName: string;
}

export interface Rename {
  /** The resource that would claim the number. */
  urn: string;
  phoneNumber: string;
  /** The resource that holds it now and is no longer declared. */
  formerName: string;
  formerUrn: string;
}

export interface DerivedPlan {
  operations: PlannedOperation[];
  renames: Rename[];
}

/**
 * What the plan will claim and release, from the new program and the numbers the stack holds (CrossGuard shows
 * neither deletes nor old state): a held number no declared resource (or alias) names is released; a declared
 * resource with no held number claims one (adopting claims nothing); a declared resource whose number-forcing
 * inputs its held number no longer meets is replaced, by the provider's own diff rule.
 */
export function derivePlan(declared: DeclaredNumber[], owned: OwnedNumber[], stack: { project: string; stack: string }): DerivedPlan {
  const operations: PlannedOperation[] = [];
  const byName = new Map(owned.map((n) => [n.resourceName, n]));
  const matched = new Set<OwnedNumber>();

  for (const d of declared) {
    if (d.kind === "pulumi-aws") {
      if (!d.exists) operations.push(claimOf(d.urn, "create", { phoneNumber: d.phoneNumber, note: "pulumi-aws PhoneNumber without an arn yet: counted as a claim" }));
      continue;
    }
    const held = [d.name, ...d.formerNames].map((n) => byName.get(n)).find((n) => n !== undefined && !matched.has(n));
    if (!held) {
      if (d.adopt || d.phoneNumberId !== undefined) continue;
      operations.push(claimOf(d.urn, "create", { phoneNumber: d.phoneNumber, note: unknownNote(d) }));
      continue;
    }
    matched.add(held);
    const replaces = diffPhoneNumber(asOutputs(held), asInputs(d)).replaces;
    if (replaces.length > 0) {
      const pairId = `replace:${d.urn}`;
      operations.push(
        claimOf(d.urn, "replace", { pairId, phoneNumber: d.phoneNumber, note: unknownNote(d) ?? `replaced: ${replaces.join(", ")} no longer matches ${held.phoneNumber}` }),
        releaseOf(d.urn, "replace", { pairId, phoneNumber: held.phoneNumber }),
      );
    }
  }

  const renames: Rename[] = [];
  const released = owned.filter((n) => !matched.has(n));
  noteLikelyRenames(operations, declared, released);
  for (const n of released) {
    const formerUrn = `urn:pulumi:${stack.stack}::${stack.project}::${PHONE_NUMBER_TYPE}::${n.resourceName}`;
    operations.push(releaseOf(formerUrn, "delete", { phoneNumber: n.phoneNumber }));
    const claimer = operations.find((op) => op.action === "claim" && op.reason === "create" && op.phoneNumber === n.phoneNumber);
    if (claimer) {
      claimer.reason = "rename";
      renames.push({ urn: claimer.resource, phoneNumber: n.phoneNumber, formerName: n.resourceName, formerUrn });
    }
  }
  return { operations, renames };
}

/**
 * A new searched number whose criteria a number being released already meets is most likely a rename: the
 * alias would keep the number. Said as a note, since it cannot be known for sure.
 */
function noteLikelyRenames(operations: PlannedOperation[], declared: DeclaredNumber[], released: OwnedNumber[]): void {
  for (const op of operations) {
    if (op.action !== "claim" || op.reason !== "create" || op.note) continue;
    const d = declared.find((x) => x.urn === op.resource);
    if (!d || d.phoneNumber !== undefined || d.kind !== "connect-numbers") continue;
    const candidate = released.find((n) => diffPhoneNumber(asOutputs(n), asInputs(d)).replaces.length === 0);
    if (candidate) op.note = `looks like a rename of "${candidate.resourceName}" (${candidate.phoneNumber} meets these criteria): add aliases: [{ name: "${candidate.resourceName}" }] to keep that number`;
  }
}

function unknownNote(d: DeclaredNumber): string | undefined {
  return d.unknown.length > 0 ? `${d.unknown.join(", ")} unknown until apply: counted as a claim` : undefined;
}

function asOutputs(n: OwnedNumber): PhoneNumberOutputs {
  return {
    phoneNumberId: n.phoneNumberId,
    arn: "",
    phoneNumber: n.phoneNumber,
    countryCode: n.countryCode ?? "",
    type: n.type ?? "",
    status: "CLAIMED",
    targetArn: n.targetArn ?? "",
    origin: "claim",
    claimKey: "",
    ownerStack: "",
    ownerResource: n.resourceName,
  };
}

/** Unknown inputs go to the diff as the engine's sentinel, so its conservative rule applies. */
function asInputs(d: DeclaredNumber) {
  const v = (key: keyof DeclaredNumber & string, value: string | undefined) => (d.unknown.includes(key) ? UNKNOWN : value);
  return {
    phoneNumber: v("phoneNumber", d.phoneNumber),
    countryCode: v("countryCode", d.countryCode),
    type: v("type", d.type),
    prefix: v("prefix", d.prefix),
    targetArn: v("targetArn", d.targetArn),
    instanceId: v("instanceId", d.instanceId),
    phoneNumberId: v("phoneNumberId", d.phoneNumberId),
    adopt: d.adopt,
    claimKey: "",
    ownerStack: "",
    ownerResource: d.name,
  };
}

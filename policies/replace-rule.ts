import { matchesPrefix, parseTargetArn } from "../core";
import { DeclaredNumber, NumberForcing } from "./declared";
import { OwnedNumber } from "../account";

/**
 * Which inputs make the provider replace a held number (a claim and a release), by its rule: another specific
 * number or adopted id, search criteria the held number no longer meets, a target in another region. Anything
 * unknown at preview counts as changed (the provider's own preview answers the same). Inputs the resource's
 * ignoreChanges option names never force anything.
 */
export function replacingInputs(held: OwnedNumber, d: DeclaredNumber): NumberForcing[] {
  const reasons: NumberForcing[] = [];
  const add = (key: NumberForcing) => {
    if (!d.ignored.includes(key) && !reasons.includes(key)) reasons.push(key);
  };
  const unknown = (key: NumberForcing) => d.unknown.includes(key);

  if (d.phoneNumberId !== undefined || unknown("phoneNumberId")) {
    if (unknown("phoneNumberId") || bareId(d.phoneNumberId!) !== held.phoneNumberId) add("phoneNumberId");
  } else if (d.adopt || d.phoneNumber !== undefined || unknown("phoneNumber")) {
    if (unknown("phoneNumber") || d.phoneNumber !== held.phoneNumber) add("phoneNumber");
  } else {
    if (unknown("countryCode") || d.countryCode !== held.countryCode) add("countryCode");
    if (unknown("type") || d.type !== held.type) add("type");
    if (unknown("prefix") || (d.prefix !== undefined && !matchesPrefix(held.phoneNumber, d.prefix))) add("prefix");
  }

  const heldRegion = held.targetArn ? parseTargetArn(held.targetArn)?.region : undefined;
  if (unknown("region") || unknown("targetArn") || unknown("instanceId")) {
    add(unknown("region") ? "region" : unknown("targetArn") ? "targetArn" : "instanceId");
  } else if (d.region !== undefined && heldRegion !== undefined && d.region !== heldRegion) {
    add(d.targetArn !== undefined ? "targetArn" : "region");
  }
  return reasons;
}

/** A phone-number ARN (arn:…:phone-number/ID, or the v1 …/instance/I/phone-number/ID) or a bare id, as the id. */
export function bareId(idOrArn: string): string {
  return idOrArn.startsWith("arn:") ? idOrArn.slice(idOrArn.lastIndexOf("/") + 1) : idOrArn;
}

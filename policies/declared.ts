import type { PolicyResource } from "@pulumi/policy";
import { PHONE_NUMBER_TYPE, ownerKey, parseTargetArn, parseUrn } from "../core";
import { Read, readBoolean, readString } from "./props";

export const AWS_PHONE_NUMBER_TYPE = "aws:connect/phoneNumber:PhoneNumber";
export const AWS_NATIVE_PHONE_NUMBER_TYPE = "aws-native:connect:PhoneNumber";

/** The inputs that decide which number a resource holds: a change to one may claim another. */
export const NUMBER_FORCING = ["phoneNumber", "countryCode", "type", "prefix", "targetArn", "instanceId", "region", "phoneNumberId"] as const;
export type NumberForcing = (typeof NUMBER_FORCING)[number];

/** A phone number the new program declares, read without touching unknowns. */
export interface DeclaredNumber {
  urn: string;
  name: string;
  kind: "connect-numbers" | "pulumi-aws" | "aws-native";
  /** ownerKey of the URN and of each alias URN: the number held under any of them is this resource's. */
  ownerKeys: string[];
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  targetArn?: string;
  instanceId?: string;
  /** The region input, else the target ARN's. */
  region?: string;
  phoneNumberId?: string;
  adopt: boolean;
  /** Number-forcing inputs the program does not know yet (computed from other resources). */
  unknown: NumberForcing[];
  /** Inputs the resource's ignoreChanges option keeps from forcing anything. */
  ignored: string[];
  /** pulumi-aws / aws-native: the resource already exists (its ARN output is known). */
  exists?: boolean;
  /** aws-native: brings an End User Messaging number in (ImportPhoneNumber), which counts as a claim. */
  importsFrom?: string;
}

export function declaredNumbers(resources: readonly PolicyResource[]): DeclaredNumber[] {
  const out: DeclaredNumber[] = [];
  for (const r of resources) {
    if (r.type === PHONE_NUMBER_TYPE) out.push(ours(r));
    else if (r.type === AWS_PHONE_NUMBER_TYPE) out.push(generated(r, "pulumi-aws", "arn"));
    else if (r.type === AWS_NATIVE_PHONE_NUMBER_TYPE) out.push(generated(r, "aws-native", "phoneNumberArn"));
  }
  return out;
}

/**
 * The connect-numbers resource, by its user-facing inputs only (the provider's derived identity inputs change
 * between versions). During preview a new or changed resource carries its inputs; an unchanged one its outputs,
 * which repeat the inputs and add the number it holds.
 */
function ours(r: PolicyResource): DeclaredNumber {
  const unknown: NumberForcing[] = [];
  const get = (key: NumberForcing) => known(readString(r.props, key), key, unknown);
  const targetArn = get("targetArn");
  const region = get("region") ?? (targetArn ? parseTargetArn(targetArn)?.region : undefined);
  const adopt = readBoolean(r.props, "adopt");
  return {
    ...identity(r, "connect-numbers"),
    phoneNumber: get("phoneNumber"),
    countryCode: get("countryCode"),
    type: get("type"),
    prefix: get("prefix"),
    targetArn,
    instanceId: get("instanceId"),
    region,
    phoneNumberId: get("phoneNumberId"),
    adopt: adopt.known && adopt.value === true,
    unknown,
  };
}

/** pulumi-aws and aws-native: no ownership tags of ours, so only a new one (no ARN yet) is known to churn. */
function generated(r: PolicyResource, kind: "pulumi-aws" | "aws-native", arnKey: string): DeclaredNumber {
  const unknown: NumberForcing[] = [];
  const get = (key: string, as: NumberForcing) => known(readString(r.props, key), as, unknown);
  const arn = readString(r.props, arnKey);
  const targetArn = get("targetArn", "targetArn");
  const source = kind === "aws-native" ? readString(r.props, "sourcePhoneNumberArn") : undefined;
  // An output (the number claimed), not an input: unknown until created, which says nothing about the search.
  const number = readString(r.props, kind === "aws-native" ? "address" : "phoneNumber");
  return {
    ...identity(r, kind),
    phoneNumber: number.known ? number.value : undefined,
    countryCode: get("countryCode", "countryCode"),
    type: get("type", "type"),
    prefix: get("prefix", "prefix"),
    targetArn,
    region: targetArn ? parseTargetArn(targetArn)?.region : undefined,
    adopt: false,
    unknown,
    // During preview a resource about to be created (or replaced) has no ARN yet.
    exists: arn.known && typeof arn.value === "string" && arn.value.length > 0,
    importsFrom: source?.known && typeof source.value === "string" ? source.value : undefined,
  };
}

/** The owner keys a resource answers to: its URN's and each alias URN's (the engine resolves aliases first). */
export function ownerKeysOf(r: PolicyResource): string[] {
  const aliases = Array.isArray(r.opts.aliases) ? r.opts.aliases.filter((a): a is string => typeof a === "string" && parseUrn(a) !== undefined) : [];
  return [r.urn, ...aliases].map(ownerKey);
}

function identity(r: PolicyResource, kind: DeclaredNumber["kind"]) {
  return {
    urn: r.urn,
    name: r.name,
    kind,
    ownerKeys: ownerKeysOf(r),
    ignored: Array.isArray(r.opts.ignoreChanges) ? [...r.opts.ignoreChanges] : [],
  };
}

function known<T>(r: Read<T>, key: NumberForcing, unknown: NumberForcing[]): T | undefined {
  if (!r.known) {
    unknown.push(key);
    return undefined;
  }
  return r.value;
}

/** project and stack from any URN of the stack: the URNs are the engine's own word for them. */
export function stackOf(resources: readonly PolicyResource[]): { project: string; stack: string } | undefined {
  const parsed = resources.length > 0 ? parseUrn(resources[0].urn) : undefined;
  return parsed ? { project: parsed.project, stack: parsed.stack } : undefined;
}

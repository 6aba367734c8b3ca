import type { PolicyResource } from "@pulumi/policy";
import {
  AWS_NATIVE_CONNECT_NUMBER_TYPE,
  CONNECT_FORCING_INPUTS,
  ConnectForcingInput,
  ConnectNumberInputs,
  PHONE_NUMBER_TYPE,
  PULUMI_AWS_CONNECT_NUMBER_TYPE,
  WantedNumber,
  connectArnOutput,
  ownerKey,
  parseUrn,
  wantedNumber,
} from "../../core";
import { readBoolean, readString } from "../props";

/** A phone number the new program declares, read without touching unknowns. */
export interface DeclaredNumber {
  urn: string;
  name: string;
  kind: "connect-numbers" | "pulumi-aws" | "aws-native";
  /** ownerKey of the URN and of each alias URN: the number held under any of them is this resource's. */
  ownerKeys: string[];
  /** The number it wants (core/connect), parsed once from its inputs. */
  wanted: WantedNumber;
  /** The target as given, when known: an instance or traffic distribution group ARN, or an instance id. */
  target?: string;
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
    else if (r.type === PULUMI_AWS_CONNECT_NUMBER_TYPE) out.push(generated(r, "pulumi-aws"));
    else if (r.type === AWS_NATIVE_CONNECT_NUMBER_TYPE) out.push(generated(r, "aws-native"));
  }
  return out;
}

/** The wanted-number inputs among these keys, with the ones not known yet listed apart. */
function wantedOf(
  r: PolicyResource,
  keys: readonly ConnectForcingInput[],
  adopt: boolean,
): { wanted: WantedNumber; target?: string } {
  const unknown: ConnectForcingInput[] = [];
  const inputs: ConnectNumberInputs = { adopt };
  for (const key of keys) {
    const v = readString(r.props, key);
    if (!v.known) unknown.push(key);
    else if (v.value !== undefined) inputs[key] = v.value;
  }
  return { wanted: wantedNumber(inputs, { unknown }), target: inputs.targetArn ?? inputs.instanceId };
}

/**
 * The connect-numbers resource, by its user-facing inputs only (the provider's derived identity inputs change
 * between versions). During preview a new or changed resource carries its inputs; an unchanged one its outputs,
 * which repeat the inputs and add the number it holds.
 */
function ours(r: PolicyResource): DeclaredNumber {
  const adopt = readBoolean(r.props, "adopt");
  return {
    ...identity(r, "connect-numbers"),
    ...wantedOf(r, CONNECT_FORCING_INPUTS, adopt.known && adopt.value === true),
  };
}

/**
 * pulumi-aws and aws-native: no ownership tags of ours, so only a new one (no ARN yet) is known to churn. Their
 * number is an output (unknown until created), which says nothing about the search: only the criteria are wanted.
 */
function generated(r: PolicyResource, kind: "pulumi-aws" | "aws-native"): DeclaredNumber {
  const arn = readString(r.props, connectArnOutput(r.type));
  const source = kind === "aws-native" ? readString(r.props, "sourcePhoneNumberArn") : undefined;
  return {
    ...identity(r, kind),
    ...wantedOf(r, ["countryCode", "type", "prefix", "targetArn"], false),
    // During preview a resource about to be created (or replaced) has no ARN yet.
    exists: arn.known && typeof arn.value === "string" && arn.value.length > 0,
    importsFrom: source?.known && typeof source.value === "string" ? source.value : undefined,
  };
}

/** The owner keys a resource answers to: its URN's and each alias URN's (the engine resolves aliases first). */
export function ownerKeysOf(r: PolicyResource): string[] {
  const aliases = Array.isArray(r.opts.aliases)
    ? r.opts.aliases.filter((a): a is string => typeof a === "string" && parseUrn(a) !== undefined)
    : [];
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

/** project and stack from any URN of the stack: the URNs are the engine's own word for them. */
export function stackOf(resources: readonly PolicyResource[]): { project: string; stack: string } {
  const parsed = resources.length > 0 ? parseUrn(resources[0].urn) : undefined;
  if (!parsed) throw new Error("the stack has no resources to read its project and stack from");
  return { project: parsed.project, stack: parsed.stack };
}

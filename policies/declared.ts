import type { PolicyResource } from "@pulumi/policy";
import { PHONE_NUMBER_TYPE } from "../provider/type";
import { Read, readBoolean, readString } from "./props";

export const AWS_PHONE_NUMBER_TYPE = "aws:connect/phoneNumber:PhoneNumber";

/** A phone number the new program declares, read without touching unknowns. */
export interface DeclaredNumber {
  urn: string;
  name: string;
  /** Names this resource had before (its aliases): a renamed resource keeps its number. */
  formerNames: string[];
  kind: "connect-numbers" | "pulumi-aws";
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  targetArn?: string;
  instanceId?: string;
  phoneNumberId?: string;
  adopt: boolean;
  deletionProtection: boolean;
  protect: boolean;
  /** Number-forcing inputs not known until apply. */
  unknown: string[];
  /** pulumi-aws: whether the resource already exists (its arn output is known). */
  exists?: boolean;
}

type NumberForcing = "phoneNumber" | "countryCode" | "type" | "prefix" | "targetArn" | "instanceId" | "phoneNumberId";

export function declaredNumbers(resources: PolicyResource[]): DeclaredNumber[] {
  const out: DeclaredNumber[] = [];
  for (const r of resources) {
    if (r.type === PHONE_NUMBER_TYPE) out.push(ours(r));
    else if (r.type === AWS_PHONE_NUMBER_TYPE) out.push(pulumiAws(r));
  }
  return out;
}

function ours(r: PolicyResource): DeclaredNumber {
  const unknown: string[] = [];
  const get = (key: NumberForcing) => value(readString(r.props, key), key, unknown);
  const adopt = readBoolean(r.props, "adopt");
  const protection = readBoolean(r.props, "deletionProtection");
  return {
    ...identity(r, "connect-numbers"),
    phoneNumber: get("phoneNumber"),
    countryCode: get("countryCode"),
    type: get("type"),
    prefix: get("prefix"),
    targetArn: get("targetArn"),
    instanceId: get("instanceId"),
    phoneNumberId: get("phoneNumberId"),
    adopt: adopt.known && adopt.value === true,
    deletionProtection: protection.known ? protection.value === true : false,
    unknown,
  };
}

function pulumiAws(r: PolicyResource): DeclaredNumber {
  const unknown: string[] = [];
  const arn = readString(r.props, "arn");
  return {
    ...identity(r, "pulumi-aws"),
    phoneNumber: value(readString(r.props, "phoneNumber"), "phoneNumber", unknown),
    countryCode: value(readString(r.props, "countryCode"), "countryCode", unknown),
    type: value(readString(r.props, "type"), "type", unknown),
    targetArn: value(readString(r.props, "targetArn"), "targetArn", unknown),
    adopt: false,
    deletionProtection: false,
    unknown,
    // During preview only unchanged resources carry outputs: no arn means it is about to be created.
    exists: arn.known && typeof arn.value === "string" && arn.value.length > 0,
  };
}

function identity(r: PolicyResource, kind: DeclaredNumber["kind"]) {
  return { urn: r.urn, name: r.name, formerNames: aliasNames(r), kind, protect: r.opts.protect === true };
}

function value<T>(r: Read<T>, key: string, unknown: string[]): T | undefined {
  if (!r.known) {
    unknown.push(key);
    return undefined;
  }
  return r.value;
}

/** The name part of each alias URN (urn:pulumi:stack::project::type::name). */
function aliasNames(r: PolicyResource): string[] {
  const aliases = (r.opts as { aliases?: unknown }).aliases;
  if (!Array.isArray(aliases)) return [];
  return aliases.filter((a): a is string => typeof a === "string").map((urn) => urn.slice(urn.lastIndexOf("::") + 2));
}

/** project and stack from any URN of the stack: the policy process is not always told them. */
export function stackOf(resources: PolicyResource[]): { project: string; stack: string } | undefined {
  const m = resources.length > 0 ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0].urn) : null;
  return m ? { stack: m[1], project: m[2] } : undefined;
}

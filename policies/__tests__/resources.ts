import { PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import { StackHeldNumber } from "../../account";
import { StackNumber } from "../connect/plan-types";
import { Owner, PHONE_NUMBER_TYPE, ownerFromUrn, ownershipFromTags, ownershipTags } from "../../core";

/** Pulumi's unknown-string sentinel, as the engine sends a value not known at preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
export const OTHER_INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/i-2";
export const WEST_INSTANCE = "arn:aws:connect:us-west-2:123456789012:instance/i-3";
export const TDG = "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/t-1";

export const urn = (name: string, type = PHONE_NUMBER_TYPE, parentTypes: string[] = []) =>
  `urn:pulumi:dev::shop::${[...parentTypes, type].join("$")}::${name}`;

/** As the policy SDK hands resources over: props behind the proxy that throws on unknowns. */
export function resource(
  name: string,
  props: Record<string, unknown>,
  opts: Partial<PolicyResource["opts"]> = {},
  type = PHONE_NUMBER_TYPE,
  parentTypes: string[] = [],
): PolicyResource {
  return {
    type,
    name,
    urn: urn(name, type, parentTypes),
    props: unknownCheckingProxy(props),
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...opts,
    },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as unknown as PolicyResource;
}

/** A number the account holds, tagged (by core/owner.ts) as owned by this URN. */
export function held(ownerUrnText: string, n: Omit<StackHeldNumber, "owner">, region = "us-east-1"): StackNumber {
  const owner = ownerFromUrn(ownerUrnText) as Owner;
  const tags = ownershipTags(owner, "lease-1");
  return { ...n, owner: ownershipFromTags(tags)!, region };
}

/** A number tagged by 0.1: the stack and the bare resource name. */
export function legacyHeld(
  stack: string,
  name: string,
  n: Omit<StackHeldNumber, "owner">,
  region = "us-east-1",
): StackNumber {
  const owner = ownershipFromTags({
    "connect-numbers:stack": stack,
    "connect-numbers:resource": name,
    "connect-numbers:claim-key": "k",
  });
  return { ...n, owner: owner!, region };
}

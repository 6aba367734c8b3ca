import * as pulumi from "@pulumi/pulumi";
import { PHONE_NUMBER_SET_TYPE } from "../../core/fleet";

export { PHONE_NUMBER_SET_TYPE } from "../../core/fleet";
import { LabelArgs, ResourceKind, runtimeProvider, runtimeResource } from "../dynamic";
import type * as RuntimeModule from "./runtime";
import { SetNumber } from "./shape";

export type { PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber } from "./shape";
export { checkSetInputs } from "./check";
export { diffSet } from "./diff";

function load(): typeof RuntimeModule {
  return require("connect-numbers/provider/set/runtime");
}

/** The closure loads the runtime by package name inside each method (provider/dynamic.ts says why). */
const KIND: ResourceKind = {
  provider: runtimeProvider(load),
  type: PHONE_NUMBER_SET_TYPE,
  inputs: ["targetArn", "deletionProtection", "region"],
  outputs: ["numbers", "accountId", "lease", "deferred", "deferredUntil"],
};

export interface PhoneNumberSetArgs extends LabelArgs {
  /** The Connect instance or traffic distribution group every number of the set is on. Or give instanceId. */
  targetArn?: pulumi.Input<string>;
  instanceId?: pulumi.Input<string>;
  /** The ISO country code ("US") and type ("DID", "TOLL_FREE", …) of the numbers it claims or adopts. */
  countryCode?: pulumi.Input<string>;
  type?: pulumi.Input<string>;
  /** How many numbers per prefix: `{ "+1212": 20, "+1415": 20 }`. */
  prefixes?: pulumi.Input<Record<string, pulumi.Input<number>>>;
  /** How many numbers of any prefix. */
  count?: pulumi.Input<number>;
  /** Specific E.164 numbers: claimed, or taken over at no churn from a PhoneNumber of this stack that lets them go. */
  phoneNumbers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Adopt every number of countryCode and type the target holds that no stack manages (ported numbers): no claim. */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * Numbers (E.164 or id) to give up. A set never picks numbers to release by itself: a shrink names each one here,
   * or the preview is refused with the candidates.
   */
  release?: pulumi.Input<pulumi.Input<string>[]>;
  /** "all" (default): a growth the churn budget cannot take now is refused. "fits": claim what fits, the rest on a later up. */
  growBy?: pulumi.Input<"all" | "fits">;
  /** Refuse to release any of its numbers on delete, and any named release while it stays on (default false). */
  deletionProtection?: pulumi.Input<boolean>;
  /** The set's region, for a set given only instanceId (else stack config connect-numbers:region). */
  region?: pulumi.Input<string>;
}

/**
 * Many Amazon Connect phone numbers of one target as one resource: counts per prefix, specific numbers, adopted
 * ported numbers. Growing claims the difference, a shrink releases only the numbers it names, a move moves every
 * number in place; each claim passes the churn guard, with its own client token and ownership tags.
 */
export class PhoneNumberSet extends runtimeResource<PhoneNumberSetArgs>(KIND) {
  declare readonly numbers: pulumi.Output<SetNumber[]>;
  declare readonly targetArn: pulumi.Output<string | undefined>;
  declare readonly region: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<string>;
  declare readonly deletionProtection: pulumi.Output<boolean | undefined>;
  declare readonly deferred: pulumi.Output<number | undefined>;
  declare readonly deferredUntil: pulumi.Output<string | undefined>;
}

import * as pulumi from "@pulumi/pulumi";
import { PHONE_NUMBER_TYPE } from "../core";
import { LabelArgs, ResourceKind, runtimeProvider, runtimeResource } from "./dynamic";
import type * as RuntimeModule from "./runtime";
import { PhoneNumberOutputs } from "./shape";

export { checkInputs } from "./check";
export { diffPhoneNumber } from "./diff";
export type { PhoneNumberInputs, PhoneNumberOutputs } from "./shape";

export { PHONE_NUMBER_TYPE } from "./type";
export { PhoneNumberSet, PHONE_NUMBER_SET_TYPE } from "./set";
export type { PhoneNumberSetArgs, PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber } from "./set";

function load(): typeof RuntimeModule {
  return require("connect-numbers/provider/runtime");
}

/** The closure loads the runtime by package name inside each method (provider/dynamic.ts says why). */
const KIND: ResourceKind = {
  provider: runtimeProvider(load),
  type: PHONE_NUMBER_TYPE,
  inputs: [
    "phoneNumber",
    "countryCode",
    "type",
    "targetArn",
    "description",
    "tags",
    "deletionProtection",
    "phoneNumberId",
    "region",
  ],
  outputs: ["arn", "status", "statusMessage", "accountId", "origin", "lease", "moveCount"],
};

export interface PhoneNumberArgs extends LabelArgs {
  /** A Connect instance or traffic distribution group ARN. Or give instanceId. */
  targetArn?: pulumi.Input<string>;
  instanceId?: pulumi.Input<string>;
  /** Claim this exact E.164 number ("+18005550100"). */
  phoneNumber?: pulumi.Input<string>;
  /** Or search: an ISO country code ("US") and a type ("DID", "TOLL_FREE", …), optionally a prefix ("+1800"). */
  countryCode?: pulumi.Input<string>;
  type?: pulumi.Input<string>;
  prefix?: pulumi.Input<string>;
  /** Or adopt a number the account already holds, with no claim: its id, or `adopt: true` with phoneNumber. */
  phoneNumberId?: pulumi.Input<string>;
  adopt?: pulumi.Input<boolean>;
  /** Refuse to release the number on delete (default false). */
  deletionProtection?: pulumi.Input<boolean>;
  /**
   * The number's region, for a resource given only instanceId (a targetArn or a phone-number ARN says it
   * already; else stack config connect-numbers:region).
   */
  region?: pulumi.Input<string>;
}

/** An Amazon Connect phone number, claimed (or adopted) and released under the churn quota's watch. */
export class PhoneNumber extends runtimeResource<PhoneNumberArgs>(KIND) {
  declare readonly phoneNumberId: pulumi.Output<string>;
  declare readonly arn: pulumi.Output<string>;
  declare readonly phoneNumber: pulumi.Output<string>;
  declare readonly countryCode: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly targetArn: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  declare readonly deletionProtection: pulumi.Output<boolean | undefined>;
  declare readonly origin: pulumi.Output<PhoneNumberOutputs["origin"]>;

  declare readonly statusMessage: pulumi.Output<string | undefined>;
  declare readonly region: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<string>;
  declare readonly lease: pulumi.Output<string>;
  declare readonly moveCount: pulumi.Output<number>;
}

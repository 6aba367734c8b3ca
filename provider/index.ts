import { PHONE_NUMBER_TYPE } from "../core";
import { runtimeProvider, runtimeResource } from "./dynamic";
import type * as RuntimeModule from "./runtime";
import { PhoneNumberInputs, PhoneNumberOutputs, PhoneNumberPresent } from "./shape";

export { checkInputs } from "../core/inputs/connect";
export { diffPhoneNumber } from "./diff";
export type { PhoneNumberArgs, PhoneNumberInputs, PhoneNumberOutputs } from "./shape";

export { PHONE_NUMBER_TYPE } from "./type";
export { PhoneNumberSet, PHONE_NUMBER_SET_TYPE } from "./set";
export type * from "./set";

function load(): typeof RuntimeModule {
  return require("connect-numbers/provider/runtime");
}

/**
 * An Amazon Connect phone number, claimed (or adopted) and released under the churn quota's watch. The closure
 * loads the runtime by package name inside each method (provider/dynamic.ts says why).
 */
export class PhoneNumber extends runtimeResource<PhoneNumberInputs, PhoneNumberOutputs, PhoneNumberPresent>()({
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
}) {}

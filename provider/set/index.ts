import { PHONE_NUMBER_SET_TYPE } from "../../core/fleet";

export { PHONE_NUMBER_SET_TYPE } from "../../core/fleet";
import { runtimeProvider, runtimeResource } from "../dynamic";
import type * as RuntimeModule from "./runtime";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs } from "./shape";

export type { PhoneNumberSetArgs, PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber } from "./shape";
export { checkSetInputs } from "../../core/inputs/set";
export { diffSet } from "./diff";

function load(): typeof RuntimeModule {
  return require("connect-numbers/provider/set/runtime");
}

/**
 * Many Amazon Connect phone numbers of one target as one resource: counts per prefix, specific numbers, adopted
 * ported numbers. Growing claims the difference, a shrink releases only the numbers it names, a move moves every
 * number in place; each claim passes the churn guard, with its own client token and ownership tags. The closure
 * loads the runtime by package name inside each method (provider/dynamic.ts says why).
 */
export class PhoneNumberSet extends runtimeResource<PhoneNumberSetInputs, PhoneNumberSetOutputs>()({
  provider: runtimeProvider(load),
  type: PHONE_NUMBER_SET_TYPE,
  inputs: ["targetArn", "deletionProtection", "region"],
  outputs: ["numbers", "accountId", "lease", "deferred", "deferredUntil"],
}) {}

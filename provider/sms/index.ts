import { runtimeProvider, runtimeResource } from "../dynamic";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import type * as RuntimeModule from "./runtime";
import { OriginationNumberInputs, OriginationNumberOutputs, OriginationNumberPresent } from "./shape";

export { checkOriginationNumber } from "../../core/inputs/sms";
export { diffOriginationNumber } from "./diff";
export type { OriginationNumberArgs, OriginationNumberInputs, OriginationNumberOutputs } from "./shape";
export {
  PULUMI_AWS_SMS_NUMBER_TYPE,
  SMS_NUMBER_TYPE,
  TERRAFORM_SMS_NUMBER_TYPE,
  connectTwoWayChannel,
  isSmsNumberType,
  judgeSmsDelete,
} from "../../core/sms";

function load(): typeof RuntimeModule {
  try {
    return require("connect-numbers/provider/sms/runtime");
  } catch (err) {
    throw new Error(
      `OriginationNumber: cannot load connect-numbers/provider/sms/runtime from ${process.cwd()} (${(err as Error).message}). ` +
        "Install connect-numbers in the Pulumi program's project: npm install connect-numbers.",
    );
  }
}

/**
 * An SMS and voice v2 origination number (AWS End User Messaging SMS): requested (or adopted), updated in place,
 * and released only on purpose. Named for what AWS calls it (an origination identity that is a phone number);
 * `PhoneNumber` is the Connect resource beside it, and the number may carry VOICE and MMS as well as SMS. The
 * closure loads the runtime by package name inside each method (provider/dynamic.ts says why).
 */
export class OriginationNumber extends runtimeResource<
  OriginationNumberInputs,
  OriginationNumberOutputs,
  OriginationNumberPresent
>()({
  provider: runtimeProvider(load),
  type: SMS_NUMBER_TYPE,
  inputs: [
    "phoneNumberId",
    "isoCountryCode",
    "messageType",
    "numberCapabilities",
    "numberType",
    "registrationId",
    "region",
    "optOutListName",
    "poolId",
    "deletionProtectionEnabled",
    "twoWayChannelEnabled",
    "twoWayChannelArn",
    "twoWayChannelRole",
    "selfManagedOptOutsEnabled",
    "internationalSendingEnabled",
    "tags",
  ],
  outputs: ["arn", "phoneNumber", "status", "monthlyLeasingPrice", "origin"],
}) {}

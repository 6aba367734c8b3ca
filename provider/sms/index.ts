import * as pulumi from "@pulumi/pulumi";
import { ResourceKind, runtimeProvider, runtimeResource } from "../dynamic";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import type * as RuntimeModule from "./runtime";
import { OriginationNumberOutputs } from "./shape";

export { checkOriginationNumber } from "./check";
export { diffOriginationNumber } from "./diff";
export type { OriginationNumberInputs, OriginationNumberOutputs } from "./shape";
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

/** The closure loads the runtime by package name inside each method (provider/dynamic.ts says why). */
const KIND: ResourceKind = {
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
};

/**
 * Input names follow pulumi-aws's aws.pinpoint.Smsvoicev2PhoneNumber (generated from Terraform's
 * aws_pinpointsmsvoicev2_phone_number), so moving a number from there is a change of class.
 */
export interface OriginationNumberArgs {
  /** Request a number: ISO country ("US"), TRANSACTIONAL or PROMOTIONAL, 1–3 of SMS/VOICE/MMS/RCS, LONG_CODE/TOLL_FREE/TEN_DLC/SIMULATOR. */
  isoCountryCode?: pulumi.Input<string>;
  messageType?: pulumi.Input<string>;
  numberCapabilities?: pulumi.Input<pulumi.Input<string>[]>;
  numberType?: pulumi.Input<string>;
  /** The registration the number belongs to (10DLC, toll-free verification). */
  registrationId?: pulumi.Input<string>;
  /** Or adopt a number the account already holds, by its id ("phone-…") or ARN: no request, no new number. */
  phoneNumberId?: pulumi.Input<string>;
  /** The number's region; else the region of an ARN among the inputs, else connect-numbers:region / AWS_REGION. */
  region?: pulumi.Input<string>;
  optOutListName?: pulumi.Input<string>;
  /** A pool to join (id or ARN); removing it later makes the number leave the pool. */
  poolId?: pulumi.Input<string>;
  /** AWS's own guard: ReleasePhoneNumber fails while it is on. Unset leaves the number's setting as it is. */
  deletionProtectionEnabled?: pulumi.Input<boolean>;
  /** Two-way SMS: inbound messages go to twoWayChannelArn, an SNS topic or connectTwoWayChannel(region) for Amazon Connect. */
  twoWayChannelEnabled?: pulumi.Input<boolean>;
  twoWayChannelArn?: pulumi.Input<string>;
  twoWayChannelRole?: pulumi.Input<string>;
  selfManagedOptOutsEnabled?: pulumi.Input<boolean>;
  internationalSendingEnabled?: pulumi.Input<boolean>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** On delete, leave the pool first (DisassociateOriginationIdentity) instead of refusing (Terraform's force_disassociate). */
  forceDisassociate?: pulumi.Input<boolean>;
  /**
   * How long create and update wait for ACTIVE (default connect-numbers:smsWaitForActiveSeconds, 600). TOLL_FREE and
   * TEN_DLC numbers can stay PENDING for days; 0 does not wait (status says PENDING until a refresh or an update).
   */
  waitForActiveSeconds?: pulumi.Input<number>;
}

/**
 * An SMS and voice v2 origination number (AWS End User Messaging SMS): requested (or adopted), updated in place,
 * and released only on purpose. Named for what AWS calls it (an origination identity that is a phone number);
 * `PhoneNumber` is the Connect resource beside it, and the number may carry VOICE and MMS as well as SMS.
 */
export class OriginationNumber extends runtimeResource<OriginationNumberArgs>(KIND) {
  declare readonly phoneNumberId: pulumi.Output<string>;
  declare readonly arn: pulumi.Output<string>;
  declare readonly phoneNumber: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly isoCountryCode: pulumi.Output<string>;
  declare readonly messageType: pulumi.Output<string>;
  declare readonly numberCapabilities: pulumi.Output<string[]>;
  declare readonly numberType: pulumi.Output<string>;
  declare readonly monthlyLeasingPrice: pulumi.Output<string | undefined>;
  declare readonly registrationId: pulumi.Output<string | undefined>;
  declare readonly optOutListName: pulumi.Output<string>;
  declare readonly poolId: pulumi.Output<string | undefined>;
  declare readonly deletionProtectionEnabled: pulumi.Output<boolean>;
  declare readonly twoWayChannelEnabled: pulumi.Output<boolean>;
  declare readonly twoWayChannelArn: pulumi.Output<string | undefined>;
  declare readonly twoWayChannelRole: pulumi.Output<string | undefined>;
  declare readonly selfManagedOptOutsEnabled: pulumi.Output<boolean>;
  declare readonly internationalSendingEnabled: pulumi.Output<boolean | undefined>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  declare readonly origin: pulumi.Output<OriginationNumberOutputs["origin"]>;
}

import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";
import * as sms from "connect-numbers/provider/sms";

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");
// The SMS number lives where the instance does: inbound SMS can only reach Connect in its own region.
const region = instanceArn.split(":")[3];
// Both numbers serve one support line and carry its team's tags.
const tags = { team: "customer-experience", costCentre: "cx-042" };

// Voice: the support line customers call, a toll-free Connect number.
const voice = new connect.PhoneNumber("support-voice", {
  targetArn: instanceArn,
  countryCode: "US",
  type: "TOLL_FREE",
  description: "Support line (voice)",
  tags,
  deletionProtection: true,
});

export const voiceNumber = voice.phoneNumber;

// The demo drops the SMS number (stage drop-sms) to show deletion protection stopping the release.
const dropSms = config.get("stage") === "drop-sms";

// Text: an SMS origination number of End User Messaging SMS; customers' messages arrive in the same instance.
// US toll-free SMS numbers stay PENDING while AWS verifies them (days): don't block `pulumi up` on it; the
// two-way routing is applied by the first `pulumi up` after the number turns ACTIVE.
const text = dropSms
  ? undefined
  : new sms.OriginationNumber("support-sms", {
      isoCountryCode: "US",
      messageType: "TRANSACTIONAL",
      numberCapabilities: ["SMS"],
      numberType: "TOLL_FREE",
      twoWayChannelEnabled: true,
      twoWayChannelArn: sms.connectTwoWayChannel(region),
      deletionProtectionEnabled: true,
      tags,
      waitForActiveSeconds: 0,
    });

export const smsNumber = text?.phoneNumber;
export const smsStatus = text?.status;
export const smsRoutedTo = text?.twoWayChannelArn;

import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");
// The numbers the account holds today, copied from the console or ListPhoneNumbersV2.
const mainLineId = config.require("mainLineId");
const legacyNumber = config.require("legacyNumber");

// By id: no claim, no release; the number gets ownership tags, this description and these tags.
const mainLine = new connect.PhoneNumber("main-line", {
  phoneNumberId: mainLineId,
  description: "Main line (adopted)",
  tags: { team: "cx", onboarded: "adopt-existing" },
  deletionProtection: true,
});

// By number: the same, found by its E.164 form on the instance.
const legacy = new connect.PhoneNumber("legacy-line", {
  adopt: true,
  phoneNumber: legacyNumber,
  targetArn: instanceArn,
  deletionProtection: true,
});

export const adopted = { mainLine: mainLine.phoneNumber, legacy: legacy.phoneNumber };
export const origins = { mainLine: mainLine.origin, legacy: legacy.origin };

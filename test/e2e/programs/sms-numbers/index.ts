import * as pulumi from "@pulumi/pulumi";
import * as sms from "connect-numbers/provider/sms";

/** One declared number: OriginationNumberArgs plus resource options; `connect: true` routes inbound SMS to Connect. */
interface Declared extends sms.OriginationNumberArgs {
  name: string;
  connect?: boolean;
  aliases?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
}

const config = new pulumi.Config();
const region = config.require("region");
const declared = config.requireObject<Declared[]>("numbers");

export const numbers: Record<string, pulumi.Output<string>> = {};
export const ids: Record<string, pulumi.Output<string>> = {};
export const statuses: Record<string, pulumi.Output<string>> = {};
for (const { name, connect, aliases, protect, retainOnDelete, ...args } of declared) {
  const n = new sms.OriginationNumber(
    name,
    { ...args, ...(connect ? { twoWayChannelEnabled: true, twoWayChannelArn: sms.connectTwoWayChannel(region) } : {}) },
    { aliases: aliases?.map((a) => ({ name: a })), protect, retainOnDelete },
  );
  numbers[name] = n.phoneNumber;
  ids[name] = n.phoneNumberId;
  statuses[name] = n.status;
}

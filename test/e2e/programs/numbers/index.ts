import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

/** One declared number: PhoneNumberArgs, with "instance" / "tdg" standing for the emulator's seeded targets. */
interface Declared extends Omit<connect.PhoneNumberArgs, "targetArn"> {
  name: string;
  target?: "instance" | "tdg" | "unknown-instance";
  aliases?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
}

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");
const tdgArn = config.require("tdgArn");
const declared = config.requireObject<Declared[]>("numbers");

/** A target only known after apply, to exercise unknown values at preview. */
class Later extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  constructor(value: string) {
    super({ async create() { return { id: "later", outs: { value } }; } }, "later", { value: undefined });
  }
}
const later = new Later(instanceArn);

export const numbers: Record<string, pulumi.Output<string>> = {};
export const ids: Record<string, pulumi.Output<string>> = {};
for (const { name, target, aliases, protect, retainOnDelete, ...args } of declared) {
  const targetArn = target === "tdg" ? tdgArn : target === "unknown-instance" ? later.value : target === "instance" ? instanceArn : undefined;
  const n = new connect.PhoneNumber(name, { ...args, ...(targetArn !== undefined ? { targetArn } : {}) }, {
    aliases: aliases?.map((a) => ({ name: a })),
    protect,
    retainOnDelete,
  });
  numbers[name] = n.phoneNumber;
  ids[name] = n.phoneNumberId;
}

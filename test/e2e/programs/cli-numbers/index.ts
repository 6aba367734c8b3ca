import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

/**
 * One declared number: PhoneNumberArgs with "instance" / "tdg" for the emulator's seeded targets, and the resource
 * options that change what a plan releases (deleteBeforeReplace, retainOnDelete, aliases, protect). `fail: true`
 * makes the program throw after registering everything, for a failed preview.
 */
interface Declared extends Omit<connect.PhoneNumberArgs, "targetArn"> {
  name: string;
  target?: "instance" | "tdg";
  aliases?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
}

const config = new pulumi.Config();
const targets = { instance: config.require("instanceArn"), tdg: config.require("tdgArn") };
const declared = config.requireObject<Declared[]>("numbers");

export const numbers: Record<string, pulumi.Output<string>> = {};
for (const { name, target, aliases, protect, retainOnDelete, deleteBeforeReplace, ...args } of declared) {
  const n = new connect.PhoneNumber(
    name,
    { ...args, ...(target ? { targetArn: targets[target] } : {}) },
    {
      aliases: aliases?.map((a) => ({ name: a })),
      protect,
      retainOnDelete,
      deleteBeforeReplace,
    },
  );
  numbers[name] = n.phoneNumber;
}

const failure = config.get("fail");
if (failure) throw new Error(failure);

import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

type Target = "instance" | "tdg";
interface Common {
  name: string;
  target?: Target;
  aliases?: string[];
  retainOnDelete?: boolean;
}
type DeclaredNumber = Common & Omit<connect.PhoneNumberArgs, "targetArn">;
type DeclaredSet = Common & Omit<connect.PhoneNumberSetArgs, "targetArn">;

const config = new pulumi.Config();
const targets: Record<Target, string> = { instance: config.require("instanceArn"), tdg: config.require("tdgArn") };
const opts = (c: Common): pulumi.CustomResourceOptions => ({ aliases: c.aliases?.map((name) => ({ name })), retainOnDelete: c.retainOnDelete });

export const numbers: Record<string, pulumi.Output<string>> = {};
// Single numbers first: a number leaving a set for one of them is declared before the set's diff runs.
for (const { name, target, aliases, retainOnDelete, ...args } of config.getObject<DeclaredNumber[]>("numbers") ?? []) {
  numbers[name] = new connect.PhoneNumber(name, { ...args, ...(target ? { targetArn: targets[target] } : {}) }, opts({ name, aliases, retainOnDelete })).phoneNumber;
}
export const sets: Record<string, pulumi.Output<connect.SetNumber[]>> = {};
for (const { name, target, aliases, retainOnDelete, ...args } of config.getObject<DeclaredSet[]>("sets") ?? []) {
  sets[name] = new connect.PhoneNumberSet(name, { ...args, ...(target ? { targetArn: targets[target] } : {}) }, opts({ name, aliases, retainOnDelete })).numbers;
}

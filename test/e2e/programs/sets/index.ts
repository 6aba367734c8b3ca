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
const opts = (c: Common): pulumi.CustomResourceOptions => ({
  aliases: c.aliases?.map((name) => ({ name })),
  retainOnDelete: c.retainOnDelete,
});

export const numbers: Record<string, pulumi.Output<string>> = {};
const singles: connect.PhoneNumber[] = [];
for (const { name, target, aliases, retainOnDelete, ...args } of config.getObject<DeclaredNumber[]>("numbers") ?? []) {
  const n = new connect.PhoneNumber(
    name,
    { ...args, ...(target ? { targetArn: targets[target] } : {}) },
    opts({ name, aliases, retainOnDelete }),
  );
  singles.push(n);
  numbers[name] = n.phoneNumber;
}
export const sets: Record<string, pulumi.Output<connect.SetNumber[]>> = {};
for (const { name, target, aliases, retainOnDelete, ...args } of config.getObject<DeclaredSet[]>("sets") ?? []) {
  // dependsOn the single numbers: a number leaving the set for one of them is declared before the set is judged.
  sets[name] = new connect.PhoneNumberSet(
    name,
    { ...args, ...(target ? { targetArn: targets[target] } : {}) },
    { ...opts({ name, aliases, retainOnDelete }), dependsOn: singles },
  ).numbers;
}

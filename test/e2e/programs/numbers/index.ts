import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

/** One declared number: PhoneNumberArgs, with "instance" / "tdg" standing for the emulator's seeded targets. */
interface Declared extends Omit<connect.PhoneNumberArgs, "targetArn"> {
  name: string;
  target?: "instance" | "tdg" | "unknown-instance";
  /** Former names, or former URNs ("urn:…", e.g. before moving under a parent). */
  aliases?: string[];
  /** The name of a component (type test:index:Group) to declare this number under. */
  parent?: string;
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

const groups = new Map<string, pulumi.ComponentResource>();
const group = (name: string) => {
  if (!groups.has(name)) groups.set(name, new pulumi.ComponentResource("test:index:Group", name));
  return groups.get(name)!;
};

export const numbers: Record<string, pulumi.Output<string>> = {};
export const ids: Record<string, pulumi.Output<string>> = {};
for (const { name, target, aliases, parent, protect, retainOnDelete, ...args } of declared) {
  const targetArn = target === "tdg" ? tdgArn : target === "unknown-instance" ? later.value : target === "instance" ? instanceArn : undefined;
  const n = new connect.PhoneNumber(name, { ...args, ...(targetArn !== undefined ? { targetArn } : {}) }, {
    aliases: aliases?.map((a) => (a.startsWith("urn:") ? a : { name: a })),
    parent: parent !== undefined ? group(parent) : undefined,
    protect,
    retainOnDelete,
  });
  numbers[name] = n.phoneNumber;
  ids[name] = n.phoneNumberId;
}

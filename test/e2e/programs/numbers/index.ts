import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

type Target = "instance" | "tdg" | "instance-west" | "tdg-west" | "unknown-instance";

/** One declared number: PhoneNumberArgs, with "instance" / "tdg" (and their -west twins) standing for the emulator's seeded targets. */
interface Declared extends Omit<connect.PhoneNumberArgs, "targetArn"> {
  name: string;
  target?: Target;
  /** A component (test:index:Group) of this name as parent. */
  parent?: string;
  /** Former names, former URNs ("urn:…"), or { name, parent } (parent null: it had none). */
  aliases?: Array<string | { name?: string; parent?: string | null }>;
  protect?: boolean;
  retainOnDelete?: boolean;
  replaceOnChanges?: string[];
  deleteBeforeReplace?: boolean;
}

const config = new pulumi.Config();
const targets: Record<string, string | undefined> = {
  instance: config.require("instanceArn"),
  tdg: config.require("tdgArn"),
  "instance-west": config.get("instanceArnWest"),
  "tdg-west": config.get("tdgArnWest"),
};
const declared = config.requireObject<Declared[]>("numbers");

/** A target only known after apply, to exercise unknown values at preview. */
class Later extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  constructor(value: string) {
    super(
      {
        async create() {
          return { id: "later", outs: { value } };
        },
      },
      "later",
      { value: undefined },
    );
  }
}
const later = new Later(targets.instance!);

const groups = new Map<string, pulumi.ComponentResource>();
const group = (name: string) => {
  if (!groups.has(name)) groups.set(name, new pulumi.ComponentResource("test:index:Group", name));
  return groups.get(name)!;
};

export const numbers: Record<string, pulumi.Output<string>> = {};
export const ids: Record<string, pulumi.Output<string>> = {};
for (const {
  name,
  target,
  parent,
  aliases,
  protect,
  retainOnDelete,
  replaceOnChanges,
  deleteBeforeReplace,
  ...args
} of declared) {
  const targetArn = target === "unknown-instance" ? later.value : target !== undefined ? targets[target] : undefined;
  const n = new connect.PhoneNumber(
    name,
    { ...args, ...(targetArn !== undefined ? { targetArn } : {}) },
    {
      parent: parent !== undefined ? group(parent) : undefined,
      aliases: aliases?.map((a) =>
        typeof a === "string"
          ? a.startsWith("urn:")
            ? a
            : { name: a }
          : {
              // Pulumi refuses an alias whose name is present but undefined: the current name is the default.
              name: a.name ?? name,
              ...(a.parent === null
                ? { parent: pulumi.rootStackResource }
                : a.parent !== undefined
                  ? { parent: group(a.parent) }
                  : {}),
            },
      ),
      protect,
      retainOnDelete,
      replaceOnChanges,
      deleteBeforeReplace,
    },
  );
  numbers[name] = n.phoneNumber;
  ids[name] = n.phoneNumberId;
}

import * as pulumi from "@pulumi/pulumi";

/**
 * `aws.connect.PhoneNumber` as @pulumi/aws declares it (the same type token, inputs and outputs), without the
 * 100 MB SDK package: the engine sends it to whichever `pulumi-resource-aws` plugin is installed.
 */
interface PhoneNumberArgs {
  targetArn: pulumi.Input<string>;
  countryCode: pulumi.Input<string>;
  type: pulumi.Input<string>;
  prefix?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

class PhoneNumber extends pulumi.CustomResource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly phoneNumber: pulumi.Output<string>;
  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "aws:connect/phoneNumber:PhoneNumber",
      name,
      { ...args, arn: undefined, phoneNumber: undefined, statuses: undefined, tagsAll: undefined },
      opts,
    );
  }
}

interface Declared extends Omit<PhoneNumberArgs, "targetArn"> {
  name: string;
  retainOnDelete?: boolean;
}

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");

export const numbers: Record<string, pulumi.Output<string>> = {};
for (const { name, retainOnDelete, ...args } of config.requireObject<Declared[]>("awsNumbers")) {
  numbers[name] = new PhoneNumber(name, { ...args, targetArn: instanceArn }, { retainOnDelete }).phoneNumber;
}

// Where `connect-numbers migrate --out migrated-numbers.ts` wrote the program, once the steps say to load it.
export const migrated: Record<string, pulumi.Output<string>> = config.getBoolean("loadMigrated")
  ? // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("./migrated-numbers").migratedNumbers
  : {};

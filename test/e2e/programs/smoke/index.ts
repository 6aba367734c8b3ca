import * as pulumi from "@pulumi/pulumi";

interface SmokeInputs {
  label: string;
}

const smokeProvider: pulumi.dynamic.ResourceProvider<SmokeInputs, SmokeInputs> = {
  async create(inputs) {
    return { id: `smoke-${inputs.label}`, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: olds.label !== news.label, replaces: olds.label !== news.label ? ["label"] : [] };
  },
};

class Smoke extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  constructor(name: string, args: { label: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(smokeProvider, name, { label: args.label }, opts, "connect", "Smoke");
  }
}

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 1;
const smokes = Array.from({ length: count }, (_, i) => new Smoke(`smoke-${i}`, { label: `label-${i}` }));

export const labels = smokes.map((s) => s.label);

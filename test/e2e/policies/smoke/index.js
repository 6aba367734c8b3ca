const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("smoke-policies", {
  policies: [
    {
      name: "smoke-max-count",
      description: "At most maxSmokes Smoke resources.",
      enforcementLevel: "mandatory",
      configSchema: { properties: { maxSmokes: { type: "integer", default: 10 } } },
      validateStack: (args, reportViolation) => {
        const { maxSmokes } = args.getConfig();
        const smokes = args.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/connect:Smoke");
        if (smokes.length > maxSmokes) {
          reportViolation(`found ${smokes.length} Smoke resources, more than maxSmokes=${maxSmokes}`);
        }
      },
    },
  ],
});

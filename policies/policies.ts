import type { Policies, ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { PHONE_NUMBER_TYPE } from "../provider/type";
import { analyze, cachedAnalysis } from "./analysis";
import { CHURN_CONFIG_SCHEMA, ChurnPolicyConfig, churnConfig } from "./config";
import { churnMessage, renameMessage, unreadableMessage } from "./messages";
import { readBoolean } from "./props";

/** The pack's policies, in the order the SDK runs them: churn computes the analysis the others read. */
export const policies: Policies = [
  {
    name: "connect-phone-number-churn",
    description: "Blocks a plan whose phone-number claims and releases would exceed the account's rolling churn budget (200% of the quota).",
    enforcementLevel: "mandatory",
    configSchema: CHURN_CONFIG_SCHEMA as never,
    validateStack: async (args, reportViolation) => {
      const config = churnConfig(args.getConfig<Partial<ChurnPolicyConfig>>());
      const analysis = await analyze(args.resources, config);
      if (!analysis.ok) {
        if (config.failClosed) reportViolation(unreadableMessage(analysis.error, true));
        return;
      }
      if (!analysis.verdict.ok) reportViolation(churnMessage(analysis.verdict, analysis.derived.operations, analysis.waves, analysis.live));
    },
  },
  {
    name: "connect-phone-number-churn-unverified",
    description: "Says so when the churn check could not read the account and failClosed is false.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation: ReportViolation) => {
      const analysis = cachedAnalysis(args.resources);
      if (analysis && !analysis.ok && !analysis.config.failClosed) reportViolation(unreadableMessage(analysis.error, false));
    },
  },
  {
    name: "connect-phone-number-rename",
    description: "Blocks a plan that releases a number the stack holds while another resource would claim the same number (a rename without an alias).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const analysis = cachedAnalysis(args.resources);
      if (!analysis?.ok) return;
      for (const r of analysis.derived.renames) reportViolation(renameMessage(r), r.urn);
    },
  },
  {
    name: "connect-phone-number-deletion-protection",
    description: "Advises deletionProtection (or protect) on every phone number: a released number cannot be recovered.",
    enforcementLevel: "advisory",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (args.type !== PHONE_NUMBER_TYPE || args.opts.protect) return;
      const protection = readBoolean(args.props, "deletionProtection");
      if (protection.known && protection.value !== true) {
        reportViolation(
          `${args.name} can be released by a destroy, a removal or a replacement, and a released number is gone for good: ` +
            "set deletionProtection: true (or the protect resource option).",
        );
      }
    },
  },
];

import fc from "fast-check";
import { campaign, campaignStats } from "../test/model/campaign";
import { Benchmark } from "./figures";

/**
 * The provider's model-based campaign at scale: 2,000 random command sequences (CAMPAIGN_RUNS to change it,
 * CAMPAIGN_SEED to replay one) against the emulator. Prints the run count, what the commands did, and any
 * counterexample, shrunk, with the seed and path that replay it.
 */
export const providerCampaign: Benchmark = {
  name: "provider-campaign",
  async run() {
    const numRuns = Number(process.env.CAMPAIGN_RUNS ?? 2000);
    const seed = process.env.CAMPAIGN_SEED === undefined ? undefined : Number(process.env.CAMPAIGN_SEED);
    const started = Date.now();
    const result = await fc.check(campaign(), { numRuns, ...(seed !== undefined ? { seed } : {}) });
    const ms = Date.now() - started;
    console.log(
      `provider campaign: ${result.numRuns} runs (seed ${result.seed}), ${result.failed ? "FAILED" : "no counterexample"}, ${Math.round(ms / 1000)} s`,
    );
    for (const [kind, s] of [...campaignStats].sort())
      console.log(
        `  ${kind.padEnd(14)} ${String(s.commands).padStart(6)} commands, last deployment ok ${s.ok}, failed ${s.failed}`,
      );
    if (result.failed) console.log(fc.defaultReportMessage(result));
    return [
      { name: "runs", value: result.numRuns, unit: "runs", target: ">= 2000" },
      { name: "counterexamples", value: result.failed ? 1 : 0, unit: "", target: "0" },
      { name: "time per run", value: ms / Math.max(1, result.numRuns), unit: "ms" },
    ];
  },
};

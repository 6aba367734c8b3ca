import fc from "fast-check";
import { campaign, campaignStats, setCampaign } from "../test/model/campaign";
import { Benchmark } from "./figures";

/**
 * The provider's model-based campaigns at scale, against the emulator: 2,000 random command sequences of single
 * resources, and 500 with PhoneNumberSets (CAMPAIGN_RUNS to change either, CAMPAIGN_SEED to replay one). Prints the
 * run count, what the commands did, and any counterexample, shrunk, with the seed and path that replay it.
 */
function campaignBench(name: string, property: () => fc.IAsyncProperty<[unknown]>, runs: number): Benchmark {
  return {
    name,
    async run() {
      const numRuns = Number(process.env.CAMPAIGN_RUNS ?? runs);
      const seed = process.env.CAMPAIGN_SEED === undefined ? undefined : Number(process.env.CAMPAIGN_SEED);
      const started = Date.now();
      campaignStats.clear();
      const result = await fc.check(property(), { numRuns, ...(seed !== undefined ? { seed } : {}) });
      const ms = Date.now() - started;
      console.log(
        `${name}: ${result.numRuns} runs (seed ${result.seed}), ${result.failed ? "FAILED" : "no counterexample"}, ${Math.round(ms / 1000)} s`,
      );
      for (const [kind, s] of [...campaignStats].sort())
        console.log(
          `  ${kind.padEnd(20)} ${String(s.commands).padStart(6)} commands, last deployment ok ${s.ok}, failed ${s.failed}`,
        );
      if (result.failed) console.log(fc.defaultReportMessage(result));
      return [
        { name: "runs", value: result.numRuns, unit: "runs", target: `>= ${runs}` },
        { name: "counterexamples", value: result.failed ? 1 : 0, unit: "", target: "0" },
        { name: "time per run", value: ms / Math.max(1, result.numRuns), unit: "ms" },
      ];
    },
  };
}

export const providerCampaign = campaignBench("provider-campaign", campaign, 2000);
export const providerSetCampaign = campaignBench("provider-set-campaign", setCampaign, 500);

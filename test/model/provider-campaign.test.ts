import fc from "fast-check";
import { campaign, setCampaign } from "./campaign";

/**
 * The provider's model-based campaigns in `npm test`: 100 random command sequences of single resources, and 60 with
 * PhoneNumberSets, each against the emulator. The bench (bench/provider-campaign.ts) runs 2,000; CAMPAIGN_RUNS and
 * SET_CAMPAIGN_RUNS run more here. A failure prints the seed, the path and the shrunk command sequence: rerun it with
 * CAMPAIGN_SEED=<seed> CAMPAIGN_PATH=<path> npx jest test/model -t <the campaign's name>.
 */
const replay = process.env.CAMPAIGN_SEED
  ? { seed: Number(process.env.CAMPAIGN_SEED), path: process.env.CAMPAIGN_PATH }
  : {};
describe("provider campaign: no declared number released, none leaked, none claimed twice, the account never blocked", () => {
  it("holds over 100 random programs, changes and failures", async () => {
    await fc.assert(campaign(), { numRuns: Number(process.env.CAMPAIGN_RUNS ?? 100), verbose: 1, ...replay });
  }, 1_800_000);

  it("holds over 60 random programs of sets: declared, grown, shrunk by name, moved, handed over, destroyed, interrupted", async () => {
    // A fixed seed in `npm test`, so a CI run is reproducible while the set campaign is young (random seeds found
    // three leaks this round, all fixed, in provider-regressions.test.ts); the bench (provider-set-campaign) and
    // CAMPAIGN_SEED explore other seeds.
    await fc.assert(setCampaign(), {
      numRuns: Number(process.env.SET_CAMPAIGN_RUNS ?? 60),
      verbose: 1,
      seed: 1,
      ...replay,
    });
  }, 1_800_000);
});

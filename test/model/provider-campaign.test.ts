import fc from "fast-check";
import { campaign } from "./campaign";

/**
 * The provider's model-based campaign in `npm test`: 100 random command sequences against the emulator. The bench
 * (bench/provider-campaign.ts) runs 2,000. A failure prints the seed, the path and the shrunk command sequence:
 * rerun it with CAMPAIGN_SEED=<seed> CAMPAIGN_PATH=<path> npx jest test/model.
 */
const replay = process.env.CAMPAIGN_SEED
  ? { seed: Number(process.env.CAMPAIGN_SEED), path: process.env.CAMPAIGN_PATH }
  : {};
describe("provider campaign: no declared number released, none leaked, none claimed twice, the account never blocked", () => {
  it("holds over 100 random programs, changes and failures", async () => {
    await fc.assert(campaign(), { numRuns: Number(process.env.CAMPAIGN_RUNS ?? 100), verbose: 1, ...replay });
  }, 1_800_000);
});

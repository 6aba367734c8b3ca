/** `npm run bench`: runs every benchmark but the fleet ones and prints one table; `run.js fleet` runs those; `run.js NAME…` the named ones. */
import * as os from "node:os";
import { cliCheck } from "./cli-check";
import { coreHistory } from "./core-history";
import { emulatorDescribe } from "./emulator-describe";
import { fleetClaim } from "./fleet-claim";
import { fleetUp } from "./fleet-up";
import { policyPreview } from "./policy-preview";
import { providerCampaign, providerSetCampaign } from "./provider-campaign";
import { Benchmark, Figure, printTable } from "./figures";

const BENCHMARKS: Benchmark[] = [
  coreHistory,
  emulatorDescribe,
  cliCheck,
  policyPreview,
  providerCampaign,
  providerSetCampaign,
];
/** At 10x AWS's rate limits, through the real Pulumi CLI: ~15 minutes for 1,000 numbers (`npm run bench:fleet`). */
const FLEET: Benchmark[] = [fleetClaim, fleetUp];

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const only = process.argv.slice(2);
  const rows: Array<Figure & { bench: string }> = [];
  const chosen =
    only.length === 0
      ? BENCHMARKS
      : only.includes("fleet")
        ? FLEET
        : [...BENCHMARKS, ...FLEET].filter((b) => only.includes(b.name));
  for (const bench of chosen) {
    for (const figure of await bench.run()) rows.push({ ...figure, bench: bench.name });
  }
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  printTable(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** `npm run bench`: every benchmark but the fleet ones; `run.js fleet` runs those, `run.js NAME…` the named ones. */
import * as os from "node:os";
import { cliCheck } from "./cli-check";
import { coreHistory } from "./core-history";
import { emulatorDescribe } from "./emulator-describe";
import { fleetClaim } from "./fleet-claim";
import { fleetLifecycle } from "./fleet-lifecycle";
import { fleetSets } from "./fleet-sets";
import { fleetUp } from "./fleet-up";
import { policyPreview } from "./policy-preview";
import { providerCampaign, providerSetCampaign } from "./provider-campaign";
import { startupCpu } from "./startup-cpu";
import { Benchmark, Figure, printTable } from "./figures";

const BENCHMARKS: Benchmark[] = [
  coreHistory,
  emulatorDescribe,
  cliCheck,
  policyPreview,
  providerCampaign,
  providerSetCampaign,
  startupCpu,
];
/**
 * At AWS's rate limits (10x, and 1x for one), through the real Pulumi CLI: ~15 minutes for 1,000 numbers for the
 * first two, ~15 more for the sets (`npm run bench:fleet`; `npm run bench:sets` runs "fleet sets" alone), and the
 * sets' whole lifecycle (`npm run bench:lifecycle` alone).
 */
const FLEET: Benchmark[] = [fleetClaim, fleetUp, fleetSets, fleetLifecycle];

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

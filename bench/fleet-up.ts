import { PulumiWorkspace } from "../scripts/pulumi-workspace";
import { total } from "./call-counter";
import { describeCpu } from "./cpu-meter";
import { previewFigures } from "./fleet-preview";
import { FleetShape, UpRun, describeCalls, measuredUp, stackOn } from "./fleet-stack";
import { CLAIM_RATE, FleetAccount, RATE_MULTIPLIER, fleetAccount } from "./fleet-env";
import { Benchmark, Figure } from "./figures";

/**
 * `pulumi up` of FLEET_NUMBERS searched numbers (countryCode US, type DID) through the real Pulumi CLI, with the
 * emulator enforcing AWS's rate limits at 10x and the clients paced at 10x; then `pulumi preview` of that stack with
 * our policy pack and with a trivial one. FLEET_NUMBERS (default 1000) and FLEET_PARALLEL (comma-separated
 * `--parallel` values, one `up` of a fresh stack each; default Pulumi's own) change the run.
 */
const NUMBERS = Number(process.env.FLEET_NUMBERS ?? 1000);
const PARALLEL = (process.env.FLEET_PARALLEL ?? "default").split(",").map((p) => p.trim());
/** FLEET_UNLIMITED=0 skips the first `up`: the same deployment with no rate limit anywhere (what Pulumi and the provider cost). */
const UNLIMITED = process.env.FLEET_UNLIMITED !== "0";
/** FLEET_SKIP_CHECKPOINTS=0 skips the last `up`: rate-limited, with PULUMI_SKIP_CHECKPOINTS (the engine's state writes left out). */
const SKIP_CHECKPOINTS = process.env.FLEET_SKIP_CHECKPOINTS !== "0";
const SHAPE: FleetShape = { kind: "singles", count: NUMBERS };

interface Measured extends UpRun {
  parallel: string;
  limited: boolean;
  skipCheckpoints: boolean;
}

async function upOnce(
  parallel: string,
  limited: boolean,
  skipCheckpoints: boolean,
): Promise<{ run: Measured; account: FleetAccount; ws: PulumiWorkspace }> {
  const account = await fleetAccount({ quota: NUMBERS * 2, rateLimited: limited });
  const ws = await stackOn(account, SHAPE, limited);
  const up = await measuredUp(account, ws, SHAPE, { parallel, skipCheckpoints });
  return { run: { ...up, parallel, limited, skipCheckpoints }, account, ws };
}

function upFigures(r: Measured): Figure[] {
  const ideal = NUMBERS / CLAIM_RATE;
  const wall = r.wallMs / 1000;
  const claim = r.counts.span["connect:ClaimPhoneNumber"];
  const tag = `(--parallel ${r.parallel}${r.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS" : ""})`;
  if (!r.limited) {
    return [
      { name: `pulumi up, ${NUMBERS} searched numbers, NO rate limit anywhere ${tag}`, value: wall, unit: "s" },
      {
        name: `  per resource: Pulumi engine + provider + emulator, no AWS pacing ${tag}`,
        value: r.wallMs / NUMBERS,
        unit: "ms",
      },
      { name: `  duplicate claims, no rate limit ${tag}`, value: r.duplicates, unit: "", target: "0" },
    ];
  }
  const figures: Figure[] = [
    {
      name: `pulumi up, ${NUMBERS} searched numbers ${tag}`,
      value: wall,
      unit: "s",
      target: "<= 1.15x ideal",
      baseline: ideal,
    },
    {
      name: `ideal: ${NUMBERS} / ${CLAIM_RATE} claims/s (ClaimPhoneNumber at ${RATE_MULTIPLIER}x)`,
      value: ideal,
      unit: "s",
    },
    { name: `claims recorded by the emulator ${tag}`, value: r.claims, unit: "claims" },
    { name: `duplicate claims ${tag}`, value: r.duplicates, unit: "", target: "0" },
    {
      name: `Connect API calls per number ${tag}`,
      value: total(r.counts.byOperation, "connect") / NUMBERS,
      unit: "calls",
      target: "<= 3",
    },
    {
      name: `all AWS calls per number (Connect, tagging, DynamoDB, …) ${tag}`,
      value: total(r.counts.byOperation) / NUMBERS,
      unit: "calls",
    },
    { name: `throttled answers ${tag}`, value: total(r.counts.throttled), unit: "429s" },
  ];
  if (claim) {
    figures.push(
      {
        name: `start → first claim (program, engine, first checks) ${tag}`,
        value: (claim.first - r.startedAt) / 1000,
        unit: "s",
      },
      { name: `first → last claim ${tag}`, value: (claim.last - claim.first) / 1000, unit: "s", baseline: ideal },
      { name: `last claim → exit ${tag}`, value: (r.startedAt + r.wallMs - claim.last) / 1000, unit: "s" },
    );
  }
  return figures;
}

export const fleetUp: Benchmark = {
  name: "fleet up",
  async run() {
    const figures: Figure[] = [];
    let last: { run: Measured; account: FleetAccount; ws: PulumiWorkspace } | undefined;
    try {
      const runs = [
        ...(UNLIMITED ? [{ parallel: "default", limited: false, skipCheckpoints: false }] : []),
        ...PARALLEL.map((parallel) => ({ parallel, limited: true, skipCheckpoints: false })),
        // Where the rest of the time goes: the same up with the engine's per-step state writes left out.
        ...(SKIP_CHECKPOINTS ? [{ parallel: PARALLEL[0], limited: true, skipCheckpoints: true }] : []),
      ];
      for (const { parallel, limited, skipCheckpoints } of runs) {
        if (last) {
          last.ws.cleanup();
          await last.account.stop();
        }
        last = await upOnce(parallel, limited, skipCheckpoints);
        const label = `up --parallel ${parallel}${limited ? "" : " (no rate limit)"}${skipCheckpoints ? " (PULUMI_SKIP_CHECKPOINTS)" : ""}`;
        console.log(`${label}: ${describeCpu(last.run.cpu)}`);
        describeCalls(label, last.run.counts);
        figures.push(...upFigures(last.run));
      }
      const { account, ws } = last!;
      figures.push(...(await previewFigures(account, ws, `${NUMBERS} numbers`)));
      return figures;
    } finally {
      if (last) {
        last.ws.cleanup();
        await last.account.stop();
      }
    }
  },
};

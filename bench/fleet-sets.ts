import { total } from "./call-counter";
import { describeCpu } from "./cpu-meter";
import { FleetAccount, RATE_MULTIPLIER, claimRate, fleetAccount } from "./fleet-env";
import { previewFigures } from "./fleet-preview";
import { FleetShape, UpRun, describeUp, measuredUp, perNumber, phasesOf, shapeLabel, stackOn } from "./fleet-stack";
import { PulumiWorkspace } from "../scripts/pulumi-workspace";
import { Benchmark, Figure } from "./figures";

/**
 * Fleets declared as `PhoneNumberSet`s against the same fleet as single resources, each `up` against its ideal (the
 * claims alone at ClaimPhoneNumber's rate) in the same run, through the real Pulumi CLI with per-step checkpoints:
 *  1. FLEET_SET_NUMBERS (1000) searched numbers as FLEET_SETS (10) sets at 10x AWS's rates, then the previews of
 *     that stack with the pack, a trivial pack and none;
 *  2. the same numbers as single `PhoneNumber`s at 10x (FLEET_SET_SINGLES=0 leaves it out);
 *  3. FLEET_REAL_RATE_NUMBERS (300) single resources at AWS's real rates (1x; 0 leaves it out).
 */
const SET_NUMBERS = Number(process.env.FLEET_SET_NUMBERS ?? 1000);
const SETS = Number(process.env.FLEET_SETS ?? 10);
const SINGLES = process.env.FLEET_SET_SINGLES !== "0";
const REAL_RATE_NUMBERS = Number(process.env.FLEET_REAL_RATE_NUMBERS ?? 300);

interface Deployed {
  account: FleetAccount;
  ws: PulumiWorkspace;
  run: UpRun;
}

async function deploy(shape: FleetShape, multiplier: number): Promise<Deployed> {
  const account = await fleetAccount({ quota: shape.count * 2, multiplier });
  let ws: PulumiWorkspace | undefined;
  try {
    ws = await stackOn(account, shape, true);
    const run = await measuredUp(account, ws, shape);
    describeUp(`up of ${shapeLabel(shape)} at ${multiplier}x`, run);
    return { account, ws, run };
  } catch (err) {
    ws?.cleanup();
    await account.stop();
    throw err;
  }
}

async function discard(d: Deployed): Promise<void> {
  d.ws.cleanup();
  await d.account.stop();
}

/** One `up`'s figures: wall time against the ideal, where the time went, the machine's load, calls per number. */
function upFigures(shape: FleetShape, multiplier: number, r: UpRun, targets: { wall?: string; calls?: string }) {
  const ideal = shape.count / claimRate(multiplier);
  const tag = `(${shapeLabel(shape)}, ${multiplier}x)`;
  const s = (ms: number) => ms / 1000;
  const phases = phasesOf(r);
  const figures: Figure[] = [
    { name: `pulumi up ${tag}`, value: s(r.wallMs), unit: "s", target: targets.wall, baseline: ideal },
    {
      name: `  ideal: ${shape.count} / ${claimRate(multiplier)} claims/s (ClaimPhoneNumber at ${multiplier}x)`,
      value: ideal,
      unit: "s",
    },
  ];
  if (phases) {
    figures.push(
      { name: `  start → first claim (program, engine, reads)`, value: s(phases.toFirst), unit: "s" },
      { name: `  first → last claim`, value: s(phases.claiming), unit: "s", baseline: ideal },
      { name: `  last claim → exit`, value: s(phases.afterLast), unit: "s" },
    );
  }
  figures.push(
    {
      name: `  CPU: ours (emulator, pulumi, program, provider)`,
      value: s(r.cpu.oursMs),
      unit: "s",
      baseline: s(r.wallMs),
    },
    ...(["engine", "program", "provider", "emulator & bench"] as const).map((role) => ({
      name: `    of which ${role === "emulator & bench" ? "the emulator (with DynamoDB) and bench" : `the ${role}`}`,
      value: s(r.roles[role]),
      unit: "s",
    })),
    {
      name: `  CPU: other processes on the machine meanwhile`,
      value: s(r.cpu.othersMs),
      unit: "s",
      baseline: s(r.wallMs),
    },
    { name: `  claims recorded by the emulator`, value: r.claims, unit: "claims", target: `= ${shape.count}` },
    { name: `  duplicate claims`, value: r.duplicates, unit: "", target: "0" },
    {
      name: `  all AWS calls per number (Connect, tagging, DynamoDB, …)`,
      value: perNumber(r, shape),
      unit: "calls",
      target: targets.calls,
    },
    { name: `    Connect`, value: perNumber(r, shape, "connect"), unit: "calls" },
    { name: `    DynamoDB (ledger)`, value: perNumber(r, shape, "dynamodb"), unit: "calls" },
    { name: `    tagging`, value: perNumber(r, shape, "tag"), unit: "calls" },
    { name: `  throttled answers`, value: total(r.counts.throttled), unit: "429s" },
  );
  return figures;
}

export const fleetSets: Benchmark = {
  name: "fleet sets",
  async run() {
    const figures: Figure[] = [];
    const sets: FleetShape = { kind: "sets", count: SET_NUMBERS, sets: SETS };
    const deployed = await deploy(sets, RATE_MULTIPLIER);
    try {
      figures.push(...upFigures(sets, RATE_MULTIPLIER, deployed.run, { wall: "<= 1.15x ideal", calls: "<= 5" }));
      const previews = await previewFigures(deployed.account, deployed.ws, shapeLabel(sets));
      figures.push(...previews);
    } finally {
      await discard(deployed);
    }
    if (SINGLES) {
      const singles: FleetShape = { kind: "singles", count: SET_NUMBERS };
      const d = await deploy(singles, RATE_MULTIPLIER);
      await discard(d);
      figures.push(...upFigures(singles, RATE_MULTIPLIER, d.run, {}), {
        name: `  sets' up against the singles' up`,
        value: deployed.run.wallMs / 1000,
        unit: "s",
        baseline: d.run.wallMs / 1000,
      });
    }
    if (REAL_RATE_NUMBERS > 0) {
      const real: FleetShape = { kind: "singles", count: REAL_RATE_NUMBERS };
      const d = await deploy(real, 1);
      await discard(d);
      figures.push(...upFigures(real, 1, d.run, {}));
    }
    console.log(`fleet sets: machine during the sets' up: ${describeCpu(deployed.run.cpu)}`);
    return figures;
  },
};

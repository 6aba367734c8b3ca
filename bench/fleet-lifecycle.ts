import * as path from "node:path";
import { REPO_ROOT, PulumiWorkspace, RunResult } from "../scripts/pulumi-workspace";
import { total } from "./call-counter";
import { FleetAccount, RATE_MULTIPLIER, fleetAccount } from "./fleet-env";
import { Observation, churnBetween, invariants, observe } from "./fleet-observe";
import { FleetShape, checked, describeCalls, shapeLabel, stackOn } from "./fleet-stack";
import { Benchmark, Figure } from "./figures";

/**
 * A fleet's whole life through the real Pulumi CLI against the rate-limited emulator (10x AWS's rates), the ledger
 * on its DynamoDB: FLEET_NUMBERS (1000) numbers as 10 PhoneNumberSets, previewed with the pack, deployed, grown by
 * 10%, shrunk by 5 named numbers a set, moved to the traffic distribution group in place, destroyed. After each
 * step: the step's claims and releases against what it must cost, the account's numbers against the state's (no
 * leak), no number claimed twice, every logged claim and release in the ledger's window. A mismatch ends the bench
 * with the step and the numbers.
 */
const NUMBERS = Number(process.env.FLEET_NUMBERS ?? 1000);
const SETS = 10;
/** Numbers each set names in `release` when it shrinks. */
const NAMED = 5;

interface DeclaredSet {
  name: string;
  target: "instance" | "tdg";
  countryCode: "US";
  type: "DID";
  count: number;
  release?: string[];
}

interface Step {
  name: string;
  /** Changes the declaration (given the stack's current numbers by set) before the command. */
  declare?: (current: Record<string, Array<{ phoneNumber: string }>>) => DeclaredSet[];
  command: (ws: PulumiWorkspace) => Promise<RunResult>;
  /** The step's churn, given the observation before it: the claims, and the numbers (E.164) it must release. */
  expect: (
    before: Observation,
    current: Record<string, Array<{ phoneNumber: string }>>,
  ) => {
    claims: number;
    releases: string[];
  };
  /** A further check of the step (the preview's text, the numbers' targets): a problem, or undefined. */
  extra?: (run: RunResult, after: Observation) => string | undefined;
}

const sets = (count: number, target: DeclaredSet["target"] = "instance"): DeclaredSet[] =>
  Array.from({ length: SETS }, (_, i) => ({ name: `s${i}`, target, countryCode: "US", type: "DID", count }));

function lifecycle(account: FleetAccount, size: number, tdgArn: string): Step[] {
  const grown = size + Math.ceil(size / 10);
  const shrunk = grown - NAMED;
  const named = (current: Record<string, Array<{ phoneNumber: string }>>, set: string) =>
    (current[set] ?? []).slice(0, NAMED).map((n) => n.phoneNumber);
  const pack = {
    dir: path.join(REPO_ROOT, "policies"),
    config: { "connect-phone-number-churn": { endpoint: account.endpoint, region: account.region } },
  };
  const up = (ws: PulumiWorkspace) => ws.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
  return [
    {
      name: "preview with the pack",
      command: (ws) => ws.preview({ policyPacks: [pack] }),
      expect: () => ({ claims: 0, releases: [] }),
      extra: (run) =>
        run.stdout.includes(`It claims ${NUMBERS} number(s).`)
          ? undefined
          : `the pack's report does not say "It claims ${NUMBERS} number(s)."`,
    },
    { name: "up", command: up, expect: () => ({ claims: NUMBERS, releases: [] }) },
    {
      name: `grow every set ${size} → ${grown}`,
      declare: () => sets(grown),
      command: up,
      expect: () => ({ claims: SETS * (grown - size), releases: [] }),
    },
    {
      name: `shrink every set by ${NAMED} named`,
      declare: (current) => sets(shrunk).map((s) => ({ ...s, release: named(current, s.name) })),
      command: up,
      expect: (_, current) => ({ claims: 0, releases: Object.keys(current).flatMap((set) => named(current, set)) }),
    },
    {
      name: "move every set to the traffic distribution group",
      declare: () => sets(shrunk, "tdg"),
      command: up,
      expect: () => ({ claims: 0, releases: [] }),
      extra: (_, after) => {
        const elsewhere = [...after.held.values()].filter((arn) => arn !== tdgArn).length;
        return elsewhere === 0 ? undefined : `${elsewhere} numbers are not on the traffic distribution group`;
      },
    },
    {
      name: "destroy",
      command: (ws) => ws.destroy(),
      expect: (before) => ({
        claims: 0,
        releases: before.log
          .filter((e) => e.action === "claim" && isHeld(before, e.phoneNumberId))
          .map((e) => e.phoneNumber!),
      }),
    },
  ];
}

const isHeld = (o: Observation, id: string | undefined) => id !== undefined && o.held.has(id);

async function currentNumbers(ws: PulumiWorkspace): Promise<Record<string, Array<{ phoneNumber: string }>>> {
  const out = await ws.pulumi(["stack", "output", "sets", "--json"]);
  return out.code === 0 && out.stdout.trim() ? JSON.parse(out.stdout) : {};
}

/** Runs one step and returns its figures and its mismatches. */
async function runStep(account: FleetAccount, ws: PulumiWorkspace, step: Step) {
  const current = await currentNumbers(ws);
  const before = await observe(account, ws);
  if (step.declare) await ws.setConfig({ sets: JSON.stringify(step.declare(current)) });
  const expected = step.expect(before, current);
  account.counter.reset();
  let run: RunResult | undefined;
  const wallMs = await checked(`${step.name} (${NUMBERS} numbers)`, async () => (run = await step.command(ws)));
  const counts = account.counter.counts();
  const after = await observe(account, ws);
  const { claims, releases } = churnBetween(before, after);
  const broken = invariants(after);
  const released = releases.map((e) => e.phoneNumber!).sort();
  const wrongReleases = [
    ...released.filter((n) => !expected.releases.includes(n)),
    ...expected.releases.filter((n) => !released.includes(n)),
  ];
  // Per number the step concerns: the fleet held before or after it, or (a preview of nothing held) the declared one.
  const numbers = Math.max(before.held.size, after.held.size) || NUMBERS;
  const tag = `${step.name}:`;
  describeCalls(`${step.name} calls`, counts);
  const items = Object.entries(counts.dynamodbByItem).sort(([, a], [, b]) => b - a);
  console.log(`${step.name} DynamoDB by ledger item: ${items.map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`);
  const figures: Figure[] = [
    { name: `${tag} wall time`, value: wallMs / 1000, unit: "s" },
    { name: `  AWS calls per number (of ${numbers})`, value: total(counts.byOperation) / numbers, unit: "calls" },
    { name: `  throttled answers`, value: total(counts.throttled), unit: "429s" },
    { name: `  claims the emulator recorded`, value: claims.length, unit: "", target: `= ${expected.claims}` },
    { name: `  releases`, value: releases.length, unit: "", target: `= ${expected.releases.length}` },
    { name: `  releases not the expected numbers`, value: wrongReleases.length, unit: "", target: "0" },
    { name: `  numbers held = in state`, value: after.held.size, unit: "", target: `= ${after.inState.size}` },
    {
      name: `  leaked (held, in no state) / lost (in state, not held)`,
      value: broken.leaked.length + broken.lost.length,
      unit: "",
      target: "0",
    },
    { name: `  numbers claimed twice (whole run)`, value: broken.claimedTwice, unit: "", target: "0" },
    {
      name: `  ledger window entries = emulator log entries`,
      value: after.window.length,
      unit: "",
      target: `= ${after.log.length}`,
    },
  ];
  const extra = step.extra?.(run!, after);
  const mismatches = [
    claims.length !== expected.claims && `${claims.length} claims, expected ${expected.claims}`,
    wrongReleases.length > 0 &&
      `${releases.length} releases, expected ${expected.releases.length}; differing: ${wrongReleases.slice(0, 20).join(", ")}`,
    broken.leaked.length > 0 &&
      `${broken.leaked.length} numbers held in no state: ${broken.leaked.slice(0, 20).join(", ")}`,
    broken.lost.length > 0 && `${broken.lost.length} numbers in state not held: ${broken.lost.slice(0, 20).join(", ")}`,
    broken.claimedTwice > 0 && `${broken.claimedTwice} numbers claimed twice`,
    broken.uncounted.length > 0 &&
      `${broken.uncounted.length} logged events missing from the ledger's window: ${broken.uncounted.slice(0, 20).join(", ")}`,
    broken.unlogged.length > 0 &&
      `${broken.unlogged.length} ledger window entries the emulator never logged: ${broken.unlogged.slice(0, 20).join(", ")}`,
    extra,
  ].filter((m): m is string => typeof m === "string");
  return { figures, mismatches };
}

export const fleetLifecycle: Benchmark = {
  name: "fleet lifecycle",
  async run() {
    if (NUMBERS % SETS !== 0 || NUMBERS / SETS <= NAMED)
      throw new Error(`FLEET_NUMBERS=${NUMBERS}: give a multiple of ${SETS} over ${SETS * NAMED}`);
    const shape: FleetShape = { kind: "sets", count: NUMBERS, sets: SETS };
    // The quota holds the grown fleet; its churn budget (200%) the whole lifecycle's 2.2 × NUMBERS claims and releases.
    const account = await fleetAccount({ quota: NUMBERS * 2, multiplier: RATE_MULTIPLIER });
    let ws: PulumiWorkspace | undefined;
    const figures: Figure[] = [];
    const started = performance.now();
    try {
      ws = await stackOn(account, shape, true);
      const tdgArn = (await account.emu.control.info()).trafficDistributionGroups[0];
      for (const step of lifecycle(account, NUMBERS / SETS, tdgArn)) {
        const { figures: stepFigures, mismatches } = await runStep(account, ws, step);
        figures.push(...stepFigures);
        for (const f of stepFigures)
          console.log(`fleet lifecycle, ${f.name.trim()}: ${f.value} ${f.unit} ${f.target ?? ""}`);
        if (mismatches.length > 0)
          throw new Error(`fleet lifecycle (${shapeLabel(shape)}), step "${step.name}":\n  ${mismatches.join("\n  ")}`);
      }
    } finally {
      ws?.cleanup();
      await account.stop();
    }
    figures.push({
      name: `whole lifecycle (${shapeLabel(shape)})`,
      value: (performance.now() - started) / 1000,
      unit: "s",
    });
    return figures;
  },
};

import * as fs from "node:fs";
import * as path from "node:path";
import { OWNER_KEY_TAG } from "../core";
import { PulumiWorkspace, REPO_ROOT, RunResult, runProcess } from "../scripts/pulumi-workspace";
import { CallCounts, total } from "./call-counter";
import { CLAIM_RATE, CLIENT_RATE_LIMITS, FleetAccount, RATE_MULTIPLIER, fleetAccount } from "./fleet-env";
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

interface UpRun {
  parallel: string;
  limited: boolean;
  skipCheckpoints: boolean;
  wallMs: number;
  counts: CallCounts;
  claims: number;
  duplicates: number;
  startedAt: number;
}

async function checked(what: string, run: () => Promise<RunResult>): Promise<number> {
  const started = performance.now();
  const result = await run();
  if (result.code !== 0)
    throw new Error(`${what} exited ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return performance.now() - started;
}

async function stackOn(account: FleetAccount, limited: boolean): Promise<PulumiWorkspace> {
  const rateLimits = limited ? CLIENT_RATE_LIMITS : "off";
  const ws = await PulumiWorkspace.create("test/e2e/programs/numbers", {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    CONNECT_NUMBERS_RATE_LIMITS: rateLimits,
    CONNECT_NUMBERS_LEDGER: account.ledger,
  });
  // The emulator's account had no churn before it started: an empty history file says so for the whole window.
  const history = path.join(ws.root, "churn-history.jsonl");
  fs.writeFileSync(history, "");
  const info = await account.emu.control.info();
  const numbers = Array.from({ length: NUMBERS }, (_, i) => ({
    name: `n${i}`,
    target: "instance",
    countryCode: "US",
    type: "DID",
  }));
  await ws.setConfig({
    instanceArn: info.instances[0],
    tdgArn: info.trafficDistributionGroups[0],
    "connect-numbers:endpoint": account.endpoint,
    "connect-numbers:region": account.region,
    "connect-numbers:historyFiles": history,
    "connect-numbers:ledger": account.ledger,
    "connect-numbers:rateLimits": rateLimits,
    numbers: JSON.stringify(numbers),
  });
  return ws;
}

/** Claims the emulator recorded, and how many more than one per declared resource (a number claimed twice, or two numbers for one owner). */
async function claimsOf(account: FleetAccount): Promise<{ claims: number; duplicates: number }> {
  const claims = (await account.emu.control.events()).filter((e) => e.action === "claim");
  const state = await account.emu.control.state();
  const perOwner = new Map<string, number>();
  for (const partition of state.partitions ?? []) {
    for (const n of partition.numbers) {
      const owner = n.tags?.[OWNER_KEY_TAG];
      if (owner) perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
    }
  }
  const extraHeld = [...perOwner.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const distinct = new Set(claims.map((c) => c.phoneNumber)).size;
  return { claims: claims.length, duplicates: Math.max(claims.length - NUMBERS, claims.length - distinct, extraHeld) };
}

async function upOnce(
  parallel: string,
  limited: boolean,
  skipCheckpoints: boolean,
): Promise<{ run: UpRun; account: FleetAccount; ws: PulumiWorkspace }> {
  const account = await fleetAccount({ quota: NUMBERS * 2, rateLimited: limited });
  const ws = await stackOn(account, limited);
  account.counter.reset();
  const startedAt = performance.now();
  const args = [
    "up",
    "--yes",
    "--non-interactive",
    "--skip-preview",
    ...(parallel === "default" ? [] : ["--parallel", parallel]),
  ];
  // PULUMI_SKIP_CHECKPOINTS: the engine writes the state once at the end instead of after every step.
  const env = skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const wallMs = await checked(`pulumi up --parallel ${parallel}`, () => ws.pulumi(args, undefined, env));
  const counts = account.counter.counts();
  const { claims, duplicates } = await claimsOf(account);
  return { run: { parallel, limited, skipCheckpoints, wallMs, counts, claims, duplicates, startedAt }, account, ws };
}

function upFigures(r: UpRun): Figure[] {
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

function describeCalls(label: string, counts: CallCounts): void {
  const ops = Object.entries(counts.byOperation).sort(([a], [b]) => a.localeCompare(b));
  console.log(
    `${label}: ${ops.map(([op, n]) => `${op} ${n}${counts.throttled[op] ? ` (${counts.throttled[op]} throttled)` : ""}`).join(", ") || "no calls"}`,
  );
}

export const fleetUp: Benchmark = {
  name: "fleet up",
  async run() {
    const figures: Figure[] = [];
    let last: { run: UpRun; account: FleetAccount; ws: PulumiWorkspace } | undefined;
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
        describeCalls(
          `up --parallel ${parallel}${limited ? "" : " (no rate limit)"}${skipCheckpoints ? " (PULUMI_SKIP_CHECKPOINTS)" : ""}`,
          last.run.counts,
        );
        figures.push(...upFigures(last.run));
      }
      const { account, ws } = last!;
      // The stack as it stands: previews with the pack, with a trivial pack, and without, on the same rate-limited account.
      // The ledger and the rates reach the pack through CONNECT_NUMBERS_LEDGER and CONNECT_NUMBERS_RATE_LIMITS (the workspace's env).
      const packConfig = { "connect-phone-number-churn": { endpoint: account.endpoint, region: account.region } };
      const pack = { dir: path.join(REPO_ROOT, "policies"), config: packConfig };
      const trivial = { dir: path.join(REPO_ROOT, "test/e2e/policies/smoke"), config: {} };
      await checked("pulumi preview (warm-up)", () => ws.preview());
      const withoutMs = await checked("pulumi preview", () => ws.preview());
      account.counter.reset();
      const trivialMs = await checked("pulumi preview --policy-pack (trivial)", () =>
        ws.preview({ policyPacks: [trivial] }),
      );
      const trivialCalls = account.counter.counts();
      account.counter.reset();
      const packMs = await checked("pulumi preview --policy-pack", () => ws.preview({ policyPacks: [pack] }));
      const packCalls = account.counter.counts();
      // The scheduled job of the README's "teams and CI", an hour later (past CloudTrail's 15-minute delivery lag, which
      // gates re-read): after it, gates read CloudTrail only since the sync.
      await account.emu.control.clock({ advanceMs: 3_600_000 });
      account.counter.reset();
      const cli = path.join(REPO_ROOT, "bin/connect-numbers");
      const syncMs = await checked("connect-numbers ledger sync", () =>
        runProcess(cli, [
          "ledger",
          "sync",
          "--ledger",
          account.ledger,
          "--endpoint",
          account.endpoint,
          "--region",
          account.region,
          "--rate-limits",
          CLIENT_RATE_LIMITS,
        ]),
      );
      describeCalls(`ledger sync (${Math.round(syncMs / 1000)} s)`, account.counter.counts());
      account.counter.reset();
      const syncedMs = await checked("pulumi preview --policy-pack (after ledger sync)", () =>
        ws.preview({ policyPacks: [pack] }),
      );
      const syncedCalls = account.counter.counts();
      describeCalls("preview with the trivial pack", trivialCalls);
      describeCalls("preview with the pack", packCalls);
      describeCalls("preview with the pack after ledger sync", syncedCalls);
      figures.push(
        {
          name: `preview --policy-pack, ${NUMBERS} numbers, right after the up: AWS calls`,
          value: total(packCalls.byOperation),
          unit: "calls",
          target: "<= 10",
        },
        {
          name: `preview --policy-pack, ${NUMBERS} numbers, right after the up`,
          value: packMs / 1000,
          unit: "s",
          target: "<= 1.05x trivial pack",
          baseline: trivialMs / 1000,
        },
        {
          name: `preview --policy-pack an hour later, after \`ledger sync\`: AWS calls`,
          value: total(syncedCalls.byOperation),
          unit: "calls",
          target: "<= 10",
        },
        {
          name: `preview --policy-pack an hour later, after \`ledger sync\``,
          value: syncedMs / 1000,
          unit: "s",
          target: "<= 1.05x trivial pack",
          baseline: trivialMs / 1000,
        },
        {
          name: `preview with a trivial pack (one stack policy, no I/O)`,
          value: trivialMs / 1000,
          unit: "s",
          baseline: withoutMs / 1000,
        },
        { name: `preview without a pack`, value: withoutMs / 1000, unit: "s" },
      );
      return figures;
    } finally {
      if (last) {
        last.ws.cleanup();
        await last.account.stop();
      }
    }
  },
};

import * as fs from "node:fs";
import * as path from "node:path";
import { OWNER_KEY_TAG } from "../core";
import { emulatorStackConfig } from "../scripts/fixture-stack";
import { PulumiWorkspace, RunResult } from "../scripts/pulumi-workspace";
import { CallCounts, total } from "./call-counter";
import { CpuReading, cpuMeter, describeCpu } from "./cpu-meter";
import { Role, processCpuSampler } from "./process-cpu";
import { FleetAccount, clientRateLimits } from "./fleet-env";

/**
 * A fleet stack the fleet benchmarks deploy through the real Pulumi CLI: `count` searched US DIDs on the emulator's
 * instance, as that many `PhoneNumber`s (test/e2e/programs/numbers) or as `sets` `PhoneNumberSet`s of `count / sets`
 * each (test/e2e/programs/sets).
 */
export type FleetShape = { kind: "singles"; count: number } | { kind: "sets"; count: number; sets: number };

export const shapeLabel = (s: FleetShape) =>
  s.kind === "singles" ? `${s.count} PhoneNumbers` : `${s.sets} PhoneNumberSets of ${s.count / s.sets}`;

export async function checked(what: string, run: () => Promise<RunResult>): Promise<number> {
  const started = performance.now();
  const result = await run();
  if (result.code !== 0)
    throw new Error(`${what} exited ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return performance.now() - started;
}

export async function stackOn(account: FleetAccount, shape: FleetShape, limited: boolean): Promise<PulumiWorkspace> {
  const rateLimits = limited ? clientRateLimits(account.multiplier) : "off";
  const program = shape.kind === "singles" ? "test/e2e/programs/numbers" : "test/e2e/programs/sets";
  const ws = await PulumiWorkspace.create(program, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    CONNECT_NUMBERS_RATE_LIMITS: rateLimits,
    CONNECT_NUMBERS_LEDGER: account.ledger,
  });
  // The emulator's account had no churn before it started: an empty history file says so for the whole window.
  const history = path.join(ws.root, "churn-history.jsonl");
  fs.writeFileSync(history, "");
  const info = await account.emu.control.info();
  const what = { target: "instance", countryCode: "US", type: "DID" };
  const declared: Record<string, string> =
    shape.kind === "singles"
      ? { numbers: JSON.stringify(Array.from({ length: shape.count }, (_, i) => ({ name: `n${i}`, ...what }))) }
      : {
          sets: JSON.stringify(
            Array.from({ length: shape.sets }, (_, i) => ({ name: `s${i}`, ...what, count: shape.count / shape.sets })),
          ),
        };
  await ws.setConfig({
    ...emulatorStackConfig(info, account),
    "connect-numbers:historyFiles": history,
    "connect-numbers:ledger": account.ledger,
    "connect-numbers:rateLimits": rateLimits,
    ...declared,
  });
  return ws;
}

/**
 * Claims the emulator recorded, and how many more than the declaration asked for: a number claimed twice, more
 * claims than numbers declared, or an owner (one resource) holding more numbers than it declares.
 */
export async function claimsOf(
  account: FleetAccount,
  shape: FleetShape,
): Promise<{ claims: number; duplicates: number }> {
  const perResource = shape.kind === "singles" ? 1 : shape.count / shape.sets;
  const claims = (await account.emu.control.events()).filter((e) => e.action === "claim");
  const state = await account.emu.control.state();
  const perOwner = new Map<string, number>();
  for (const partition of state.partitions ?? []) {
    for (const n of partition.numbers) {
      const owner = n.tags?.[OWNER_KEY_TAG];
      if (owner) perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
    }
  }
  const extraHeld = [...perOwner.values()].reduce((sum, n) => sum + Math.max(0, n - perResource), 0);
  const distinct = new Set(claims.map((c) => c.phoneNumber)).size;
  return {
    claims: claims.length,
    duplicates: Math.max(claims.length - shape.count, claims.length - distinct, extraHeld),
  };
}

export interface UpRun {
  wallMs: number;
  counts: CallCounts;
  claims: number;
  duplicates: number;
  startedAt: number;
  cpu: CpuReading;
  /** CPU ms by role (process-cpu.ts): the engine, the program, our provider, the emulator. */
  roles: Record<Role, number>;
}

/** `pulumi up --skip-preview` of the stack, with its AWS calls, claims and CPU. */
export async function measuredUp(
  account: FleetAccount,
  ws: PulumiWorkspace,
  shape: FleetShape,
  options: { parallel?: string; skipCheckpoints?: boolean } = {},
): Promise<UpRun> {
  account.counter.reset();
  const args = ["up", "--yes", "--non-interactive", "--skip-preview"];
  if (options.parallel && options.parallel !== "default") args.push("--parallel", options.parallel);
  // PULUMI_SKIP_CHECKPOINTS: the engine writes the state once at the end instead of after every step.
  const env = options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const startedAt = performance.now();
  const meter = cpuMeter();
  const sampler = processCpuSampler();
  const wallMs = await checked(`pulumi up (${shapeLabel(shape)})`, () => ws.pulumi(args, undefined, env));
  const roles = sampler();
  const cpu = meter();
  const counts = account.counter.counts();
  return { wallMs, counts, ...(await claimsOf(account, shape)), startedAt, cpu, roles };
}

/** Start → first claim, first → last claim, last claim → exit, in ms (undefined when nothing was claimed). */
export function phasesOf(r: UpRun): { toFirst: number; claiming: number; afterLast: number } | undefined {
  const claim = r.counts.span["connect:ClaimPhoneNumber"];
  if (!claim) return undefined;
  return {
    toFirst: claim.first - r.startedAt,
    claiming: claim.last - claim.first,
    afterLast: r.startedAt + r.wallMs - claim.last,
  };
}

export function describeCalls(label: string, counts: CallCounts): void {
  const ops = Object.entries(counts.byOperation).sort(([a], [b]) => a.localeCompare(b));
  console.log(
    `${label}: ${ops.map(([op, n]) => `${op} ${n}${counts.throttled[op] ? ` (${counts.throttled[op]} throttled)` : ""}`).join(", ") || "no calls"}`,
  );
}

export function describeUp(label: string, r: UpRun): void {
  const p = phasesOf(r);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `${label}: ${s(r.wallMs)} (${describeCpu(r.cpu)})` +
      (p ? `; start → first claim ${s(p.toFirst)}, claims ${s(p.claiming)}, last claim → exit ${s(p.afterLast)}` : ""),
  );
  const roles = Object.entries(r.roles).map(([role, ms]) => `${role} ${(ms / 1000).toFixed(1)} s`);
  console.log(`${label} CPU by role: ${roles.join(", ")}`);
  describeCalls(`${label} calls`, r.counts);
  const items = Object.entries(r.counts.dynamodbByItem).sort(([, a], [, b]) => b - a);
  console.log(`${label} DynamoDB by ledger item: ${items.map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`);
}

/** AWS calls per number of one service (or of all, no service). */
export const perNumber = (r: UpRun, shape: FleetShape, service?: string) =>
  total(r.counts.byOperation, service) / shape.count;

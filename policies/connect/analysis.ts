import type { PolicyResource } from "@pulumi/policy";
import { ChurnHistory, HistoryCoverage, Verdict, WavePlan, budgetOf, defaultRule, evaluate, instanceCapacities, planWaves, stackKey, targetKey } from "../../core";
import { AccountReadError, RegionReader, regionReader } from "../account";
import { CertainOverrun, certainOverrun } from "./certain-overrun";
import { InstanceOverrun, instanceOverruns, placeClaims } from "./capacity";
import { DeclaredNumber, declaredNumbers, stackOf } from "./declared";
import { DerivedPlan, StackNumber, derivePlan } from "./derive";
import { PackConfigError } from "../errors";
import { programDirectory, resolveFromProgram } from "../program-dir";
import { PackSettings } from "../settings";

/** The budget side of one region: what the window holds, the verdict, and the per-instance quota check. */
export interface RegionBudget {
  region: string;
  verdict: Verdict;
  waves: WavePlan;
  coverage: HistoryCoverage;
  quotaSource: string;
  /** The window is already over the limit before this plan. */
  overBefore: boolean;
  /** When the window next has room for one claim or release (null: never at this rule). */
  roomAt: number | null;
  overruns: InstanceOverrun[];
  /** Claims that could not be placed on an instance (TDG, unknown or instanceId-only target). */
  unplaced: string[];
}

/** An unreadable region may still have a certain verdict: the plan alone over the whole budget (certain-overrun.ts). */
export type BudgetRead = { ok: true; budget: RegionBudget } | { ok: false; region: string; error: AccountReadError; certain?: CertainOverrun };

export type Analysis =
  | {
      ok: true;
      stack: string;
      declared: DeclaredNumber[];
      plan: DerivedPlan;
      regions: string[];
      /** How the numbers were found, per region. */
      inventory: string[];
      now: number;
      /** Present when the policy asked for the budget. */
      budgets?: BudgetRead[];
    }
  | { ok: false; error: Error };

/**
 * Reads the account and judges the plan for one policy. Every policy calls this with its own settings; reads the
 * policies share (same region, endpoint and arguments) are made once per analyzer process (account.ts), and
 * everything derived from them is computed here, per call, so no policy depends on another having run.
 */
export async function analyze(resources: readonly PolicyResource[], settings: PackSettings, needs: { budget: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<Analysis> {
  try {
    const stack = stackOf(resources);
    if (!stack) throw new Error("the stack has no resources to read its project and stack from");
    const declared = declaredNumbers(resources);
    const regions = regionsToRead(settings, declared, env);
    const readers = regions.map((region) => regionReader({ region, endpoint: settings.endpoint, ledger: settings.ledger, ledgerCwd: programDir() }));
    const reads = await Promise.all(readers.map((r) => r.stackNumbers(stackKey(stack.project, stack.stack))));
    const owned: StackNumber[] = reads.flatMap((r) => r.numbers);
    const now = Math.max(...reads.map((r) => r.now));
    const plan = derivePlan(declared, owned, regions[0]);
    const inventory = reads.map((r, i) => `${regions[i]}: ${r.description}`);
    const budgets = needs.budget ? await Promise.all(readers.map((r) => regionBudget(r, plan, declared, settings, now))) : undefined;
    return { ok: true, stack: stackKey(stack.project, stack.stack), declared, plan, regions, inventory, now, budgets };
  } catch (err) {
    if (err instanceof PackConfigError) throw err;
    return { ok: false, error: err as Error };
  }
}

/**
 * The regions whose numbers this stack may hold: the configured one (or the AWS environment's), any listed in
 * `regions`, and every region a declared number names. A region where the stack holds numbers but declares none
 * any more is seen only when configured: the coverage line says which regions were read.
 */
export function regionsToRead(settings: PackSettings, declared: readonly DeclaredNumber[], env: NodeJS.ProcessEnv): string[] {
  const configured = settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const all = [configured, ...settings.regions, ...declared.map((d) => d.wanted.region)].filter((r): r is string => r !== undefined && r !== "");
  const regions = [...new Set(all)];
  if (regions.length === 0) {
    throw new PackConfigError("no AWS region to read: set region in the policy config, connect-numbers:region in the stack config, or AWS_REGION");
  }
  return regions;
}

async function regionBudget(reader: RegionReader, plan: DerivedPlan, declared: readonly DeclaredNumber[], settings: PackSettings, now: number): Promise<BudgetRead> {
  const region = reader.connection.region;
  const operations = plan.operations.filter((op) => op.region === region);
  try {
    const placed = placeClaims(operations, declared);
    const arns = [...placed.instances.values()];
    const files = settings.historyFiles.map((f) => resolveFromProgram(f, programDir));
    const history = await reader.history(files, settings.cloudTrail, settings.windowDays, now);
    const instanceQuotas = new Map<string, number>();
    if (settings.quota === undefined) {
      await Promise.all(arns.map(async (arn) => instanceQuotas.set(arn, await reader.quota(arn))));
    }
    // The churn budget is 200% of "the phone number service level quota": the smallest quota of the instances this
    // plan claims into, else the account's default (we assume the budget is per account and region: README).
    const quota = settings.quota ?? (instanceQuotas.size > 0 ? Math.min(...instanceQuotas.values()) : await reader.quota());
    const quotaSource = settings.quota !== undefined ? (settings.origin.quota ?? "config") : instanceQuotas.size > 0 ? "Service Quotas L-8F812903 per instance" : "Service Quotas L-8F812903";
    const active = arns.length > 0 ? await reader.activeOn(arns) : new Map<string, number>();
    const held = Object.fromEntries(arns.map((arn) => [targetKey(arn)!, active.get(arn) ?? 0]));
    // The instances the plan claims into by ARN, each with its own quota and held count (core/capacity.ts).
    const capacities = instanceCapacities([], held, (key) => settings.quota ?? instanceQuotas.get(placed.instances.get(key)!) ?? quota);
    const rule = defaultRule({ quota, windowDays: settings.windowDays, ratioPercent: settings.ratioPercent, reservePercent: settings.reservePercent });
    const churn = ChurnHistory.build(history.events);
    // The churn verdict here is the churn budget alone: each instance's capacity is its own violation (overruns).
    const input = { history: churn, plan: { operations: placed.operations }, rule, now };
    const verdict = evaluate(input);
    const { limit, windowMs } = budgetOf(rule);
    return {
      ok: true,
      budget: {
        region,
        verdict,
        waves: planWaves({ ...input, capacities, atomicPairs: true }),
        coverage: history.coverage,
        quotaSource,
        overBefore: verdict.used > limit,
        roomAt: churn.earliestWithAtMost(limit - 1, now, windowMs),
        overruns: instanceOverruns(placed, capacities),
        unplaced: placed.unplaced,
      },
    };
  } catch (err) {
    if (err instanceof AccountReadError) return { ok: false, region, error: err, certain: await certainOverrun(region, operations, settings, now, err, () => reader.quota()) };
    throw err;
  }
}

let foundProgramDir: { dir: string | undefined } | undefined;
function programDir(): string | undefined {
  foundProgramDir ??= { dir: programDirectory() };
  return foundProgramDir.dir;
}

import type { PolicyResource } from "@pulumi/policy";
import { ChurnHistory, Verdict, WavePlan, defaultRule, evaluate, parseTargetArn, planWaves } from "../core";
import { AwsSettings } from "../aws/clients";
import { createSession } from "../aws/session";
import { ChurnPolicyConfig } from "./config";
import { DeclaredNumber, declaredNumbers, stackOf } from "./declared";
import { DerivedPlan, derivePlan } from "./derive";
import { LiveAccount, readLiveAccount } from "./live";

export type Analysis =
  | { ok: true; config: ChurnPolicyConfig; declared: DeclaredNumber[]; derived: DerivedPlan; live: LiveAccount; verdict: Verdict; waves: WavePlan }
  | { ok: false; config: ChurnPolicyConfig; error: Error };

/**
 * One analysis per preview, shared by the pack's policies: the churn policy runs first and computes it, the
 * rename and unverified policies read it (the SDK calls the stack policies in order, with the same resources).
 */
const latest = new Map<string, Analysis>();

function resourcesKey(resources: PolicyResource[]): string {
  return resources.map((r) => r.urn).join("\n");
}

export function cachedAnalysis(resources: PolicyResource[]): Analysis | undefined {
  return latest.get(resourcesKey(resources));
}

export async function analyze(resources: PolicyResource[], config: ChurnPolicyConfig): Promise<Analysis> {
  const key = resourcesKey(resources);
  let analysis: Analysis;
  try {
    analysis = await run(resources, config);
  } catch (err) {
    analysis = { ok: false, config, error: err as Error };
  }
  latest.clear();
  latest.set(key, analysis);
  return analysis;
}

async function run(resources: PolicyResource[], config: ChurnPolicyConfig): Promise<Analysis> {
  const stack = stackOf(resources);
  if (!stack) throw new Error("the stack has no resources to read its name from");
  const declared = declaredNumbers(resources);
  const aws = createSession(connection(config, declared));
  try {
    const live = await readLiveAccount(aws, config, stack);
    const derived = derivePlan(declared, live.owned, stack);
    const rule = defaultRule({ quota: live.quota, windowDays: config.windowDays, ratioPercent: config.ratioPercent, reservePercent: config.reservePercent });
    const history = ChurnHistory.build(live.events);
    const plan = { operations: derived.operations };
    const verdict = evaluate({ history, plan, rule, now: live.now, activeNumbers: live.activeNumbers });
    const waves = planWaves({ history, plan, rule, now: live.now, activeNumbers: live.activeNumbers, atomicPairs: true });
    return { ok: true, config, declared, derived, live, verdict, waves };
  } finally {
    aws.destroy();
  }
}

/**
 * Policy config, else the stack's connect-numbers config (the engine passes it when a language host runs the
 * pack), else the AWS environment, else the region of the numbers' own targets.
 */
function connection(config: ChurnPolicyConfig, declared: DeclaredNumber[]): AwsSettings {
  const stackConfig = parseStackConfig(process.env.PULUMI_CONFIG);
  const targetRegion = declared.map((d) => (d.targetArn ? parseTargetArn(d.targetArn)?.region : undefined)).find((r) => r !== undefined);
  const region = config.region ?? stackConfig["connect-numbers:region"] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? targetRegion;
  return { region, endpoint: config.endpoint ?? stackConfig["connect-numbers:endpoint"] };
}

function parseStackConfig(text: string | undefined): Record<string, string | undefined> {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return {};
  }
}

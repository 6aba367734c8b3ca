import type { PolicyResource } from "@pulumi/policy";
import { stackKey } from "../../core";
import { declaredNumbers, stackOf } from "../connect/declared";
import { stackState } from "../connect/analysis";
import { holderName } from "../connect/derive";
import { pendingOfState } from "../connect/stack-state";
import { regionOrEnv } from "../../aws/clients";
import { PackConfigError } from "../errors";
import { PackSettings } from "../settings";
import { DeclaredSms, declaredSmsNumbers } from "./declared";
import { smsConnection, smsNumbersSource } from "./inventory";
import { SmsPlan, deriveSmsPlan } from "./plan";

export class SmsReadError extends Error {
  constructor(
    readonly region: string,
    cause: unknown,
  ) {
    super(
      `SMS numbers (${region}): ${cause instanceof Error ? cause.message : String(cause)}. Grant sms-voice:DescribePhoneNumbers and ` +
        `sms-voice:ListTagsForResource, or, for an account that holds no SMS numbers, set smsNumbers: "declared" in the policy config`,
    );
    this.name = "SmsReadError";
  }
}

export type SmsAnalysis =
  | {
      ok: true;
      declared: DeclaredSms[];
      plan: SmsPlan;
      regions: string[];
      /** How the numbers were found, per region. */
      inventory: string[];
      /** What the pack cannot tell of second numbers when the stack's state could not be read. */
      pendingUnseen: string[];
    }
  | { ok: false; error: Error };

/**
 * The stack's SMS origination numbers: what the plan releases (and whether AWS would refuse), requests and hands
 * over. Read on every analysis (smsNumbers "always", the default), or with smsNumbers "declared" only when the program
 * declares an SMS number; in every region the Connect side reads plus every region a declared SMS number names. Reads are
 * shared by every policy of the analyzer process (sms-inventory.ts, one listing per region); the plan is derived
 * per call. CrossGuard shows no deletes: a plan that removes the stack's last SMS number declares none, and is seen
 * only with smsNumbers "always" (and by `connect-numbers check` on `pulumi preview --json`).
 */
export async function analyzeSms(
  resources: readonly PolicyResource[],
  settings: PackSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SmsAnalysis> {
  try {
    const stack = stackOf(resources);
    const declared = declaredSmsNumbers(resources);
    if (declared.length === 0 && settings.smsNumbers !== "always")
      return {
        ok: true,
        declared,
        plan: { releases: [], requests: [], leftBehind: [] },
        regions: [],
        inventory: [],
        pendingUnseen: [],
      };
    const regions = smsRegions(settings, resources, declared, env);
    const knownHeld = new Set(declared.flatMap((d) => (d.holds !== undefined ? [d.holds] : [])));
    const reads = await Promise.all(
      regions.map(async (region) => {
        try {
          return await smsNumbersSource(smsConnection(region, settings.endpoint, env)).read(knownHeld);
        } catch (err) {
          throw new SmsReadError(region, err);
        }
      }),
    );
    const listed = reads.flatMap((r) => r.numbers);
    const key = stackKey(stack.project, stack.stack);
    let plan = deriveSmsPlan(declared, listed, key);
    // A declared resource's second number may be an old instance pending delete: the state, read once, tells.
    const state = plan.leftBehind.length > 0 ? stackState() : undefined;
    const { pending, unseen } = pendingOfState(state, plan.leftBehind, (n) => holderName(n.owner!));
    if (pending.length > 0) plan = deriveSmsPlan(declared, listed, key, pending);
    return {
      ok: true,
      declared,
      plan,
      regions,
      inventory: reads.map((r) => r.description),
      pendingUnseen: unseen,
    };
  } catch (err) {
    if (err instanceof PackConfigError) throw err;
    return { ok: false, error: err as Error };
  }
}

/** The configured region (or the AWS environment's), `regions`, and every region a declared number names. */
function smsRegions(
  settings: PackSettings,
  resources: readonly PolicyResource[],
  declared: readonly DeclaredSms[],
  env: NodeJS.ProcessEnv,
): string[] {
  const configured = regionOrEnv(settings.region, env);
  const all = [
    configured,
    ...settings.regions,
    ...declaredNumbers(resources).map((d) => d.wanted.region),
    ...declared.map((d) => d.wanted?.region),
  ];
  const regions = [...new Set(all.filter((r): r is string => r !== undefined && r !== ""))];
  if (regions.length === 0) {
    throw new PackConfigError(
      "no AWS region to read: set region in the policy config, connect-numbers:region in the stack config, or AWS_REGION",
    );
  }
  return regions;
}

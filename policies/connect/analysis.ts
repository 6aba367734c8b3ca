import type { PolicyResource } from "@pulumi/policy";
import {
  ChurnHistory,
  claimsByTarget,
  DeferredGrowth,
  deferFittingGrowth,
  growByFitsOptions,
  ConnectDeleteRefusal,
  DeclaredElsewhere,
  budgetOf,
  evaluate,
  instanceCapacities,
  planWaves,
  declaredElsewhereBlock,
  keptForJudgement,
  keptForResource,
  connectDeleteRefusal,
  otherAccountCredentials,
  ownerKey,
  planAccount,
  placesOfArns,
  quotaAboveAccountSentence,
  stackKey,
} from "../../core";
import { AccountReadError, RegionReader, quotaOfTarget, readWindow, regionReader } from "../../account";
import { CertainOverrun, certainOverrun } from "./certain-overrun";
import { ClaimTarget, InstanceOverrun, instanceOverruns, placeClaims } from "./capacity";
import { DeclaredNumber, declaredNumbers, stackOf } from "./declared";
import { DerivedPlan, derivePlan, holderName } from "./derive";
import { Release, StackNumber } from "./plan-types";
import { regionOrEnv } from "../../aws/clients";
import { PackConfigError } from "../errors";
import { programDirectory, resolveFromProgram } from "../program-dir";
import { PackBudget } from "../../report/pack";
import { PackSettings } from "../settings";
import { declaredSets } from "./sets";
import { ForeignHolders, StackState, foreignHolders, pendingOfState, readStackState } from "./stack-state";
import type { PendingNumberDelete } from "../../account/stack-export";
import { readBoolean } from "../props";

/** The budget side of one region as report/pack/budget.ts words it, with the per-instance quota check. */
export interface RegionBudget extends PackBudget {
  overruns: InstanceOverrun[];
  unplaced: string[];
  /** Sets growing by what fits (growBy "fits"): the claims that wait for a later up, and when they can come. */
  deferred: DeferredGrowth[];
  /** Sets growing whole the budget or their instance cannot take now: what growBy "fits" would claim now, and when. */
  growByFits: DeferredGrowth[];
}

/** An unreadable region may still have a certain verdict: the plan alone over the whole budget (certain-overrun.ts). */
export type BudgetRead =
  { ok: true; budget: RegionBudget } | { ok: false; region: string; error: AccountReadError; certain?: CertainOverrun };

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
      /** Releases the provider refuses by their kept-for mark (core/connect/kept-for.ts), allowReleases applied. */
      keptFor: { release: Release; refusal: ConnectDeleteRefusal }[];
      /** The allowReleases entries that name a kept number's release (used, though only the stack's pass it). */
      keptForNamed: string[];
      /** Removed pulumi-aws / aws-native resources whose delete releases a number an adopting resource holds. */
      declaredElsewhere: DeclaredElsewhere[];
      /** Old instances pending delete whose delete the provider refuses (deletionProtection): the up stops there. */
      pendingRefusals: ConnectDeleteRefusal[];
      /** Second numbers of declared resources the unread state might hold pending delete: what the pack cannot tell. */
      pendingUnseen: string[];
    }
  | { ok: false; error: Error };

/**
 * Reads the account and judges the plan for one policy. Every policy calls this with its own settings; reads the
 * policies share (same region, endpoint and arguments) are made once per analyzer process (account.ts), and
 * everything derived from them is computed here, per call, so no policy depends on another having run.
 */
export async function analyze(
  resources: readonly PolicyResource[],
  settings: PackSettings,
  needs: { budget: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Analysis> {
  try {
    const stack = stackOf(resources);
    const declared = declaredNumbers(resources);
    const sets = declaredSets(resources);
    const regions = regionsToRead(
      settings,
      [...declared.map((d) => d.wanted.region), ...sets.map((x) => x.facts.region)],
      env,
    );
    const readers = regions.map((region) =>
      regionReader({ region, endpoint: settings.endpoint, ledger: settings.ledger, ledgerCwd: programDir() }),
    );
    await refuseOtherAccount(readers[0], [...declared.map((d) => d.target), ...sets.map((x) => x.facts.target)]);
    const reads = await Promise.all(readers.map((r) => r.stackNumbers(stackKey(stack.project, stack.stack))));
    const owned: StackNumber[] = reads.flatMap((r) => r.numbers);
    const now = Math.max(...reads.map((r) => r.now));
    let plan = derivePlan(declared, owned, regions[0], { sets });
    const adopted = heldByAdoptions(declared, owned);
    // The stack's state, read once and only for an adoption: of a number no resource of ours holds (a removed
    // pulumi-aws / aws-native holder releases it, or lets it go), or of one ours holds (its old holder's delete);
    // or for a resource holding a second number, which may be an old instance pending delete (the next up releases it).
    const state =
      plan.adoptions.length > 0 || adopted.size > 0 || plan.leftBehind.length > 0 ? stackState() : undefined;
    const foreign = state?.ok ? foreignHolders(state.numbers, resources) : undefined;
    const { pending, unseen } = pendingOfState(state, plan.leftBehind, (n) => holderName(n.owner));
    if ((foreign && plan.adoptions.length > 0) || pending.length > 0)
      plan = derivePlan(declared, owned, regions[0], {
        sets,
        ...(foreign && plan.adoptions.length > 0 ? { stateRead: foreign } : {}),
        pending,
      });
    const inventory = reads.map((r, i) => `${regions[i]}: ${r.description}`);
    // A set's claims land on its target like a single number's (capacity.ts reads urn and target only).
    const targets = [...declared, ...sets.map((x) => ({ urn: x.urn, target: x.facts.target }))];
    const budgets = needs.budget
      ? await Promise.all(readers.map((r) => regionBudget(r, plan, targets, settings, now)))
      : undefined;
    const keptFor = await keptForRefusals(plan.releases, resources, readers, regions, settings);
    const declaredElsewhere = foreign ? foreignDeletesOfAdopted(adopted, foreign) : [];
    const pendingRefusals = refusedPendingDeletes(plan.releases, pending, resources);
    return {
      ok: true,
      stack: stackKey(stack.project, stack.stack),
      declared,
      plan,
      regions,
      keptForNamed: keptFor.named,
      inventory,
      now,
      budgets,
      keptFor: keptFor.refusals,
      declaredElsewhere,
      pendingRefusals,
      pendingUnseen: unseen,
    };
  } catch (err) {
    if (err instanceof PackConfigError) throw err;
    return { ok: false, error: err as Error };
  }
}

/**
 * Credentials of another account than the one the declared targets' ARNs name would judge this plan by that account's
 * history, quota and numbers: refused before any read, in core's words, whatever failClosed says (a configuration
 * the pack refuses, as a config typo). Nothing to compare when the ARNs name no account, or several.
 */
async function refuseOtherAccount(reader: RegionReader, targets: ReadonlyArray<string | undefined>): Promise<void> {
  const named = planAccount(placesOfArns(targets), undefined);
  if (named.kind !== "known") return;
  const other = otherAccountCredentials(
    { account: named.accountId, namedBy: "its ARNs name it" },
    await reader.credentialsAccount(),
  );
  if (other !== undefined) throw new PackConfigError(other);
}

/** The numbers the declared adopting resources already hold, by id. */
function heldByAdoptions(declared: readonly DeclaredNumber[], owned: readonly StackNumber[]): Map<string, StackNumber> {
  const adopting = new Set(
    declared.filter((d) => d.kind === "connect-numbers" && d.wanted.mode === "adopt").map((d) => ownerKey(d.urn)),
  );
  return new Map(owned.filter((n) => adopting.has(n.owner.key)).map((n) => [n.phoneNumberId, n]));
}

/**
 * A migration whose first step was skipped, within one stack: a connect-numbers resource adopted a number while a
 * pulumi-aws or aws-native resource of the stack held it, and this plan removes that one without retainOnDelete. Its
 * delete is not shown to CrossGuard: the stack's state is. Another stack's or Terraform's delete is out of the pack's
 * sight (`check` on that plan sees it).
 */
function foreignDeletesOfAdopted(held: ReadonlyMap<string, StackNumber>, foreign: ForeignHolders): DeclaredElsewhere[] {
  return foreign.releasing.flatMap((released) => {
    const block = declaredElsewhereBlock({
      released,
      holder: held.get(released.phoneNumberId ?? "")?.owner,
      removed: [],
    });
    return block ? [block] : [];
  });
}

/**
 * The pending deletes the provider refuses, by core's rule as `check` applies it to the plan's steps: the old
 * instance's deletionProtection, unless the resource, still declared, lifts it in this change.
 */
function refusedPendingDeletes(
  releases: readonly Release[],
  pending: readonly PendingNumberDelete[],
  resources: readonly PolicyResource[],
): ConnectDeleteRefusal[] {
  return releases.flatMap((r) => {
    const old = r.reason === "pending-delete" ? pending.find((p) => p.phoneNumberId === r.phoneNumberId) : undefined;
    if (!old) return [];
    const now = resources.find((x) => x.urn === r.resource);
    const refusal = connectDeleteRefusal({
      name: now?.name ?? r.resource,
      phoneNumber: r.phoneNumber,
      deletionProtection: old.deletionProtection,
      replacedWith: now ? { deletionProtection: protectionOf(now) } : undefined,
    });
    return refusal ? [refusal] : [];
  });
}

/** A declared resource's deletionProtection; unknown at preview is taken as kept: the refusal is said. */
function protectionOf(r: PolicyResource): unknown {
  const read = readBoolean(r.props, "deletionProtection");
  return read.known ? read.value : true;
}

/** The marks come from one GetResources by the tag key per region the plan releases in, read only when it releases. */
async function keptForRefusals(
  releases: readonly Release[],
  resources: readonly PolicyResource[],
  readers: readonly RegionReader[],
  regions: readonly string[],
  settings: Pick<PackSettings, "allowReleases" | "stackAllowReleases">,
): Promise<{ refusals: { release: Release; refusal: ConnectDeleteRefusal }[]; named: string[] }> {
  const refusals: { release: Release; refusal: ConnectDeleteRefusal }[] = [];
  const named = new Set<string>();
  const urns = resources.map((r) => r.urn);
  for (const release of releases) {
    const reader = readers[regions.indexOf(release.region)];
    if (!reader) continue;
    const mark = (await reader.keptForMarks()).get(release.phoneNumberId);
    const kept = {
      released: release,
      keptFor: keptForResource(mark, urns),
      allowed: settings.stackAllowReleases,
      own: {
        entries: settings.allowReleases,
        spelled: (e: string) => `allowReleases ${JSON.stringify(e)} (policy config)`,
      },
      mark,
    };
    const { entry, refusal } = keptForJudgement(kept);
    if (entry !== undefined) named.add(entry);
    if (refusal) refusals.push({ release, refusal });
  }
  return { refusals, named: [...named] };
}

/**
 * The regions whose numbers this stack may hold: the configured one (or the AWS environment's), any listed in
 * `regions`, and every region a declared number names. A region where the stack holds numbers but declares none
 * any more is seen only when configured: the coverage line says which regions were read.
 */
export function regionsToRead(
  settings: PackSettings,
  declaredRegions: ReadonlyArray<string | undefined>,
  env: NodeJS.ProcessEnv,
): string[] {
  const configured = regionOrEnv(settings.region, env);
  const all = [configured, ...settings.regions, ...declaredRegions].filter(
    (r): r is string => r !== undefined && r !== "",
  );
  const regions = [...new Set(all)];
  if (regions.length === 0) {
    throw new PackConfigError(
      "no AWS region to read: set region in the policy config, connect-numbers:region in the stack config, or AWS_REGION",
    );
  }
  return regions;
}

async function regionBudget(
  reader: RegionReader,
  plan: DerivedPlan,
  declared: ReadonlyArray<ClaimTarget>,
  settings: PackSettings,
  now: number,
): Promise<BudgetRead> {
  const region = reader.connection.region;
  const operations = plan.operations.filter((op) => op.region === region);
  const moves = plan.moves.filter((m) => m.region === region);
  try {
    const placing = placeClaims(operations, declared, moves);
    const arns = [...placing.instances.values()];
    const files = settings.historyFiles.map((f) => resolveFromProgram(f, programDir));
    const window = await readWindow(
      reader,
      { ...settings, quotaOrigin: settings.origin.quota, historyFiles: files },
      now,
      // The instances the plan claims into by ARN, each with its own quota and held count (core/capacity.ts).
      { read: "account", instances: arns, claims: claimsByTarget(placing.operations, moves) },
    );
    const { rule, history } = window;
    const capacities = instanceCapacities([], window.capacity.held ?? {}, quotaOfTarget(window.capacity));
    const churn = ChurnHistory.build(history.events);
    // A set growing by what fits claims now only what its instance and the window have room for (core/set-growth.ts).
    const all = placeClaims(operations, declared, moves);
    const grown = deferFittingGrowth({
      history: churn,
      plan: { operations: all.operations, moves },
      rule,
      now,
      capacities,
    });
    const placed = { ...all, operations: grown.plan.operations as typeof operations };
    // The churn verdict here is the churn budget alone: each instance's capacity is its own violation (overruns).
    const input = { history: churn, plan: { operations: placed.operations }, rule, now };
    const verdict = evaluate(input);
    const { limit, windowMs } = budgetOf(rule);
    return {
      ok: true,
      budget: {
        region,
        ledger: reader.ledgerName(),
        verdict,
        // The schedule keeps the whole growth: what waits comes in the later waves.
        waves: planWaves({
          ...input,
          plan: { operations: all.operations, moves },
          capacities,
          atomicPairs: true,
        }),
        coverage: history.coverage,
        quotaSource: window.quotaSource,
        overBefore: verdict.used > limit,
        roomAt: churn.earliestWithAtMost(limit - 1, now, windowMs),
        overruns: instanceOverruns(placed, capacities),
        unplaced: placed.unplaced,
        deferred: grown.deferred,
        growByFits: growByFitsOptions({ ...input, capacities }),
        ...(window.quotaAboveAccount
          ? {
              quotaAboveAccount: quotaAboveAccountSentence({
                setting: window.quotaSource === "policy config" ? "the policy config's quota" : window.quotaSource,
                ...window.quotaAboveAccount,
                lower: "Lower the quota setting to the account's quota, or remove it (Service Quotas is then read)",
              }),
            }
          : {}),
      },
    };
  } catch (err) {
    if (err instanceof AccountReadError)
      return {
        ok: false,
        region,
        error: err,
        certain: await certainOverrun(region, operations, settings, now, err, () => reader.quota()),
      };
    throw err;
  }
}

/** Read once per analyzer process: every policy of one preview (Connect and SMS) sees the same state. */
let readState: StackState | undefined;
export function stackState(): StackState {
  readState ??= readStackState(programDir());
  return readState;
}

let foundProgramDir: { dir: string | undefined } | undefined;
function programDir(): string | undefined {
  foundProgramDir ??= { dir: programDirectory() };
  return foundProgramDir.dir;
}

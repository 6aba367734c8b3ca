import { Command } from "commander";
import * as path from "node:path";
import {
  DeferredGrowth,
  PlannedOperation,
  churnWords,
  claimsByTarget,
  deferFittingGrowth,
  deferredGrowthSentence,
  evaluate,
  growByFitsAdvice,
  growByFitsOptions,
  inFlightSentence,
  instanceCapacities,
  planAccount,
  planWaves,
  quotaAboveAccountSentence,
  releaseOf,
  retainedSentence,
  unseenLeavesUnjudged,
  withRenameReasons,
} from "../../core";
import { BuiltPlan, PlanBuilder } from "../../plan/changes";
import { EXIT, inputError, usageError } from "../errors";
import { foreignReleases, withDeclaredElsewhere } from "../declared-elsewhere";
import { findingsOf } from "../findings";
import { withKeptFor } from "../kept-for";
import { unseenRoomNotes } from "../unseen-room";
import { unreadAllowanceNotes } from "../unread-allowances";
import { readChanges } from "../input";
import { StackConfig, applyStackConfigOfPlan, settingOrigin, stackAllowReleases } from "../stack-config";
import { UNPROVEN_REPLACEMENT_STEPS } from "../../plan/read-document";
import {
  InFlightNumberOperation,
  StackExport,
  inFlightNumberOperations,
  pendingNumberDeletes,
  readStackExport,
} from "../../account/stack-export";
import { Findings, Report } from "../../report";
import { printReport } from "../print-report";
import { keepLinesTheProgramHas } from "../program-lines";
import { checkReport } from "../result";
import { packageVersion } from "../version";
import { loadWindow, unseenError } from "../window";
import { quotaOfTarget } from "../../account";
import { GateOptions, openInput, planJudgeCommand } from "./options";

/**
 * Reads a plan, evaluates its churn and findings against the window: shared by check and plan-waves. The window's
 * settings are those of the stack the plan is of, so they are read once the plan is.
 */
export async function checkPlan(file: string | undefined, cmd: Command): Promise<Report> {
  const { stream, name, path: planPath } = openInput(file);
  const builder = new PlanBuilder();
  const urns = new Set<string>();
  const facts = await readChanges(stream, name, (c) => {
    if (c.format === "pulumi") urns.add(c.address);
    builder.add(c);
  });
  const stack = applyStackConfigOfPlan(cmd, urns);
  const o = cmd.opts<GateOptions>();
  // `pulumi stack export` at most once, and only when a rule below needs the state.
  let exported: StackExport | undefined;
  const state = (): StackExport | undefined =>
    stack ? (exported ??= readStackExport(stack.projectDir, stack.stack)) : undefined;
  const undeclared = declareUnchanged(builder, state);
  const built = builder.build();
  if (facts.format === "pulumi-preview" && built.hiddenReplacementSteps.length > 0)
    throw withoutReplacementSteps(name, `replaces ${built.hiddenReplacementSteps.slice(0, 3).join(", ")}`);
  const notes = facts.notes.includes(UNPROVEN_REPLACEMENT_STEPS)
    ? withoutUnprovenNote(facts.notes, name, stack, state)
    : facts.notes;
  const window = await loadWindow(
    { ...o, ...accountOf(built, o.account), quotaOrigin: settingOrigin(cmd, "quota", "--quota") },
    {
      keptForMarks: built.releases.length > 0,
      holdersOf: foreignReleases(built.releases).map((r) => r.facts.phoneNumberId!),
      claims: claimsByTarget(built.plan.operations, built.plan.moves),
    },
  );
  const projectDir = path.resolve(o.projectDir ?? ".");
  const removed = built.releases.filter((r) => r.reason === "delete").map((r) => r.resource);
  const elsewhere = withDeclaredElsewhere(built.releases, window.holders, removed);
  const stackAllow = stackAllowReleases(stack);
  const kept = withKeptFor(
    findingsOf({ ...built, releases: elsewhere.releases }, o.allowRelease, o.failOn.includes("release"), stackAllow),
    window.keptForMarks,
    { resources: built.resources.map((r) => r.resource).filter((r) => !removed.includes(r)), removed },
    o.allowRelease,
    stackAllow,
  );
  const findings = sortedForDisplay(keepLinesTheProgramHas(kept.findings, projectDir));
  // Operations an earlier `up` left in flight: the state is read for them wherever the stack is known.
  const inFlight = inFlightOf(state());
  const plan = {
    operations: [
      ...withRenameReasons(built.plan.operations, findings.renames),
      ...inFlightReleases(inFlight, built.plan.operations),
    ],
    // A move is no churn but takes a place on its new instance (core/capacity.ts).
    ...(built.plan.moves ? { moves: built.plan.moves } : {}),
  };
  // Without --cloudtrail what each instance holds is not read: the numbers the plan's own resources hold there are the
  // least it holds, and claims over its quota on top of them are certain.
  const { held } = window.capacity;
  const capacities = instanceCapacities(
    plan.operations,
    held ?? built.heldBefore,
    quotaOfTarget(window.capacity),
    held !== undefined,
    plan.moves,
  );
  // A set growing by what fits claims now only what its target and the window have room for (core/set-growth.ts):
  // the verdict judges that part; the schedule keeps the whole growth, the rest in its later waves.
  const grown = deferFittingGrowth({
    history: window.history,
    plan,
    rule: window.rule,
    now: window.now,
    capacities,
  });
  const input = { history: window.history, plan: grown.plan, rule: window.rule, now: window.now, capacities };
  const verdict = evaluate(input);
  // A set's whole growth refused: its target's room, or the part that fits now and when the rest, were it to grow by
  // what fits.
  const options = verdict.ok ? [] : growByFitsOptions(input).map(growByFitsAdvice);
  if (window.unseenHistory === "refuse" && unseenLeavesUnjudged(window.unseenMs, verdict.planned, verdict.limit))
    throw unseenError(window);
  const result = checkReport(
    {
      verdict,
      resources: withoutDeferred(built.resources, grown.deferred).sort(byResource),
      operations: grown.plan.operations,
      waves: planWaves({ ...input, plan, atomicPairs: true }),
      findings,
      input: {
        name,
        path: planPath,
        format: facts.format,
        notes: [
          ...built.handOvers,
          ...built.retained.map((r) => retainedSentence(r.resource, r.numbers)),
          ...notes,
          ...inFlight.map(inFlightSentence),
          ...unseenDeclarations(built.releases, undeclared),
          ...elsewhere.notes,
          ...kept.notes,
          ...unseenRoomNotes(plan.operations, held),
          ...unreadAllowanceNotes(findings, stack !== undefined, urns.size > 0),
          ...quotaAboveAccountNotes(window, cmd),
          ...grown.deferred.map(deferredGrowthSentence),
          ...options,
        ],
        caveats: [],
      },
      history: {
        sources: window.sources,
        coveredDays: window.coveredDays,
        quotaSource: window.quotaSource,
        completeSince: window.coverage.completeSince,
        ...(window.coverage.completeUntil !== undefined ? { completeUntil: window.coverage.completeUntil } : {}),
        unseenDays: window.unseenDays,
        unseenMs: window.unseenMs,
        coverage: window.coverageText,
        unseenHistory: window.unseenHistory,
      },
      projectDir,
      failOn: o.failOn,
      toolVersion: packageVersion(),
    },
    window.history,
    window.ledger,
  );
  if (facts.incomplete !== undefined && result.ok) throw incompleteError(facts.incomplete, result);
  return result;
}

/**
 * An old instance pending delete of a resource the preview shows no step for (unchanged): the provider releases it
 * unless the program still declares deletionProtection, which the stack's state holds for its live instance. Without
 * the stack's state its old protection decides (the refusal is said; the safe side).
 */
function declareUnchanged(builder: PlanBuilder, stackState: () => StackExport | undefined): string[] {
  const unseen = builder.pendingWithoutDeclaration();
  if (unseen.length === 0) return unseen;
  const state = stackState();
  if (!state?.ok) return unseen;
  for (const r of state.resources)
    if (r.delete !== true && typeof r.urn === "string" && unseen.includes(r.urn))
      builder.declaredNow(r.urn, r.inputs?.deletionProtection);
  return builder.pendingWithoutDeclaration();
}

function inFlightOf(state: StackExport | undefined): InFlightNumberOperation[] {
  return state?.ok ? inFlightNumberOperations(state.pendingOperations) : [];
}

/**
 * A release an earlier `up` began and never finished may have happened: counted as one (inFlightSentence says so),
 * unless this plan releases the number anyway (a removed resource's delete step, counted once).
 */
function inFlightReleases(
  inFlight: readonly InFlightNumberOperation[],
  operations: readonly PlannedOperation[],
): PlannedOperation[] {
  const released = new Set(operations.filter((o) => o.action === "release").map((o) => o.phoneNumber));
  return inFlight
    .filter((op) => op.operation === "deleting" && !(op.phoneNumber !== undefined && released.has(op.phoneNumber)))
    .map((op) =>
      releaseOf(op.urn, "delete", {
        phoneNumber: op.phoneNumber,
        note: "in flight when an earlier up stopped: counted as released",
      }),
    );
}

/** Says what a refusal of a pending delete rests on when the program's declaration could not be read. */
function unseenDeclarations(releases: BuiltPlan["releases"], undeclared: readonly string[]): string[] {
  return releases
    .filter((r) => r.refused?.reason === "deletion-protection" && undeclared.includes(r.resource))
    .map(
      (r) =>
        `${r.resource} holds ${r.facts.phoneNumber ?? r.facts.phoneNumberId} pending delete with deletionProtection, and this plan shows no step ` +
        "of the resource, so what the program declares now could not be read: the refusal is counted. If the program " +
        "declares deletionProtection: false, the provider releases the number; run check in the Pulumi project " +
        "(or with --stack) to read the stack's state.",
    );
}

function withoutReplacementSteps(name: string, shows: string): Error {
  return inputError(
    `${name} ${shows} but was made without --show-replacement-steps: Pulumi then hides pending deletes ` +
      `(numbers an earlier failed replacement left behind, which the next \`pulumi up\` releases); run \`pulumi preview --json --show-replacement-steps\` and check that`,
  );
}

/**
 * A digest without replacement steps may have been made with --show-replacement-steps or without it: the two are
 * alike. Where the stack's project is at hand (its settings were read), its state says whether anything could hide:
 * no number pending delete, and the reminder is moot; one, and the digest, which would show it with the flag, was
 * made without it. Elsewhere the reminder stays.
 */
function withoutUnprovenNote(
  notes: readonly string[],
  name: string,
  stack: StackConfig | undefined,
  stackState: () => StackExport | undefined,
): string[] {
  const state = stackState();
  if (!state?.ok) return [...notes];
  const pending = pendingNumberDeletes(state.resources);
  if (pending.length > 0)
    throw withoutReplacementSteps(
      name,
      `shows no pending delete, while stack ${stack!.stack}'s state holds ${pending
        .slice(0, 3)
        .map((p) => p.urn)
        .join(", ")} pending delete,`,
    );
  return notes.filter((n) => n !== UNPROVEN_REPLACEMENT_STEPS);
}

/**
 * A set growing by what fits claims now only part of its growth: its line counts that part, as the headline does
 * (the note of deferredGrowthSentence says what waits).
 */
function withoutDeferred<R extends { resource: string; claims: number }>(
  resources: readonly R[],
  deferred: readonly DeferredGrowth[],
): R[] {
  const waiting = new Map(deferred.map((d) => [d.resource, d.deferred]));
  return resources.map((r) => (waiting.has(r.resource) ? { ...r, claims: r.claims - waiting.get(r.resource)! } : r));
}

/**
 * The account whose history the plan is judged against: --account, else the one its ARNs name (core's planAccount),
 * with the region they name it in. Another account's window is not this plan's; an --account the plan contradicts
 * is a usage error naming both, and so (with --cloudtrail) are credentials of another account (cli/window.ts).
 */
function accountOf(
  built: BuiltPlan,
  given: string | undefined,
): { account?: string; accountNamedBy?: string; accountRegion?: string } {
  const account = planAccount(built.places, given);
  if (account.kind === "contradicts")
    throw usageError(
      `--account ${account.given} is not the account this plan targets: its ARNs name ${account.named.join(", ")}. ` +
        `Give --account ${account.named.length === 1 ? account.named[0] : "with one of them"}, or leave it out to read the plan's`,
    );
  if (account.kind !== "known") return {};
  const namedBy = given !== undefined ? `--account ${given}` : "its ARNs name it";
  return { account: account.accountId, accountNamedBy: namedBy, accountRegion: account.region };
}

/** A plan lists resources in registration order, which parallel registration makes random: every list is sorted. */
const byResource = (a: { resource: string }, b: { resource: string }) => a.resource.localeCompare(b.resource);

function sortedForDisplay(f: Findings): Findings {
  return {
    ...f,
    releases: [...f.releases].sort(byResource),
    sms: { ...f.sms, releases: [...f.sms.releases].sort(byResource), requests: [...f.sms.requests].sort(byResource) },
  };
}

/** A --quota (or the stack's connect-numbers:quota) above the account's, as Service Quotas says with --cloudtrail. */
function quotaAboveAccountNotes(
  window: { quotaAboveAccount?: { configured: number; enforced: number } },
  cmd: Command,
) {
  if (!window.quotaAboveAccount) return [];
  const fromStack = cmd.getOptionValueSource("quota") === "config";
  const sentence = quotaAboveAccountSentence({
    setting: fromStack ? "the stack's connect-numbers:quota" : "--quota",
    ...window.quotaAboveAccount,
    lower: `${fromStack ? "Lower connect-numbers:quota to the account's quota, or remove it" : "Lower --quota to the account's quota, or leave it out"} (Service Quotas is then read with --cloudtrail)`,
  });
  return sentence === undefined ? [] : [sentence];
}

/**
 * A plan that is not the whole change passes only what it shows: more churn follows it. So it can block (the rest
 * only adds), but an OK would vouch for changes nobody judged: it cannot be judged (exit 3), saying what it showed.
 */
function incompleteError(incomplete: string, r: Report): Error {
  const v = r.verdict;
  const shown = `its ${churnWords(v.planned, { zeros: true })} fit (${v.projected} of ${v.limit} in the ${v.windowDays}-day window)`;
  return inputError(
    `cannot judge: ${incomplete}; ${shown}, but what follows is not counted. ` +
      "Judge the whole change: plan without -target (or once the deferred values are known), or check each later plan before applying it.",
  );
}

export function checkCommand(): Command {
  return planJudgeCommand(
    "check",
    "judge a plan's phone-number churn, renames and releases: `pulumi preview --json --show-replacement-steps`, Pulumi engine events, or `terraform show -json`",
  )
    .addHelpText(
      "after",
      "\nExit codes: 0 within budget and nothing blocking, 1 blocked (over budget, a rename that loses a number, or a release under --fail-on release), 2 usage or configuration error, 3 a plan or history that cannot be judged in full.",
    )
    .action(async (file: string | undefined, o: GateOptions, cmd: Command) => {
      const result = await checkPlan(file, cmd);
      await printReport(result, o.format);
      process.exitCode = result.ok ? EXIT.ok : EXIT.overBudget;
    });
}

import type {
  Policies,
  PolicyResource,
  ReportViolation,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  Allowance,
  PHONE_NUMBER_TYPE,
  PlannedOperation,
  allowanceOf,
  byResourcePair,
  growByFitsAdvice,
  inputRefusals,
  RenameFinding,
  isAllowedRelease,
  parseUrn,
  providerGuardsRename,
  renameAllowance,
  stackOnlySentence,
  unseenLeavesUnjudged,
  unseenMs,
} from "../core";
import { PULUMI_AWS_SMS_NUMBER_TYPE, SMS_NUMBER_TYPE } from "../core/sms";
import { Analysis, RegionBudget, analyze } from "./connect/analysis";
import { Release } from "./connect/plan-types";
import {
  churnMessage,
  failOnReleaseMessage,
  overrunMessage,
  refusedReleaseMessage,
  renameMessage,
  reportMessage,
  seenLine,
  smsReportLines,
  smsUnreadableMessage,
  unreadableMessage,
  unseenMessage,
} from "../report/pack";
import { plainProps, readBoolean } from "./props";
import { POLICY_CONFIG_SCHEMA, PackSettings, parsePackConfig, resolveSettings, stackPackConfig } from "./settings";
import { analyzeSms } from "./sms/analysis";
import { certainOverrunMessage } from "./connect/certain-overrun";
import { unmatchedAllowReleasesLine } from "./unmatched-allows";
import { SmsRelease } from "./sms/plan";

export const CHURN_POLICY = "connect-phone-number-churn";
export const RENAME_POLICY = "connect-phone-number-rename";
export const REPORT_POLICY = "connect-phone-number-report";
export const DELETION_PROTECTION_POLICY = "connect-phone-number-deletion-protection";
export const SMS_REFUSED_POLICY = "sms-origination-number-release-refused";

/** Each policy reads its own config (CrossGuard gives it no other), over the stack's shared settings. */
function settingsOf(policy: string, args: StackValidationArgs): PackSettings {
  return resolveSettings(parsePackConfig(policy, args.getConfig<Record<string, unknown>>()), stackPackConfig());
}

type Judged = Extract<Analysis, { ok: true }>;

/**
 * A mandatory policy judging the Connect analysis: an unreadable account blocks the plan only when fail-closed, and
 * leaves nothing else to judge.
 */
function blockingPolicy(
  name: string,
  description: string,
  budget: boolean,
  judge: (
    a: Judged,
    settings: PackSettings,
    args: StackValidationArgs,
    reportViolation: ReportViolation,
  ) => Promise<void> | void,
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    configSchema: POLICY_CONFIG_SCHEMA as never,
    validateStack: async (args, reportViolation) => {
      const settings = settingsOf(name, args);
      const a = await analyze(args.resources, settings, { budget });
      if (!a.ok) {
        if (settings.failClosed) reportViolation(unreadableMessage(a.error, true));
        return;
      }
      await judge(a, settings, args, reportViolation);
    },
  };
}

/**
 * The allowReleases entry that names this release (alone, or as the release of a rename), if any. The release of a
 * rename the provider refuses passes only by the stack's list (`stack`), the one the provider reads.
 */
export function allowedBy(
  release: Release,
  renames: readonly RenameFinding[],
  allow: readonly string[],
  stack: readonly string[],
): string | undefined {
  const asFinding = {
    released: { resource: release.resource, phoneNumber: release.phoneNumber, phoneNumberId: release.phoneNumberId },
    claim: { resource: release.resource, unknown: [] },
  };
  const mine = renames.filter((f) => f.released.phoneNumberId === release.phoneNumberId);
  const guarded = mine.filter(providerGuardsRename);
  if (guarded.length > 0)
    return guarded.map((f) => renameAllowance(f, stack, allow).allowedBy).find((e) => e !== undefined);
  const findings = [asFinding, ...mine];
  return allow.find((entry) => findings.some((f) => isAllowedRelease(f, [entry])));
}

/** The allowReleases entry that names this SMS release (number, id, URN or resource name), if any. */
export function smsAllowedBy(
  r: Pick<SmsRelease, "resource" | "phoneNumber" | "phoneNumberId">,
  allow: readonly string[],
): string | undefined {
  const finding = {
    released: { resource: r.resource, phoneNumber: r.phoneNumber, phoneNumberId: r.phoneNumberId },
    claim: { resource: r.resource, unknown: [] },
  };
  return allow.find((entry) => isAllowedRelease(finding, [entry]));
}

/** A refusal blocks unless it rests on what the pack cannot see (a removed resource's forceDisassociate) and allowReleases names it. */
export function isBlockingRefusal(r: SmsRelease, allow: readonly string[]): boolean {
  if (!r.refused) return false;
  return r.refused.assumed === undefined || smsAllowedBy(r, allow) === undefined;
}

/** The entry that lets a rename's release go: for one the provider refuses, the stack's list alone. */
function renameAllowedBy(f: RenameFinding, settings: PackSettings): string | undefined {
  if (providerGuardsRename(f)) return renameAllowance(f, settings.stackAllowReleases, settings.allowReleases).allowedBy;
  return settings.allowReleases.find((entry) => isAllowedRelease(f, [entry]));
}

/** For a rename the provider refuses: that only the stack's list releases it, and the command (else undefined). */
function stackOnlyOf(f: RenameFinding, settings: PackSettings): string | undefined {
  if (!providerGuardsRename(f)) return undefined;
  const { ownOnly } = renameAllowance(f, settings.stackAllowReleases, settings.allowReleases);
  return stackOnlySentence({
    own: ownOnly === undefined ? undefined : `allowReleases ${JSON.stringify(ownOnly)} (policy config)`,
    name: parseUrn(f.released.resource)?.name ?? f.released.resource,
    stack: settings.stackAllowReleases,
    afterClaim: true,
  });
}

/** The plan's claims and releases in a region: a read of it that fails blocks (failClosed) only when there are some. */
function churnIn(a: Judged, region: string): number {
  return a.plan.operations.filter((op) => op.region === region).length;
}

function churnOf(b: RegionBudget): number {
  return b.verdict.planned.claims + b.verdict.planned.releases;
}

/** The protection property a phone-number resource leaves unset or false, if it is one and unprotected. */
function unprotectedKey(r: PolicyResource): string | undefined {
  if (r.opts.protect) return undefined;
  const key =
    r.type === PHONE_NUMBER_TYPE
      ? "deletionProtection"
      : r.type === SMS_NUMBER_TYPE || r.type === PULUMI_AWS_SMS_NUMBER_TYPE
        ? "deletionProtectionEnabled"
        : undefined;
  if (key === undefined) return undefined;
  const protection = readBoolean(r.props, key);
  return protection.known && protection.value !== true ? key : undefined;
}

const byResource = (a: PlannedOperation, b: PlannedOperation) =>
  a.resource.localeCompare(b.resource) || a.action.localeCompare(b.action);

const byReleased = (a: Release, b: Release) =>
  a.resource.localeCompare(b.resource) || a.phoneNumberId.localeCompare(b.phoneNumberId);

/** Judged per resource (the others, per stack): Pulumi runs it even on a resource whose provider check failed. */
export const INPUTS_POLICY = "phone-number-inputs";

export const policies: Policies = [
  {
    name: INPUTS_POLICY,
    description:
      "Blocks a connect-numbers resource (PhoneNumber, PhoneNumberSet, OriginationNumber) whose inputs its provider refuses at preview, in the provider's words: the resource, the property, the value and the fix.",
    enforcementLevel: "mandatory",
    // Per resource: Pulumi hands a resource whose check failed to resource policies, then ends the preview before
    // any stack policy runs. Unknowns stay core's UNKNOWN (plainProps), which the provider's rules never refuse.
    validateResource: (args, reportViolation) => {
      const inputs = plainProps(args.props) as Record<string, unknown>;
      for (const refusal of inputRefusals(args.type, inputs)) reportViolation(refusal.reason);
    },
  },
  blockingPolicy(
    CHURN_POLICY,
    "Blocks a plan whose phone-number claims and releases would take the account over its rolling churn budget, or that it cannot judge.",
    true,
    async (a, settings, args, reportViolation) => {
      for (const r of a.plan.setRefusals) reportViolation(r.message, r.resource);
      for (const r of a.pendingRefusals) reportViolation(r.message);
      for (const read of a.budgets ?? []) {
        if (!read.ok && read.certain) reportViolation(certainOverrunMessage(read.certain, a.regions.length));
        if (!read.ok) {
          if (read.certain) continue;
          if (churnIn(a, read.region) > 0 && settings.failClosed) reportViolation(unreadableMessage(read.error, true));
          continue;
        }
        const b = read.budget;
        // A plan that claims and releases nothing cannot break the budget, however little of it is known; a move
        // (no churn) can still take an instance over its room.
        if (churnOf(b) === 0 && b.overruns.length === 0) continue;
        // Sorted: the engine hands resources over in registration order, which parallel registration makes random.
        const operations = a.plan.operations.filter((op) => op.region === b.region).sort(byResource);
        const unseen = unseenMs(b.coverage, b.verdict.now, b.verdict.windowDays);
        if (settings.unseenHistory === "refuse" && unseenLeavesUnjudged(unseen, b.verdict.planned, b.verdict.limit))
          reportViolation(unseenMessage(b, settings));
        // A set refused for its instance's room is said with that overrun; one the budget refused, with the budget's.
        const offers = (target?: string) =>
          b.growByFits.filter((d) => d.short?.target === target).map(growByFitsAdvice);
        if (!b.verdict.ok) reportViolation([churnMessage(b, operations, a.regions.length), ...offers()].join("\n"));
        for (const o of b.overruns)
          reportViolation(
            [overrunMessage({ ...o, resources: [...o.resources].sort() }), ...offers(o.target)].join("\n"),
          );
      }
      if (settings.failOnRelease) {
        const unapproved = a.plan.releases
          .filter(
            (r) => allowedBy(r, a.plan.renames, settings.allowReleases, settings.stackAllowReleases) === undefined,
          )
          .sort(byReleased);
        // SMS releases count for failOn too (never for the budget): read only when failOn asks.
        const sms = await analyzeSms(args.resources, settings);
        if (!sms.ok && settings.failClosed) reportViolation(smsUnreadableMessage(sms.error, true));
        const smsUnapproved = sms.ok
          ? sms.plan.releases.filter((r) => smsAllowedBy(r, settings.allowReleases) === undefined)
          : [];
        if (unapproved.length + smsUnapproved.length > 0) {
          reportViolation(failOnReleaseMessage(unapproved, smsUnapproved));
        }
      }
    },
  ),
  blockingPolicy(
    RENAME_POLICY,
    "Blocks a plan that releases a number while another resource would claim it (same E.164, or search criteria it meets): a rename or move without an alias; or that releases a number an earlier refused rename kept (its kept-for mark).",
    false,
    (a, settings, _args, reportViolation) => {
      // A set renamed without an alias is one rename, said once with its numbers (core's byResourcePair).
      const blocking = a.plan.renames.filter((f) => renameAllowedBy(f, settings) === undefined);
      for (const f of byResourcePair(blocking))
        reportViolation(renameMessage(f, stackOnlyOf(f, settings)), f.claim.resource);
      // A rename refused by an earlier `up` stays refused: the number's kept-for mark (core/connect/kept-for.ts).
      for (const k of a.keptFor) reportViolation(k.refusal.message);
      // A removed pulumi-aws / aws-native resource whose delete releases a number an adoption holds (its state read).
      for (const block of a.declaredElsewhere) reportViolation(block.message);
    },
  ),
  {
    name: REPORT_POLICY,
    description:
      "Says what the plan does to the account's numbers: every release (even within budget), the opt-outs used, the budget, what could not be read, and what every verdict rests on (the numbers, history and quota read).",
    enforcementLevel: "advisory",
    configSchema: POLICY_CONFIG_SCHEMA as never,
    validateStack: async (args, reportViolation: ReportViolation) => {
      const settings = settingsOf(REPORT_POLICY, args);
      const a = await analyze(args.resources, settings, { budget: true });
      if (!a.ok) {
        reportViolation(unreadableMessage(a.error, settings.failClosed));
        return;
      }
      const budgets = (a.budgets ?? []).flatMap((r) => (r.ok ? [r.budget] : []));
      const unreadable = (a.budgets ?? []).flatMap((r) =>
        r.ok || r.certain ? [] : [{ error: r.error, ...(churnIn(a, r.region) > 0 ? {} : { unneededIn: r.region }) }],
      );
      const certain = (a.budgets ?? []).flatMap((r) =>
        !r.ok && r.certain ? [certainOverrunMessage(r.certain, a.regions.length)] : [],
      );
      // Each entry said with its list: the policy config's allowReleases, or the stack's it adds.
      const allowance = (entry: string | undefined) =>
        entry === undefined ? undefined : allowanceOf(entry, settings.stackAllowReleases, "pack-config");
      const allowed = new Map<Release, Allowance>();
      for (const r of a.plan.releases) {
        const entry = allowance(allowedBy(r, a.plan.renames, settings.allowReleases, settings.stackAllowReleases));
        if (entry !== undefined) allowed.set(r, entry);
      }
      // What sets growing by what fits leave for a later up is said apart (reportMessage), not claimed now.
      const waiting = budgets.reduce((n, b) => n + b.deferred.reduce((m, d) => m + d.deferred, 0), 0);
      const claims = a.plan.operations.filter((op) => op.action === "claim").length - waiting;
      const sms = await analyzeSms(args.resources, settings);
      const smsLines = sms.ok
        ? [...smsReportLines(sms.plan, (r) => allowance(smsAllowedBy(r, settings.allowReleases))), ...sms.pendingUnseen]
        : [smsUnreadableMessage(sms.error, settings.failClosed)];
      const worthSaying =
        a.plan.releases.length > 0 ||
        claims > 0 ||
        a.plan.handOvers.length > 0 ||
        a.plan.notes.length > 0 ||
        a.plan.adoptions.length > 0 ||
        a.pendingUnseen.length > 0 ||
        unreadable.length > 0 ||
        budgets.some((b) => b.deferred.length > 0) ||
        budgets.some((b) => b.overBefore);
      // An entry that let a kept number go (its claimant's name, say) names something this plan releases.
      const unmatched = unmatchedAllowReleasesLine(
        settings.allowReleases.filter((e) => !a.keptForNamed.includes(e)),
        a.plan.releases,
        a.plan.renames,
        sms.ok ? sms.plan.releases : undefined,
      );
      if (!worthSaying && smsLines.length === 0 && unmatched === "") return;
      const connect = worthSaying
        ? reportMessage({
            releases: [...a.plan.releases].sort(byReleased),
            allowed,
            claims,
            handOvers: a.plan.handOvers,
            notes: a.plan.notes,
            adoptions: a.plan.adoptions,
            unseen: a.pendingUnseen,
            budgets,
            unreadable,
            settings,
          })
        : "";
      // What every policy's verdict rests on, said once for the preview: the numbers read of each kind spoken of.
      const inventory = [...(worthSaying ? a.inventory : []), ...(sms.ok && smsLines.length > 0 ? sms.inventory : [])];
      const seen = inventory.length > 0 ? seenLine(inventory, worthSaying ? budgets : []) : "";
      reportViolation([...certain, connect, unmatched, ...smsLines, seen].filter((l) => l !== "").join("\n"));
    },
  },
  {
    name: SMS_REFUSED_POLICY,
    description:
      "Blocks a plan that releases an SMS origination number AWS refuses to release (deletion protection, or in a pool): `pulumi up` would stop halfway. Names the number and the two-step fix.",
    enforcementLevel: "mandatory",
    configSchema: POLICY_CONFIG_SCHEMA as never,
    validateStack: async (args, reportViolation) => {
      const settings = settingsOf(SMS_REFUSED_POLICY, args);
      const a = await analyzeSms(args.resources, settings);
      if (!a.ok) {
        if (settings.failClosed) reportViolation(smsUnreadableMessage(a.error, true));
        return;
      }
      const declared = new Set(a.declared.map((d) => d.urn));
      for (const r of a.plan.releases) {
        if (isBlockingRefusal(r, settings.allowReleases))
          reportViolation(refusedReleaseMessage(r), declared.has(r.resource) ? r.resource : undefined);
      }
    },
  },
  {
    name: DELETION_PROTECTION_POLICY,
    description:
      "Advises deletionProtection (or protect) on every phone number, Connect's and SMS's: a released number cannot be recovered.",
    enforcementLevel: "advisory",
    // One advisory for the stack, its numbers sorted by name: one per resource repeated this header for each.
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const exposed = args.resources
        .flatMap((r) => {
          const key = unprotectedKey(r);
          return key === undefined ? [] : [{ name: r.name, urn: r.urn, key }];
        })
        .sort((a, b) => a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn));
      if (exposed.length === 1) {
        const [only] = exposed;
        reportViolation(
          `${only.name} can be released by a destroy, a removal or a replacement, and a released number is gone for good: set ${only.key}: true (or the protect resource option).`,
          only.urn,
        );
      } else if (exposed.length > 1) {
        reportViolation(
          [
            `${exposed.length} numbers can be released by a destroy, a removal or a replacement, and a released number is gone for good: set the property named on each to true (or the protect resource option):`,
            ...exposed.map((e) => `  - ${e.name}: ${e.key}`),
          ].join("\n"),
        );
      }
    },
  },
];

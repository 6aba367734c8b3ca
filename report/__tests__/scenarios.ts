import { UNPROVEN_REPLACEMENT_STEPS } from "../../plan/read-document";
import {
  ChurnEvent,
  ChurnHistory,
  DAY_MS,
  PlannedOperation,
  declaredElsewhereBlock,
  defaultRule,
  evaluate,
  findRenames,
  planWaves,
} from "../../core";
import { Findings, HistoryView, Report, SourceLine } from "../model";
import { budgetChart } from "../chart";
import { judge } from "../words";

/** Fixed inputs for the golden files: every renderer is fed the same few reports, built the way `check` builds them. */
export const NOW = Date.parse("2026-06-01T00:00:00Z");
const TYPE = "connect-numbers:index:PhoneNumber";
const urn = (name: string) => `urn:pulumi:dev::support-lines::${TYPE}::${name}`;

function history(days: number[]): ChurnHistory {
  const events: ChurnEvent[] = days.map((d, i) => ({
    at: NOW - d * DAY_MS,
    action: i % 2 === 0 ? "claim" : "release",
    phoneNumberId: `pn-old-${i}`,
  }));
  return ChurnHistory.build(events);
}

const NO_FINDINGS: Findings = {
  renames: [],
  releases: [],
  unmatchedAllows: [],
  sms: { releases: [], requests: [] },
  imports: [],
};

function historyView(over: Partial<HistoryView> = {}): HistoryView {
  return {
    sources: ["history.jsonl"],
    coveredDays: 180,
    quotaSource: "--quota",
    completeSince: -Infinity,
    unseenDays: 0,
    unseenMs: 0,
    coverage: "history complete for the whole 180-day window (history.jsonl)",
    unseenHistory: "refuse",
    ...over,
  };
}

interface ScenarioInput {
  quota: number;
  windowDays?: number;
  past: number[];
  operations: PlannedOperation[];
  findings?: Findings;
  history?: Partial<HistoryView>;
  notes?: string[];
  caveats?: string[];
  failOn?: string[];
  format?: Report["input"]["format"];
  /** The program line of each claiming resource, as the plan reader takes it from the new state. */
  sources?: Record<string, SourceLine>;
}

function scenario(x: ScenarioInput): Report {
  const rule = defaultRule({ quota: x.quota, windowDays: x.windowDays ?? 180 });
  const churn = history(x.past);
  const input = { history: churn, plan: { operations: x.operations }, rule, now: NOW };
  const verdict = evaluate(input);
  const findings = x.findings ?? NO_FINDINGS;
  const { blockedBy, sentences } = judge(verdict, findings);
  const resources = [...new Set(x.operations.map((o) => o.resource))].map((resource) => {
    const ops = x.operations.filter((o) => o.resource === resource);
    const claims = ops.filter((o) => o.action === "claim").length;
    const releases = ops.filter((o) => o.action === "release").length;
    const source = x.sources?.[resource];
    return {
      resource,
      // A set that stays declared grows or shrinks in an update (plan/changes.ts labels it so).
      op: ops.every((o) => o.reason === "grow" || o.reason === "shrink")
        ? "update"
        : claims > 0 && releases > 0
          ? "replace"
          : claims > 0
            ? "create"
            : "delete",
      claims,
      releases,
      ...(source ? { source } : {}),
    };
  });
  return {
    ok: blockedBy.length === 0,
    blockedBy,
    verdict,
    sentences,
    resources,
    operations: x.operations,
    waves: planWaves({ ...input, atomicPairs: true }),
    findings,
    input: {
      name: "plan.json",
      path: "/workspace/app/plan.json",
      format: x.format ?? "pulumi-preview",
      notes: x.notes ?? [],
      caveats: x.caveats ?? [],
    },
    history: historyView(x.history),
    chart: budgetChart({
      history: churn,
      now: NOW,
      windowDays: verdict.windowDays,
      limit: verdict.limit,
      planned: verdict.planned.claims + verdict.planned.releases,
    }),
    projectDir: "/workspace/app",
    failOn: x.failOn ?? [],
    toolVersion: "0.1.0",
  };
}

const CAVEAT = UNPROVEN_REPLACEMENT_STEPS;

/** Within budget: a replacement and a removal, each releasing a number; the reader's reminder about replacement steps. */
export function withinBudget(): Report {
  return scenario({
    quota: 20,
    past: [170, 120, 119, 60, 3],
    operations: [
      { action: "claim", resource: urn("support"), reason: "replace", pairId: "p1" },
      { action: "release", resource: urn("support"), reason: "replace", phoneNumber: "+18005550100", pairId: "p1" },
      { action: "release", resource: urn("overflow"), reason: "delete", phoneNumber: "+18005550101" },
    ],
    findings: {
      ...NO_FINDINGS,
      releases: [
        {
          resource: urn("support"),
          phoneNumber: "+18005550100",
          phoneNumberId: "pn-support",
          reason: "replace",
          source: { file: "index.ts", line: 12 },
          blocking: false,
        },
        {
          resource: urn("overflow"),
          phoneNumber: "+18005550101",
          phoneNumberId: "pn-overflow",
          reason: "delete",
          blocking: false,
        },
      ],
    },
    caveats: [CAVEAT],
  });
}

/** Over budget with a rename that loses a number, a refused release, an SMS release AWS refuses, and --fail-on release. */
export function blocked(): Report {
  const renames = findRenames(
    [
      {
        resource: urn("main-line"),
        phoneNumber: "+18005550200",
        phoneNumberId: "pn-main",
        countryCode: "US",
        type: "TOLL_FREE",
      },
    ],
    [{ resource: urn("main-line-v2"), countryCode: "US", type: "TOLL_FREE", unknown: [] }],
  );
  return scenario({
    quota: 2,
    past: [100, 50],
    operations: [
      { action: "release", resource: urn("main-line"), reason: "rename", phoneNumber: "+18005550200" },
      { action: "claim", resource: urn("main-line-v2"), reason: "rename" },
      { action: "release", resource: urn("fax"), reason: "delete", phoneNumber: "+18005550300" },
    ],
    sources: { [urn("main-line-v2")]: { file: "index.ts", line: 20 } },
    findings: {
      ...NO_FINDINGS,
      renames: renames.map((f) => ({ ...f, source: { file: "index.ts", line: 20 } })),
      releases: [
        {
          resource: urn("fax"),
          phoneNumber: "+18005550300",
          phoneNumberId: "pn-fax",
          reason: "delete",
          blocking: true,
          refused: {
            reason: "deletion-protection",
            message: `${urn("fax")} has deletionProtection: the provider refuses to release +18005550300.`,
          },
        },
        {
          resource: urn("main-line"),
          phoneNumber: "+18005550200",
          phoneNumberId: "pn-main",
          reason: "delete",
          blocking: true,
        },
      ],
      sms: {
        releases: [
          {
            resource: "aws_pinpointsmsvoicev2_phone_number.alerts",
            type: "aws_pinpointsmsvoicev2_phone_number",
            phoneNumber: "+18005550400",
            phoneNumberId: "phone-abc",
            region: "us-east-1",
            reason: "delete",
            refused: { reason: "pool", message: "AWS refuses to release +18005550400: it is in pool pool-1." },
            blocking: true,
          },
        ],
        requests: [],
      },
      unmatchedAllows: ["+19995550000"],
    },
    failOn: ["release"],
  });
}

/** Already over before the plan, part of the window unseen, a 30-day window (one bar a day). */
export function overBefore(): Report {
  return scenario({
    quota: 2,
    windowDays: 30,
    past: [29, 20, 12, 12, 5],
    operations: [],
    history: {
      coveredDays: 20,
      completeSince: NOW - 20 * DAY_MS,
      unseenDays: 10,
      unseenMs: 10 * DAY_MS,
      unseenHistory: "warn",
      coverage:
        "10 of the 30 days of the window unseen, before 2026-05-12T00:00:00.000Z (cloudtrail): churn there is not counted",
    },
    format: "terraform-plan",
  });
}

const SET = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
const setUrn = (name: string) => `urn:pulumi:dev::support-lines::${SET}::${name}`;

/**
 * PhoneNumberSets that stay declared: one grows by 2, one releases 2 numbers its release names, and one renamed
 * without an alias (3 numbers released while the new set searches for 3): one rename, said once with its numbers.
 */
export function setUpdates(): Report {
  const renamed = ["+12125550101", "+12125550102", "+12125550103"];
  const rename = (phoneNumber: string) => ({
    kind: "reclaim" as const,
    released: { resource: setUrn("desk"), phoneNumber, countryCode: "US", type: "DID", ours: true },
    claim: { resource: setUrn("front-desk"), countryCode: "US", type: "DID", unknown: [], ours: true },
    phoneNumber,
    assumed: [],
    fix: { pulumi: 'aliases: [{ name: "desk" }]', terraform: "moved {}" },
  });
  const grouped = { ...rename(renamed[0]), phoneNumbers: renamed };
  return scenario({
    quota: 20,
    past: [60, 3],
    operations: [
      { action: "claim", resource: setUrn("pool"), reason: "grow" },
      { action: "claim", resource: setUrn("pool"), reason: "grow" },
      { action: "release", resource: setUrn("sales"), reason: "shrink", phoneNumber: "+14155550101" },
      { action: "release", resource: setUrn("sales"), reason: "shrink", phoneNumber: "+14155550102" },
      ...renamed.map((phoneNumber) => ({
        action: "release" as const,
        resource: setUrn("desk"),
        reason: "delete" as const,
        phoneNumber,
      })),
      ...renamed.map(() => ({ action: "claim" as const, resource: setUrn("front-desk"), reason: "create" as const })),
    ],
    findings: {
      ...NO_FINDINGS,
      renames: [grouped],
      releases: [
        ...["+14155550101", "+14155550102"].map((phoneNumber, i) => ({
          resource: setUrn("sales"),
          phoneNumber,
          phoneNumberId: `pn-sales-${i + 1}`,
          reason: "shrink" as const,
          source: { file: "index.ts", line: 30 },
          blocking: false,
        })),
        ...renamed.map((phoneNumber, i) => ({
          resource: setUrn("desk"),
          phoneNumber,
          phoneNumberId: `pn-desk-${i + 1}`,
          reason: "delete" as const,
          blocking: false,
        })),
      ],
    },
  });
}

/**
 * A Terraform destroy of a number a connect-numbers stack adopted (a migration whose first step was skipped): no
 * provider refuses it, the gates block it, whatever --allow-release says; the other release is an ordinary one.
 */
export function declaredElsewhere(): Report {
  const address = "aws_connect_phone_number.line[0]";
  const block = declaredElsewhereBlock({
    released: { resource: address, phoneNumber: "+18005550600", phoneNumberId: "pn-line-0" },
    holder: { stack: "shop/dev", key: "k-line-0", urnTag: urn("line-0"), legacy: false },
    removed: [address, "aws_connect_phone_number.spare"],
  })!;
  return scenario({
    quota: 20,
    past: [30],
    operations: [
      { action: "release", resource: address, reason: "delete", phoneNumber: "+18005550600" },
      { action: "release", resource: "aws_connect_phone_number.spare", reason: "delete", phoneNumber: "+18005550601" },
    ],
    findings: {
      ...NO_FINDINGS,
      releases: [
        {
          resource: address,
          phoneNumber: "+18005550600",
          phoneNumberId: "pn-line-0",
          reason: "delete",
          accepted: { entry: "+18005550600", source: "flag" },
          blocking: false,
          declaredElsewhere: block,
        },
        {
          resource: "aws_connect_phone_number.spare",
          phoneNumber: "+18005550601",
          phoneNumberId: "pn-spare",
          reason: "delete",
          blocking: false,
        },
      ],
    },
    format: "terraform-plan",
  });
}

/**
 * A Terraform `count` index shift of specific numbers: n[0] is dropped, so n[0] is replaced to claim n[1]'s number
 * and n[1] to claim n[2]'s: each replacement claims the very number the next instance releases. Every format calls
 * it a replacement that loses the number, never a "rename".
 */
export function indexShift(): Report {
  const at = (i: number) => `aws_connect_phone_number.n[${i}]`;
  const numberOf = (i: number) => `+1800555070${i}`;
  const renames = findRenames(
    [1, 2].map((i) => ({
      resource: at(i),
      phoneNumber: numberOf(i),
      phoneNumberId: `pn-${i}`,
      countryCode: "US",
      type: "TOLL_FREE",
      ...(i === 1 ? { byReplacement: true } : {}),
    })),
    [0, 1].map((i) => ({
      resource: at(i),
      phoneNumber: numberOf(i + 1),
      countryCode: "US",
      type: "TOLL_FREE",
      unknown: [],
      byReplacement: true,
    })),
  ).map((f) => ({ ...f, chain: [at(0), at(1), at(2)] }));
  return scenario({
    quota: 20,
    past: [40],
    operations: [
      { action: "claim", resource: at(0), reason: "replace", pairId: "p0" },
      { action: "release", resource: at(0), reason: "replace", phoneNumber: numberOf(0), pairId: "p0" },
      { action: "claim", resource: at(1), reason: "replace", pairId: "p1" },
      { action: "release", resource: at(1), reason: "replace", phoneNumber: numberOf(1), pairId: "p1" },
      { action: "release", resource: at(2), reason: "delete", phoneNumber: numberOf(2) },
    ],
    findings: {
      ...NO_FINDINGS,
      renames,
      releases: [0, 1, 2].map((i) => ({
        resource: at(i),
        phoneNumber: numberOf(i),
        phoneNumberId: `pn-${i}`,
        reason: i === 2 ? ("delete" as const) : ("replace" as const),
        blocking: false,
      })),
    },
    format: "terraform-plan",
  });
}

/**
 * Releases on purpose under --fail-on release, each accepted by the list that names it: a rename and its release by
 * the stack's connect-numbers:allowReleases (which check adds to --allow-release), a removal by --allow-release, and an
 * SMS release by the stack's list.
 */
export function accepted(): Report {
  const renames = findRenames(
    [
      {
        resource: urn("main-line"),
        phoneNumber: "+18005550200",
        phoneNumberId: "pn-main",
        countryCode: "US",
        type: "DID",
      },
    ],
    [{ resource: urn("main-line-v2"), countryCode: "US", type: "DID", unknown: [] }],
  );
  const stack = { entry: "main-line", source: "stack-config" as const };
  return scenario({
    quota: 20,
    past: [100, 50],
    operations: [
      { action: "release", resource: urn("main-line"), reason: "rename", phoneNumber: "+18005550200" },
      { action: "claim", resource: urn("main-line-v2"), reason: "rename" },
      { action: "release", resource: urn("overflow"), reason: "delete", phoneNumber: "+18005550101" },
    ],
    findings: {
      ...NO_FINDINGS,
      renames: renames.map((f) => ({ ...f, accepted: stack })),
      releases: [
        {
          resource: urn("main-line"),
          phoneNumber: "+18005550200",
          phoneNumberId: "pn-main",
          reason: "delete",
          accepted: stack,
          blocking: false,
        },
        {
          resource: urn("overflow"),
          phoneNumber: "+18005550101",
          phoneNumberId: "pn-overflow",
          reason: "delete",
          accepted: { entry: "+18005550101", source: "flag" },
          blocking: false,
        },
      ],
      sms: {
        releases: [
          {
            resource: "aws_pinpointsmsvoicev2_phone_number.alerts",
            type: "aws_pinpointsmsvoicev2_phone_number",
            phoneNumber: "+18005550400",
            phoneNumberId: "phone-abc",
            region: "us-east-1",
            reason: "delete",
            accepted: { entry: "phone-abc", source: "stack-config" },
            blocking: false,
          },
        ],
        requests: [],
      },
    },
    failOn: ["release"],
  });
}

export const SCENARIOS = {
  "within-budget": withinBudget,
  blocked,
  "over-before": overBefore,
  "set-updates": setUpdates,
  "declared-elsewhere": declaredElsewhere,
  "index-shift": indexShift,
  accepted,
} as const;

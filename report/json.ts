import { fixText, isoDate } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { BudgetChart, Report, messageOf } from "./model";
import { changeLabel, lossKind, pairKind, releaseStatus } from "./words";

/** An instant in JSON: ISO 8601, or null where there is none. */
export const isoOrNull = (t: number | null) => (t === null ? null : isoDate(t));

/** The chart's data in JSON: buckets by their first day, and when the first slot frees. */
export function chartJson(c: BudgetChart) {
  return {
    bucketDays: c.bucketDays,
    buckets: c.buckets.map((b) => ({ from: isoDate(b.from), churn: b.churn })),
    firstSlotFreesAt: isoOrNull(c.firstSlotFreesAt),
  };
}

/** The stable JSON shape of `--format json`: 0.1's fields kept; findings, releases, coverage and the chart added. */
export function toJson(r: Report) {
  const v = r.verdict;
  return {
    ok: r.ok,
    blockedBy: r.blockedBy,
    quota: v.quota,
    budget: v.budget,
    reserved: v.reserved,
    limit: v.limit,
    windowDays: v.windowDays,
    ratioPercent: v.ratioPercent,
    now: isoDate(v.now),
    used: v.used,
    claims: v.planned.claims,
    releases: v.planned.releases,
    projected: v.projected,
    headroom: v.headroom,
    overBy: v.overBy,
    overBefore: v.overBefore,
    freesAt: isoOrNull(v.freesAt),
    message: messageOf(r),
    resources: r.resources
      .filter((x) => x.claims + x.releases > 0)
      .map((x) => ({
        address: x.resource,
        op: x.op,
        // A set that stays declared: how it changes ("update (grows by 2)"), where "update" alone says nothing.
        ...(x.op === "update" ? { change: changeLabel(x) } : {}),
        claims: x.claims,
        releases: x.releases,
      })),
    released: r.findings.releases.map((x) => ({
      resource: x.resource,
      phoneNumber: x.phoneNumber ?? null,
      phoneNumberId: x.phoneNumberId ?? null,
      reason: x.reason,
      importedFrom: x.importedFrom ?? null,
      refused: x.refused ?? null,
      declaredElsewhere: x.declaredElsewhere ?? null,
      acceptedBy: x.accepted?.entry ?? null,
      acceptedFrom: x.accepted?.source ?? null,
      blocking: releaseStatus(x).level === "blocked",
    })),
    imports: r.findings.imports,
    sms: {
      countedInBudget: false,
      note: SMS_NOT_COUNTED,
      released: r.findings.sms.releases.map((x) => ({
        resource: x.resource,
        type: x.type,
        phoneNumber: x.phoneNumber ?? null,
        phoneNumberId: x.phoneNumberId ?? null,
        arn: x.arn ?? null,
        region: x.region ?? null,
        reason: x.reason,
        refused: x.refused ?? null,
        acceptedBy: x.accepted?.entry ?? null,
        acceptedFrom: x.accepted?.source ?? null,
        blocking: x.blocking || x.refused !== undefined,
      })),
      requested: r.findings.sms.requests.map((q) => ({
        resource: q.resource,
        type: q.type,
        replaces: q.replaces !== undefined,
      })),
    },
    renames: r.findings.renames.map((f) => ({
      kind: pairKind(f),
      loss: lossKind(f),
      phoneNumber: f.phoneNumber ?? null,
      released: f.released.resource,
      claim: f.claim.resource,
      assumed: f.assumed,
      // The fix in the words of the plan's tool: a `moved {}` block of Pulumi URNs is no fix anyone can apply.
      fix: r.input.format === "terraform-plan" ? { terraform: f.fix.terraform } : { pulumi: fixText(f.fix) },
      chain: f.chain ?? null,
      acceptedBy: f.accepted?.entry ?? null,
      // Which list the entry came from: "flag" (--allow-release) or "stack-config" (connect-numbers:allowReleases).
      acceptedFrom: f.accepted?.source ?? null,
      blocking: f.accepted === undefined,
      // Only the stack's connect-numbers:allowReleases releases it (the provider's list), and the command that does.
      ...(f.stackOnly !== undefined ? { stackOnly: f.stackOnly } : {}),
    })),
    unmatchedAllowRelease: r.findings.unmatchedAllows,
    waves: r.waves.feasible
      ? r.waves.waves.map((w) => ({
          at: isoDate(w.at),
          operations: w.operations.map((o) => ({ action: o.action, resource: o.resource, phoneNumber: o.phoneNumber })),
        }))
      : null,
    input: { name: r.input.name, format: r.input.format, notes: [...r.input.notes, ...r.input.caveats] },
    history: {
      sources: r.history.sources,
      coveredDays: r.history.coveredDays,
      quotaSource: r.history.quotaSource,
      completeSince:
        r.history.completeSince === null
          ? null
          : Number.isFinite(r.history.completeSince)
            ? isoDate(r.history.completeSince)
            : "all",
      ...(r.history.completeUntil !== undefined ? { completeUntil: isoDate(r.history.completeUntil) } : {}),
      unseenDays: r.history.unseenDays,
      coverage: r.history.coverage,
      unseenHistory: r.history.unseenHistory,
    },
    chart: chartJson(r.chart),
  };
}

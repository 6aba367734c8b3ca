import { PlannedOperation, Verdict, WavePlan, explainVerdict, isoDate } from "../core";
import { ResourceSummary } from "./changes";
import { InputFormat } from "./input";

/** One result model; one renderer per output format (cli/render/). */
export interface CheckResult {
  verdict: Verdict;
  message: string;
  resources: ResourceSummary[];
  operations: PlannedOperation[];
  waves: WavePlan;
  input: { name: string; format: InputFormat };
  history: { sources: string[]; coveredDays: number; quotaSource: string };
}

export function checkResult(fields: Omit<CheckResult, "message">): CheckResult {
  const { verdict, history } = fields;
  const partial =
    history.coveredDays < verdict.windowDays
      ? ` Note: the history sources (${history.sources.join(", ") || "none"}) cover only the last ${history.coveredDays} of the ${verdict.windowDays} days; older churn is not counted.`
      : "";
  return { ...fields, message: explainVerdict(verdict) + partial };
}

/** The stable JSON shape of `--format json`. */
export function toJson(r: CheckResult) {
  const v = r.verdict;
  return {
    ok: v.ok,
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
    freesAt: v.freesAt === null ? null : isoDate(v.freesAt),
    blockedBy: v.blockedBy,
    message: r.message,
    resources: r.resources.filter((x) => x.claims + x.releases > 0).map((x) => ({ address: x.resource, op: x.op, claims: x.claims, releases: x.releases })),
    waves: r.waves.feasible ? r.waves.waves.map((w) => ({ at: isoDate(w.at), operations: w.operations.map((o) => ({ action: o.action, resource: o.resource, phoneNumber: o.phoneNumber })) })) : null,
    input: r.input,
    history: r.history,
  };
}

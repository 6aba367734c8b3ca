import { PlannedOperation, Verdict, WavePlan, explainVerdict, isoDate } from "../core";
import { ResourceSummary } from "./changes";
import { Findings } from "./findings";
import { InputFormat } from "./input";
import { ChurnWindow } from "./window";

export type BlockReason = Verdict["blockedBy"][number] | "rename" | "release";

/** One result model; one renderer per output format (cli/render/). */
export interface CheckResult {
  ok: boolean;
  blockedBy: BlockReason[];
  verdict: Verdict;
  /** The verdict in words, the blocking findings, and what the history covered. */
  message: string;
  resources: ResourceSummary[];
  operations: PlannedOperation[];
  waves: WavePlan;
  findings: Findings;
  input: { name: string; path?: string; format: InputFormat; notes: string[] };
  history: {
    sources: string[];
    coveredDays: number;
    quotaSource: string;
    completeSince: number | null;
    unseenDays: number;
    coverage: string;
    unseenHistory: ChurnWindow["unseenHistory"];
  };
  /** Where SARIF locations' relative program paths start. */
  projectDir: string;
  failOn: string[];
}

export function checkResult(fields: Omit<CheckResult, "message" | "ok" | "blockedBy">): CheckResult {
  const { verdict, findings } = fields;
  const blockedBy: BlockReason[] = [...verdict.blockedBy];
  const blockingRenames = findings.renames.filter((f) => !f.acceptedBy);
  if (blockingRenames.length > 0) blockedBy.push("rename");
  if (findings.releases.some((r) => r.blocking)) blockedBy.push("release");
  const parts = [explainVerdict(verdict)];
  if (blockingRenames.length > 0) parts.push(`${blockingRenames.length === 1 ? "One number" : `${blockingRenames.length} numbers`} would be released and claimed again under a new name, which loses the number: ${blockingRenames.map(renameSentence).join(" ")}`);
  const blockingReleases = findings.releases.filter((r) => r.blocking);
  if (blockingReleases.length > 0) parts.push(`--fail-on release: the plan releases ${blockingReleases.length} number(s) no --allow-release names.`);
  const accepted = [...findings.renames.filter((f) => f.acceptedBy).map((f) => `${f.released.resource} (${f.phoneNumber ?? "its number"}) with --allow-release ${f.acceptedBy}`)];
  if (accepted.length > 0) parts.push(`Released on purpose, as accepted: ${accepted.join("; ")}.`);
  parts.push(`History: ${fields.history.coverage}.`);
  return { ...fields, ok: blockedBy.length === 0, blockedBy, message: parts.join(" ") };
}

export function renameSentence(f: Findings["renames"][number]): string {
  const number = f.phoneNumber ?? f.released.phoneNumberId ?? "its number";
  const how = f.kind === "rename" ? "claims the same number" : `searches for a number it meets (${[f.claim.countryCode, f.claim.type, f.claim.prefix].filter(Boolean).join(" ") || "any"})`;
  const assumed = f.assumed.length > 0 ? ` (assumed: ${f.assumed.join(", ")} unknown at preview)` : "";
  // The fix in the plan's own tool (JSON carries both).
  const fix = f.released.resource.startsWith("urn:pulumi:") ? `Pulumi \`${f.fix.pulumi}\` on ${f.claim.resource}` : `a Terraform \`${f.fix.terraform.replace(/\s*\n\s*/g, " ").replace(/\s+/g, " ")}\` block`;
  return `${f.released.resource} releases ${number} while ${f.claim.resource} ${how}${assumed}; keep the number with ${fix}.`;
}

/** The one-line status every human format leads with. */
export function headline(r: CheckResult): { level: "ok" | "warning" | "blocked"; text: string } {
  if (!r.ok) {
    const why: string[] = [];
    if (r.blockedBy.includes("rename")) why.push("a rename would lose a number");
    if (r.blockedBy.includes("over-budget") || r.blockedBy.includes("plan-exceeds-budget")) why.push("churn over budget");
    if (r.blockedBy.includes("over-active-quota")) why.push("more active numbers than the quota");
    if (r.blockedBy.includes("release")) why.push("releases a number (--fail-on release)");
    return { level: "blocked", text: `Phone-number plan blocked: ${why.join("; ")}` };
  }
  if (r.verdict.overBefore > 0) return { level: "warning", text: `Account already over its phone-number churn budget (${r.verdict.used} of ${r.verdict.limit})` };
  if (r.history.unseenDays > 0) return { level: "warning", text: `Phone-number churn within budget, but ${r.history.unseenDays} day(s) of history unseen` };
  return { level: "ok", text: "Phone-number churn within budget" };
}

/** "+18005550100 (id …)" or the id alone. */
export function numberLabel(x: { phoneNumber?: string; phoneNumberId?: string }): string {
  if (x.phoneNumber && x.phoneNumberId) return `${x.phoneNumber} (${x.phoneNumberId})`;
  return x.phoneNumber ?? x.phoneNumberId ?? "unknown number";
}

/** The stable JSON shape of `--format json` (0.1's fields kept; findings, releases and coverage added). */
export function toJson(r: CheckResult) {
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
    freesAt: v.freesAt === null ? null : isoDate(v.freesAt),
    message: r.message,
    resources: r.resources.filter((x) => x.claims + x.releases > 0).map((x) => ({ address: x.resource, op: x.op, claims: x.claims, releases: x.releases })),
    released: r.findings.releases.map((x) => ({ resource: x.resource, phoneNumber: x.phoneNumber ?? null, phoneNumberId: x.phoneNumberId ?? null, reason: x.reason, acceptedBy: x.acceptedBy ?? null, blocking: x.blocking })),
    renames: r.findings.renames.map((f) => ({
      kind: f.kind,
      phoneNumber: f.phoneNumber ?? null,
      released: f.released.resource,
      claim: f.claim.resource,
      assumed: f.assumed,
      fix: f.fix,
      acceptedBy: f.acceptedBy ?? null,
      blocking: f.acceptedBy === undefined,
    })),
    unmatchedAllowRelease: r.findings.unmatchedAllows,
    waves: r.waves.feasible ? r.waves.waves.map((w) => ({ at: isoDate(w.at), operations: w.operations.map((o) => ({ action: o.action, resource: o.resource, phoneNumber: o.phoneNumber })) })) : null,
    input: { name: r.input.name, format: r.input.format, notes: r.input.notes },
    history: {
      sources: r.history.sources,
      coveredDays: r.history.coveredDays,
      quotaSource: r.history.quotaSource,
      completeSince: r.history.completeSince === null ? null : Number.isFinite(r.history.completeSince) ? isoDate(r.history.completeSince) : "all",
      unseenDays: r.history.unseenDays,
      coverage: r.history.coverage,
      unseenHistory: r.history.unseenHistory,
    },
  };
}

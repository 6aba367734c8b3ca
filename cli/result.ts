import { PlannedOperation, Verdict, WavePlan, explainVerdict, isoDate } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { ResourceSummary } from "../plan/changes";
import { Findings, ReleaseView, SmsReleaseView } from "./findings";
import { InputFormat } from "./input";
import { ChurnWindow } from "./window";

export type BlockReason = Verdict["blockedBy"][number] | "rename" | "release" | "release-refused" | "sms-release-refused";

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
  if (findings.releases.some((r) => r.blocking) || findings.sms.releases.some((r) => r.blocking)) blockedBy.push("release");
  const refusedConnect = findings.releases.filter((r) => r.refused);
  if (refusedConnect.length > 0) blockedBy.push("release-refused");
  const refused = findings.sms.releases.filter((r) => r.refused);
  if (refused.length > 0) blockedBy.push("sms-release-refused");
  const parts = [explainVerdict(verdict)];
  if (blockingRenames.length > 0) parts.push(`${blockingRenames.length === 1 ? "One number" : `${blockingRenames.length} numbers`} would be released while another resource (or the same one, replaced) takes it again, which loses the number: ${blockingRenames.map(renameSentence).join(" ")}`);
  if (refusedConnect.length > 0) {
    parts.push(`The provider would refuse ${refusedConnect.length === 1 ? "one of these releases" : `${refusedConnect.length} of these releases`}, so the apply would stop halfway, after the changes applied before it: ${refusedConnect.map((r) => r.refused!.message).join(" ")}`);
  }
  const blockingReleases = [...findings.releases, ...findings.sms.releases].filter((r) => r.blocking);
  if (blockingReleases.length > 0) parts.push(`--fail-on release: the plan releases ${blockingReleases.length} number(s) no --allow-release names.`);
  if (findings.imports.length > 0) parts.push(`${findings.imports.length} Connect number(s) imported from End User Messaging SMS (ImportPhoneNumber): each import counts as a claim against Connect's budget, and its later release from Connect as a release.`);
  if (findings.sms.releases.length > 0) parts.push(`The plan releases ${findings.sms.releases.length} SMS origination number(s) of End User Messaging SMS, listed apart: ${SMS_NOT_COUNTED}.`);
  if (refused.length > 0) {
    parts.push(`AWS would refuse ${refused.length === 1 ? "one of these releases" : `${refused.length} of these releases`}, so the apply would stop halfway, after the changes applied before it: ${refused.map((r) => r.refused!.message).join(" ")}`);
  }
  const accepted = [...findings.renames.filter((f) => f.acceptedBy).map((f) => `${f.released.resource} (${f.phoneNumber ?? "its number"}) with --allow-release ${f.acceptedBy}`)];
  if (accepted.length > 0) parts.push(`Released on purpose, as accepted: ${accepted.join("; ")}.`);
  parts.push(`History: ${fields.history.coverage}.`);
  return { ...fields, ok: blockedBy.length === 0, blockedBy, message: parts.join(" ") };
}

export function renameSentence(f: Findings["renames"][number]): string {
  const number = f.phoneNumber ?? f.released.phoneNumberId ?? "its number";
  const assumed = f.assumed.length > 0 ? ` (assumed: ${f.assumed.join(", ")} unknown at preview)` : "";
  // The fix in the plan's own tool (JSON carries both).
  const pulumi = f.released.resource.startsWith("urn:pulumi:");
  if (f.kind === "adopt-release") {
    return `${f.released.resource} releases ${number} when the plan deletes it (only connect-numbers' own PhoneNumber skips that release), after ${f.claim.resource} adopts it: the number is gone for good; migrate it instead: ${pulumi ? f.fix.pulumi : f.fix.terraform}.`;
  }
  if (f.kind === "same-number") {
    return `${f.released.resource} is replaced and claims ${number} again, the very number its old instance releases: released and claimed in one apply, the number goes into its cooldown and the apply fails halfway; ${pulumi ? f.fix.pulumi : f.fix.terraform}.`;
  }
  const how =
    f.kind === "rename"
      ? "claims the same number"
      : `searches for a number it meets (${[f.claim.countryCode, f.claim.type, f.claim.prefix].filter(Boolean).join(" ") || "any"}), and a search takes a fresh number, never the one another resource lets go${f.released.ours ? " (connect-numbers releases it, or refuses that release and stops the apply)" : ""}`;
  const chain = f.chain ? ` (one chain: ${f.chain.join(" ← ")}, each replacement claiming the number the next one releases)` : "";
  const noAlias = f.released.byReplacement || f.claim.byReplacement;
  const fix = noAlias
    ? pulumi
      ? `Pulumi \`${f.fix.pulumi}\``
      : `Terraform: ${f.fix.terraform}`
    : pulumi
      ? `Pulumi \`${f.fix.pulumi}\` on ${f.claim.resource}`
      : `a Terraform \`${f.fix.terraform.replace(/\s*\n\s*/g, " ").replace(/\s+/g, " ")}\` block`;
  return `${f.released.resource} releases ${number} while ${f.claim.resource} ${how}${assumed}${chain}; keep the number with ${fix}.`;
}

/** The one-line status every human format leads with. */
export function headline(r: CheckResult): { level: "ok" | "warning" | "blocked"; text: string } {
  if (!r.ok) {
    const why: string[] = [];
    if (r.blockedBy.includes("rename")) why.push("a rename would lose a number");
    if (r.blockedBy.includes("over-budget") || r.blockedBy.includes("plan-exceeds-budget")) why.push("churn over budget");
    if (r.blockedBy.includes("over-active-quota")) why.push("more active numbers than the quota");
    if (r.blockedBy.includes("release")) why.push("releases a number (--fail-on release)");
    if (r.blockedBy.includes("release-refused")) why.push("deletes a number the provider refuses to release (deletion protection), so the apply would stop halfway");
    if (r.blockedBy.includes("sms-release-refused")) why.push("deletes an SMS number AWS refuses to release, so the apply would stop halfway");
    return { level: "blocked", text: `Phone-number plan blocked: ${why.join("; ")}` };
  }
  if (r.verdict.overBefore > 0) return { level: "warning", text: `Account already over its phone-number churn budget (${r.verdict.used} of ${r.verdict.limit})` };
  if (r.history.unseenDays > 0) return { level: "warning", text: `Phone-number churn within budget, but ${r.history.unseenDays} day(s) of history unseen` };
  return { level: "ok", text: "Phone-number churn within budget" };
}

/** Why AWS would refuse an SMS release, in a few words. */
export function refusalLabel(x: SmsReleaseView): string {
  return x.refused?.reason === "pool" ? "in a pool" : "deletion protection";
}

/** What one Connect release's status is, in every human format. */
export function releaseStatus(x: ReleaseView): { level: "blocked" | "accepted" | "released"; text: string } {
  if (x.refused) return { level: "blocked", text: `blocking: the provider refuses (deletion protection${x.acceptedBy ? `; --allow-release ${x.acceptedBy} cannot waive it` : ""})` };
  if (x.acceptedBy) return { level: "accepted", text: `accepted by --allow-release ${x.acceptedBy}` };
  if (x.blocking) return { level: "blocked", text: "blocking (--fail-on release)" };
  return { level: "released", text: "released" };
}

/** What one SMS release's status is, in every human format. */
export function smsStatus(x: SmsReleaseView): { level: "blocked" | "accepted" | "released"; text: string } {
  if (x.refused) return { level: "blocked", text: `blocking: AWS refuses (${refusalLabel(x)}${x.acceptedBy ? `; --allow-release ${x.acceptedBy} cannot waive it` : ""})` };
  if (x.acceptedBy) return { level: "accepted", text: `accepted by --allow-release ${x.acceptedBy}` };
  if (x.blocking) return { level: "blocked", text: "blocking (--fail-on release)" };
  return { level: "released", text: "released" };
}

/** "from SMS arn:…" for a Connect number imported from End User Messaging SMS. */
export function importLabel(from: string): string {
  return from === "unknown" ? "imported from an SMS number known at apply" : `imported from ${from}`;
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
    released: r.findings.releases.map((x) => ({
      resource: x.resource,
      phoneNumber: x.phoneNumber ?? null,
      phoneNumberId: x.phoneNumberId ?? null,
      reason: x.reason,
      importedFrom: x.importedFrom ?? null,
      refused: x.refused ?? null,
      acceptedBy: x.acceptedBy ?? null,
      blocking: x.blocking || x.refused !== undefined,
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
        acceptedBy: x.acceptedBy ?? null,
        blocking: x.blocking || x.refused !== undefined,
      })),
      requested: r.findings.sms.requests.map((q) => ({ resource: q.resource, type: q.type, replaces: q.replaces !== undefined })),
    },
    renames: r.findings.renames.map((f) => ({
      kind: f.kind,
      phoneNumber: f.phoneNumber ?? null,
      released: f.released.resource,
      claim: f.claim.resource,
      assumed: f.assumed,
      fix: f.fix,
      chain: f.chain ?? null,
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

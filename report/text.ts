import { churnWords, isoDate, unseenSpan } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { Report, messageOf } from "./model";
import {
  allowanceWords,
  changeLabel,
  headline,
  importLabel,
  numberLabel,
  releaseStatus,
  renameSentence,
  smsStatus,
} from "./words";
import { scheduleOf } from "./waves";

const LABEL = { blocked: "BLOCKED", warning: "WARNING", ok: "OK" } as const;

export function renderText(r: Report): string {
  const v = r.verdict;
  const head = headline(r);
  const lines = [
    `${LABEL[head.level]}: ${head.text}`,
    "",
    messageOf(r),
    "",
    `window ${v.windowDays} days to ${isoDate(v.now)} · quota ${v.quota} (${r.history.quotaSource}) · budget ${v.budget} (${v.ratioPercent}% of quota)${v.reserved ? ` (${v.reserved} reserved, ${v.limit} usable)` : ""}`,
    `used ${v.used} + planned ${churnWords(v.planned, { zeros: true })} = ${v.projected}${v.overBy ? ` (${v.overBy} over)` : ""}${r.history.unseenDays > 0 ? ` · ${unseenSpan(r.history.unseenMs)} of history unseen (--unseen-history ${r.history.unseenHistory})` : ""}`,
  ];
  if (r.findings.renames.length > 0) {
    lines.push("", "renames, re-claims and lost numbers:");
    for (const f of r.findings.renames)
      lines.push(`  ${f.accepted ? `ACCEPTED (${allowanceWords(f.accepted)})` : "BLOCKING"}: ${renameSentence(f)}`);
  }
  if (r.findings.releases.length > 0) {
    lines.push("", `numbers this plan releases (${r.findings.releases.length}):`);
    for (const x of r.findings.releases) {
      const status = releaseStatus(x);
      lines.push(
        `  ${numberLabel(x)}  ${x.reason.padEnd(14)} ${x.resource}${status.level === "planned" ? "" : `  ${status.text.replace(/^blocking/, "BLOCKING")}`}${x.importedFrom ? `  (${importLabel(x.importedFrom)})` : ""}`,
      );
      if (x.declaredElsewhere) lines.push(`      ${x.declaredElsewhere.message}`);
      if (x.refused) lines.push(`      ${x.refused.message}`);
    }
  }
  const sms = r.findings.sms.releases;
  if (sms.length > 0) {
    lines.push("", `SMS origination numbers this plan releases (${sms.length}), ${SMS_NOT_COUNTED}:`);
    for (const x of sms) {
      const status = smsStatus(x);
      lines.push(
        `  ${numberLabel(x)}  ${x.reason.padEnd(14)} ${x.resource}${status.level === "planned" ? "" : `  ${status.text.replace(/^blocking/, "BLOCKING")}`}`,
      );
      if (x.refused) lines.push(`      ${x.refused.message}`);
    }
  }
  const churning = r.resources.filter((x) => x.claims + x.releases > 0);
  if (churning.length > 0) {
    lines.push("", "resources:");
    for (const x of churning) lines.push(`  ${changeLabel(x).padEnd(14)} ${x.resource}  (${churnWords(x)})`);
  }
  for (const a of r.findings.unmatchedAllows)
    lines.push("", `note: --allow-release ${a} names nothing this plan releases`);
  for (const n of [...r.input.notes, ...r.input.caveats]) lines.push("", `note: ${n}`);
  // Offer a schedule only when plan-waves gives one (it refuses some that core/waves.ts finds).
  if (!v.ok && scheduleOf(r).feasible && r.waves.waves.length > 1) {
    lines.push(
      "",
      `a safe schedule in ${r.waves.waves.length} waves: run \`connect-numbers plan-waves\` for the commands`,
    );
  }
  return lines.join("\n");
}

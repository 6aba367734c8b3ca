import { isoDate } from "../../core";
import { CheckResult } from "../result";

export function renderText(r: CheckResult): string {
  const v = r.verdict;
  const lines = [
    `${v.ok ? "OK" : "OVER BUDGET"}: ${r.message}`,
    "",
    `window ${v.windowDays} days to ${isoDate(v.now)} · quota ${v.quota} (${r.history.quotaSource}) · budget ${v.budget}${v.reserved ? ` (${v.reserved} reserved, ${v.limit} usable)` : ""}`,
    `used ${v.used} + planned ${v.planned.claims} claims, ${v.planned.releases} releases = ${v.projected}${v.overBy ? ` (${v.overBy} over)` : ""}`,
  ];
  const churning = r.resources.filter((x) => x.claims + x.releases > 0);
  if (churning.length > 0) {
    lines.push("", "resources:");
    for (const x of churning) lines.push(`  ${x.op.padEnd(8)} ${x.resource}  (+${x.claims} claim, +${x.releases} release)`);
  }
  if (!v.ok && r.waves.feasible && r.waves.waves.length > 1) {
    lines.push("", `a safe schedule in ${r.waves.waves.length} waves: run \`connect-numbers plan-waves\` for the commands`);
  }
  return lines.join("\n");
}

import { isoDate } from "../../core";
import { CheckResult } from "../result";

/** The first line never changes: a workflow finds its earlier comment by it and updates it in place. */
export const COMMENT_MARKER = "<!-- connect-numbers:check -->";
const MAX_BYTES = 64_000;
const MAX_ROWS = 200;

export function renderMarkdown(r: CheckResult): string {
  const v = r.verdict;
  const head = [
    COMMENT_MARKER,
    `### ${v.ok ? "✅ Phone-number churn within budget" : "⛔ Phone-number churn over budget"}`,
    "",
    r.message,
    "",
    "| window | quota | budget | used | planned claims | planned releases | projected | over by | frees up |",
    "|---|---|---|---|---|---|---|---|---|",
    `| ${v.windowDays} days | ${v.quota} | ${v.limit}${v.reserved ? ` (+${v.reserved} reserved)` : ""} | ${v.used} | ${v.planned.claims} | ${v.planned.releases} | ${v.projected} | ${v.overBy} | ${v.freesAt === null ? "never (split the change)" : isoDate(v.freesAt)} |`,
  ];
  const churning = r.resources.filter((x) => x.claims + x.releases > 0);
  const rows = churning.slice(0, MAX_ROWS).map((x) => `| \`${x.resource}\` | ${x.op} | ${x.claims} | ${x.releases} |`);
  const table = churning.length > 0 ? ["", "| resource | op | claims | releases |", "|---|---|---|---|", ...rows] : [];
  if (churning.length > MAX_ROWS) table.push("", `…and ${churning.length - MAX_ROWS} more resources.`);
  const foot = ["", `<sub>connect-numbers check · ${r.input.format} · history: ${r.history.sources.join(", ") || "none"}</sub>`];
  let text = [...head, ...table, ...foot].join("\n");
  while (Buffer.byteLength(text) > MAX_BYTES && table.length > 4) {
    table.splice(table.length - 2, 1);
    text = [...head, ...table, "", "…(list cut to fit one comment)", ...foot].join("\n");
  }
  return text;
}

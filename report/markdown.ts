import { isoDate, unseenSpan } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { mermaidChart } from "./chart";
import { Report } from "./model";
import {
  allowanceWords,
  changeLabel,
  fitsLabel,
  headline,
  importLabel,
  numberLabel,
  reasonLabel,
  releaseStatus,
  renameSentence,
  resourceName,
  smsStatus,
} from "./words";

/** The first line never changes: a workflow finds its earlier comment by it and updates it in place. */
export const COMMENT_MARKER = "<!-- connect-numbers:check -->";
/** GitHub refuses comments over 65,536 characters: the per-resource table is cut to fit, never the releases. */
const MAX_BYTES = 64_000;
const ICON = { ok: "✅", warning: "⚠️", blocked: "⛔" } as const;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const html = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** A resource by its short name; the full URN on hover (and in the details block below the tables). */
const resourceCell = (resource: string) =>
  `<code title="${cell(html(resource))}">${cell(html(resourceName(resource)))}</code>`;

/** A PR comment: the verdict, the budget as numbers and as a chart, every release and finding, and the resources. */
export function renderMarkdown(r: Report): string {
  const v = r.verdict;
  const head = headline(r);
  const top = [
    COMMENT_MARKER,
    `### ${ICON[head.level]} ${head.text}`,
    "",
    r.sentences.join(" "),
    "",
    "| window | quota | budget | used | planned claims | planned releases | projected | over by | fits |",
    "|---|---|---|---|---|---|---|---|---|",
    `| ${v.windowDays} days | ${v.quota} | ${v.limit}${v.reserved ? ` (+${v.reserved} reserved)` : ""} (${v.ratioPercent}%) | ${v.used}${v.overBefore ? ` (**${v.overBefore} over already**)` : ""} | ${v.planned.claims} | ${v.planned.releases} | ${v.projected} | ${v.overBy} | ${fitsLabel(v, isoDate)} |`,
    "",
    `**History:** ${cell(r.history.coverage)}${r.history.unseenDays > 0 ? ` (**${unseenSpan(r.history.unseenMs)} unseen**, --unseen-history ${r.history.unseenHistory})` : ""}`,
    "",
    "```mermaid",
    mermaidChart(r.chart),
    "```",
  ];
  const renames =
    r.findings.renames.length === 0
      ? []
      : [
          "",
          "#### Renames, re-claims and lost numbers",
          "",
          ...r.findings.renames.map(
            (f) =>
              `- ${f.accepted ? `**accepted** with \`${cell(allowanceWords(f.accepted))}\`` : "⛔ **blocking**"}: ${cell(renameSentence(f))}`,
          ),
        ];
  const releases =
    r.findings.releases.length === 0
      ? []
      : [
          "",
          `#### Numbers this plan releases (${r.findings.releases.length})`,
          "",
          "| number | resource | why | status |",
          "|---|---|---|---|",
          ...r.findings.releases.map((x) => {
            const status = releaseStatus(x);
            return `| ${cell(numberLabel(x))}${x.importedFrom ? ` (${cell(importLabel(x.importedFrom))})` : ""} | ${resourceCell(x.resource)} | ${reasonLabel(x.reason)} | ${status.level === "blocked" ? "⛔ " : ""}${cell(status.text)} |`;
          }),
          ...r.findings.releases
            .flatMap((x) => [x.declaredElsewhere?.message, x.refused?.message])
            .flatMap((m) => (m === undefined ? [] : ["", `> ⛔ ${cell(m)}`])),
        ];
  const smsReleases = r.findings.sms.releases;
  const sms =
    smsReleases.length === 0
      ? []
      : [
          "",
          `#### SMS origination numbers this plan releases (${smsReleases.length})`,
          "",
          `${cell(SMS_NOT_COUNTED.charAt(0).toUpperCase() + SMS_NOT_COUNTED.slice(1))}.`,
          "",
          "| number | resource | why | status |",
          "|---|---|---|---|",
          ...smsReleases.map((x) => {
            const status = smsStatus(x);
            return `| ${cell(numberLabel(x))} | ${resourceCell(x.resource)} | ${reasonLabel(x.reason)} | ${status.level === "blocked" ? "⛔ " : ""}${cell(status.text)} |`;
          }),
          ...smsReleases.filter((x) => x.refused).flatMap((x) => ["", `> ⛔ ${cell(x.refused!.message)}`]),
        ];
  const notes = [
    ...r.findings.unmatchedAllows.map((a) => `\`--allow-release ${cell(a)}\` names nothing this plan releases.`),
    ...r.input.notes,
  ].map((n) => `> ${n}`);
  const caveats = r.input.caveats.map((c) => `<sub>${cell(c)}</sub>`);
  const foot = ["", `<sub>connect-numbers check · ${r.input.format} · ${cell(r.input.name)}</sub>`];
  const churning = r.resources.filter((x) => x.claims + x.releases > 0);
  const rows = churning.map((x) => `| ${resourceCell(x.resource)} | ${changeLabel(x)} | ${x.claims} | ${x.releases} |`);
  const compose = (shown: number) => {
    const table =
      shown === 0 && churning.length === 0
        ? []
        : [
            "",
            "#### Resources",
            "",
            "| resource | op | claims | releases |",
            "|---|---|---|---|",
            ...rows.slice(0, shown),
          ];
    if (shown < churning.length)
      table.push(
        "",
        `…and ${churning.length - shown} more resources (cut to fit one comment; \`--format json\` lists all).`,
      );
    const named = [
      ...new Set([
        ...r.findings.releases.map((x) => x.resource),
        ...smsReleases.map((x) => x.resource),
        ...churning.slice(0, shown).map((x) => x.resource),
      ]),
    ].filter((u) => resourceName(u) !== u);
    const urns =
      named.length === 0
        ? []
        : [
            "",
            `<details><summary>Resource URNs (${named.length})</summary>`,
            "",
            ...named.map((u) => `- \`${resourceName(u)}\`: \`${u}\``),
            "",
            "</details>",
          ];
    return [
      ...top,
      ...renames,
      ...releases,
      ...sms,
      ...(notes.length ? ["", ...notes] : []),
      ...table,
      ...urns,
      ...(caveats.length ? ["", ...caveats] : []),
      ...foot,
    ].join("\n");
  };
  // Binary search for the most resource rows that fit; releases (SMS ones too) and renames are never cut.
  let lo = 0;
  let hi = rows.length;
  if (Buffer.byteLength(compose(hi)) > MAX_BYTES) {
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (Buffer.byteLength(compose(mid)) <= MAX_BYTES) lo = mid;
      else hi = mid - 1;
    }
  } else {
    lo = hi;
  }
  return compose(lo);
}

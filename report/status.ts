import { isoDate } from "../core";
import { chartTitle, legendOf, mermaidChart, svgChart } from "./chart";
import { chartJson, isoOrNull } from "./json";
import type { LedgerStatus } from "../ledger/types";
import { BudgetChart } from "./model";

/** What `ledger status` says: the ledger's coverage, the window's usage, the last sync, and the window as a chart. */
export interface StatusReport extends Pick<
  LedgerStatus,
  "completeUntil" | "entries" | "lastSync" | "assertions" | "windowBytes" | "maxWindowBytes"
> {
  ledger: string;
  accountId: string;
  region: string;
  now: number;
  /** The coverage sentence every face says (core/coverage.ts). */
  coverage: string;
  completeSince: number | null;
  windowDays: number;
  used: number;
  /** null when the quota could not be read (`quotaNote` says why). */
  limit: number | null;
  quotaNote?: string;
  chart: BudgetChart;
}

const since = (t: number | null) => (t === -Infinity ? "beginning" : isoOrNull(t));

const syncJson = (sync: LedgerStatus["lastSync"]) =>
  sync ? { ...sync, at: isoDate(sync.at), from: isoDate(sync.from), to: isoDate(sync.to) } : null;

export function statusJson(s: StatusReport) {
  return {
    ledger: s.ledger,
    accountId: s.accountId,
    region: s.region,
    now: isoDate(s.now),
    coverage: s.coverage,
    completeSince: since(s.completeSince),
    completeUntil: isoOrNull(s.completeUntil),
    windowDays: s.windowDays,
    used: s.used,
    limit: s.limit,
    entries: s.entries,
    lastSync: syncJson(s.lastSync),
    assertions: s.assertions.map((a) => ({
      since: isoDate(a.since),
      by: a.by,
      at: isoDate(a.at),
      retracted: a.retracted ? { by: a.retracted.by, at: isoDate(a.retracted.at) } : null,
    })),
    windowBytes: s.windowBytes,
    maxWindowBytes: s.maxWindowBytes,
    chart: chartJson(s.chart),
  };
}

/** The status's lines, shared by text and HTML. */
function statusLines(s: StatusReport): Array<[label: string, text: string]> {
  const sync = s.lastSync;
  return [
    ["ledger", `${s.ledger}, account ${s.accountId}, region ${s.region}`],
    ["coverage", `${s.coverage}${s.completeUntil === null ? "" : `; complete until ${isoDate(s.completeUntil)}`}`],
    [
      "usage",
      `${s.used}${s.limit === null ? "" : ` of ${s.limit}`} claims and releases in the ${s.windowDays} days to ${isoDate(s.now)}` +
        ` (${s.entries.reserved} reserved, ${s.entries.committed} committed by guards, ${s.entries.imported} imported)${s.quotaNote ? `; ${s.quotaNote}` : ""}`,
    ],
    [
      "last sync",
      sync
        ? `${isoDate(sync.at)} by ${sync.by}: ${sync.added} added, ${sync.matched} matched to reservations, ${sync.known} known, ${sync.freed} reservations freed, ${sync.inferredReleases} releases inferred`
        : "never (schedule `connect-numbers ledger sync` daily: docs/ledger.md)",
    ],
    ...s.assertions.map((a): [string, string] => [
      "assertion",
      `no churn before ${isoDate(a.since)}, by ${a.by} at ${isoDate(a.at)}${a.retracted ? `; retracted by ${a.retracted.by} at ${isoDate(a.retracted.at)}` : ""}`,
    ]),
    ["window item", `${s.windowBytes} of ${s.maxWindowBytes} bytes`],
  ];
}

export function statusText(s: StatusReport): string {
  return statusLines(s)
    .map(([label, text]) => `${label}: ${text}`)
    .join("\n");
}

const escapeHtml = (t: string) =>
  t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One self-contained page: the status as a table, the chart as inline SVG, and its Mermaid source for a PR or wiki. */
export function statusHtml(s: StatusReport): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>connect-numbers ledger status</title>',
    "<style>body{font-family:sans-serif;margin:2em;max-width:60em}th{text-align:left;padding-right:1em;vertical-align:top}details{margin-top:1em}</style></head>",
    "<body>",
    `<h1>Phone-number churn: ${escapeHtml(s.accountId)} ${escapeHtml(s.region)}</h1>`,
    svgChart(s.chart),
    `<p>${legendOf(s.chart)
      .map((l) => `<span style="color:${l.color}">■</span> ${l.text}`)
      .join(" · ")}</p>`,
    "<table>",
    ...statusLines(s).map(([label, text]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(text)}</td></tr>`),
    "</table>",
    `<details><summary>Mermaid source (${escapeHtml(chartTitle(s.chart))})</summary><pre>${escapeHtml(mermaidChart(s.chart))}</pre></details>`,
    "</body>",
    "</html>",
  ].join("\n");
}

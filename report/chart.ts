import { ChurnHistory, DAY_MS, isoDate } from "../core";
import { BudgetChart } from "./model";

/** Bars a chart keeps at most: a 180-day window in days would print 180 unreadable labels. */
const MAX_BARS = 30;

/** The window's churn in buckets of days, oldest first, and when its oldest event frees a slot. */
export function budgetChart(x: {
  history: ChurnHistory;
  now: number;
  windowDays: number;
  limit: number | null;
  planned: number;
}): BudgetChart {
  const { history, now, windowDays } = x;
  const windowMs = windowDays * DAY_MS;
  const bucketDays = Math.ceil(windowDays / MAX_BARS);
  const start = now - windowMs;
  const buckets: BudgetChart["buckets"] = [];
  for (let from = start; from < now; from += bucketDays * DAY_MS) {
    const to = Math.min(from + bucketDays * DAY_MS, now);
    buckets.push({ from, churn: history.countAtOrBefore(to) - history.countAtOrBefore(from) });
  }
  const used = history.countInWindow(now, windowMs);
  return {
    windowDays,
    now,
    bucketDays,
    buckets,
    used,
    limit: x.limit,
    planned: x.planned,
    firstSlotFreesAt: used === 0 ? null : history.earliestWithAtMost(used - 1, now, windowMs),
  };
}

const day = (ms: number) => isoDate(ms).slice(0, 10);

/** The chart's title: what is used, this plan's share, and when the first slot frees. */
export function chartTitle(c: BudgetChart): string {
  const plan = c.planned > 0 ? `, this plan +${c.planned}` : "";
  const frees = c.firstSlotFreesAt === null ? "no churn in the window" : `first slot frees ${day(c.firstSlotFreesAt)}`;
  return `Churn: ${c.used} of ${c.limit ?? "an unknown limit"} in ${c.windowDays} days${plan}; ${frees}`;
}

/** Per bar: its label, the history's churn, this plan's share, and the running total in the window. */
function series(c: BudgetChart) {
  const labels = c.buckets.map((b) => day(b.from).slice(5));
  const history = c.buckets.map((b) => b.churn);
  const running: number[] = [];
  for (const n of history) running.push((running[running.length - 1] ?? 0) + n);
  if (c.planned > 0) {
    labels.push("plan");
    history.push(0);
    running.push(c.used + c.planned);
  }
  const plan = labels.map((_, i) => (c.planned > 0 && i === labels.length - 1 ? c.planned : 0));
  return { labels, history, plan, running };
}

/**
 * A Mermaid xychart (GitHub renders it in markdown): bars of churn per bucket and this plan's share, a line of the
 * running total in the window, and a flat line at the limit (where it is known).
 */
export function mermaidChart(c: BudgetChart): string {
  const s = series(c);
  const top = Math.max(c.limit ?? 0, c.used + c.planned, 1);
  const list = (xs: readonly (number | string)[]) =>
    `[${xs.map((x) => (typeof x === "string" ? JSON.stringify(x) : String(x))).join(", ")}]`;
  return [
    "---",
    "config:",
    "  themeVariables:",
    "    xyChart:",
    '      plotColorPalette: "#4c78a8, #f58518, #54a24b, #e45756"',
    "---",
    "xychart-beta",
    `  title ${JSON.stringify(chartTitle(c))}`,
    `  x-axis ${JSON.stringify(c.bucketDays === 1 ? "day" : `${c.bucketDays} days from`)} ${list(s.labels)}`,
    `  y-axis "claims + releases" 0 --> ${top}`,
    `  bar ${list(s.history)}`,
    `  bar ${list(s.plan)}`,
    `  line ${list(s.running)}`,
    ...(c.limit === null ? [] : [`  line ${list(s.labels.map(() => c.limit!))}`]),
  ].join("\n");
}

/** The chart's series in their colours; a picture's legend names only those it draws (legendOf). */
export const LEGEND = [
  { color: "#4c78a8", text: "churn in the window" },
  { color: "#f58518", text: "this plan" },
  { color: "#54a24b", text: "running total" },
  { color: "#e45756", text: "limit" },
] as const;

/** The legend of what this chart draws: no plan's bar without a plan, no limit's line without a quota. */
export function legendOf(c: BudgetChart): ReadonlyArray<(typeof LEGEND)[number]> {
  const [history, plan, running, limit] = LEGEND;
  return [
    ...(c.used > 0 ? [history] : []),
    ...(c.planned > 0 ? [plan] : []),
    running,
    ...(c.limit === null ? [] : [limit]),
  ];
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The SVG's size and its plot's margins, in pixels: room for the title, axis labels, ticks and legend. */
const SVG_LAYOUT = { width: 760, height: 340, left: 48, right: 16, top: 40, bottom: 64 } as const;

/** The same picture as a standalone SVG, for `ledger status --chart` and the HTML report. */
export function svgChart(c: BudgetChart): string {
  const s = series(c);
  const { width, height, left, right, top, bottom } = SVG_LAYOUT;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(c.limit ?? 0, c.used + c.planned, 1);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(s.labels.length, 1);
  const bar = (i: number, v: number, color: string) =>
    v > 0
      ? `<rect x="${(left + i * slot + slot * 0.15).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${color}"/>`
      : "";
  const points = (vs: number[]) =>
    vs.map((v, i) => `${(left + i * slot + slot / 2).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const every = Math.ceil(s.labels.length / 10);
  const ticks = s.labels.map((l, i) =>
    i % every === 0 || l === "plan"
      ? `<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${escapeXml(l)}</text>`
      : "",
  );
  const legend = legendOf(c).map(
    (l, i) =>
      `<rect x="${left + i * 170}" y="${height - 22}" width="12" height="12" fill="${l.color}"/><text x="${left + i * 170 + 18}" y="${height - 12}">${l.text}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeXml(chartTitle(c))}">`,
    `<title>${escapeXml(chartTitle(c))}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(chartTitle(c))}</text>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#333333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333333"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 6}" y="${top + plotH + 4}" text-anchor="end">0</text>`,
    ...s.history.map((v, i) => bar(i, v, LEGEND[0].color)),
    ...s.plan.map((v, i) => bar(i, v, LEGEND[1].color)),
    `<polyline fill="none" stroke="${LEGEND[2].color}" stroke-width="2" points="${points(s.running)}"/>`,
    c.limit === null
      ? ""
      : `<line x1="${left}" y1="${y(c.limit).toFixed(1)}" x2="${width - right}" y2="${y(c.limit).toFixed(1)}" stroke="${LEGEND[3].color}" stroke-width="2" stroke-dasharray="6 4"/>`,
    ...ticks,
    ...legend,
    "</svg>",
  ]
    .filter((l) => l !== "")
    .join("\n");
}

import * as path from "node:path";
import { ChurnHistory, DAY_MS } from "../../core";
import { runProcess } from "../../scripts/pulumi-workspace";
import { budgetChart, mermaidChart, svgChart } from "../chart";
import { BudgetChart } from "../model";
import { NOW, SCENARIOS } from "./scenarios";

const PARSER = path.join(__dirname, "parse-chart.mjs");

interface Parsed {
  parsed?: { diagramType: string };
  error?: string;
  title?: string;
  data?: {
    xAxis: { categories: string[] };
    yAxis: { min: number; max: number };
    plots: Array<{ type: string; data: Array<[string, number]> }>;
  };
  svg?: { error?: string; root?: string; rects?: number; title?: string };
}

/** What the mermaid library itself reads from the chart (and jsdom from the SVG). */
async function parse(mermaid: string, svg?: string): Promise<Parsed> {
  const r = await runProcess(process.execPath, [PARSER], { input: JSON.stringify({ mermaid, svg }) });
  if (r.code !== 0) throw new Error(`parse-chart.mjs exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Parsed;
}

const values = (p: Parsed, i: number) => p.data!.plots[i].data.map(([, v]) => v);

describe("the budget chart, as mermaid reads it", () => {
  it.each(Object.entries(SCENARIOS))(
    "%s: an xychart whose bars, running total and limit are the window's",
    async (_, build) => {
      const chart = build().chart;
      const p = await parse(mermaidChart(chart), svgChart(chart));
      expect(p.error).toBeUndefined();
      expect(p.parsed).toEqual({ diagramType: "xychart", config: expect.anything() });
      const bars = chart.buckets.length + (chart.planned > 0 ? 1 : 0);
      expect(p.data!.xAxis.categories).toHaveLength(bars);
      expect(p.data!.plots.map((x) => x.type)).toEqual(["bar", "bar", "line", "line"]);
      expect(values(p, 0).reduce((a, b) => a + b, 0)).toBe(chart.used);
      expect(values(p, 1).reduce((a, b) => a + b, 0)).toBe(chart.planned);
      expect(values(p, 2).at(-1)).toBe(chart.used + chart.planned);
      expect(new Set(values(p, 3))).toEqual(new Set([chart.limit]));
      expect(p.data!.yAxis.max).toBeGreaterThanOrEqual(chart.used + chart.planned);
      expect(p.title).toContain(`${chart.used} of ${chart.limit}`);
      expect(p.svg).toMatchObject({ root: "svg", title: p.title });
    },
  );

  it("says the day the first slot frees: when the window's oldest event leaves it", async () => {
    const history = ChurnHistory.build([
      { at: NOW - 200 * DAY_MS, action: "claim" },
      { at: NOW - 170 * DAY_MS, action: "claim", phoneNumberId: "pn-a" },
      { at: NOW - 20 * DAY_MS, action: "release", phoneNumberId: "pn-a" },
    ]);
    const chart = budgetChart({ history, now: NOW, windowDays: 180, limit: 4, planned: 0 });
    expect(chart).toMatchObject({ used: 2, bucketDays: 6, firstSlotFreesAt: NOW + 10 * DAY_MS });
    expect((await parse(mermaidChart(chart))).title).toBe("Churn: 2 of 4 in 180 days; first slot frees 2026-06-11");
  });

  it("a window of 30 days or fewer has one bar a day; an empty one says so", async () => {
    const empty: BudgetChart = budgetChart({
      history: ChurnHistory.build([]),
      now: NOW,
      windowDays: 30,
      limit: 8,
      planned: 2,
    });
    expect(empty.buckets).toHaveLength(30);
    const p = await parse(mermaidChart(empty));
    expect(p.title).toBe("Churn: 0 of 8 in 30 days, this plan +2; no churn in the window");
    expect(p.data!.xAxis.categories.at(-1)).toBe("plan");
  });

  it("the parser rejects a broken chart (the test can fail)", async () => {
    const broken = mermaidChart(SCENARIOS.blocked().chart).replace(/ {2}bar \[/, "  bar [[");
    expect((await parse(broken)).error).toMatch(/Parse error|Expecting/);
  });
});

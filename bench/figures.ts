/** One measured figure, with its target and (where there is one) a baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. "<= 1000 ms" */
  target?: string;
  /** The same work done the plain way, for the ratio column. */
  baseline?: number;
}

export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

export function printTable(rows: Array<Figure & { bench: string }>): void {
  const table = rows.map((r) => ({
    benchmark: r.bench,
    figure: r.name,
    value: `${round(r.value)} ${r.unit}`,
    target: r.target ?? "",
    ratio: r.baseline ? `${round(r.value / r.baseline)}x of ${round(r.baseline)} ${r.unit}` : "",
  }));
  const cols = ["benchmark", "figure", "value", "target", "ratio"] as const;
  const width = (c: (typeof cols)[number]) => Math.max(c.length, ...table.map((r) => r[c].length));
  const line = (r: Record<(typeof cols)[number], string>) =>
    `| ${cols.map((c) => r[c].padEnd(width(c))).join(" | ")} |`;
  console.log(line({ benchmark: "benchmark", figure: "figure", value: "value", target: "target", ratio: "ratio" }));
  console.log(`|${cols.map((c) => "-".repeat(width(c) + 2)).join("|")}|`);
  for (const r of table) console.log(line(r));
}

function round(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(2);
}

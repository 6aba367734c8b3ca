import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/**
 * No module imports itself back, type-only imports included (issue 21: ledger/types ↔ stack-marks, owned-numbers ↔
 * its sources). Written on the compiler the repository already has: eslint-plugin-import-x's no-cycle would do it as
 * a lint rule, at the cost of a dependency.
 */
const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", "dist", "coverage", ".git"]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith(".")) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

function importGraph(): Map<string, string[]> {
  const options: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Node10, allowJs: false };
  const graph = new Map<string, string[]>();
  for (const file of sources(ROOT)) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, false);
    const targets = importedFiles
      .filter((i) => i.fileName.startsWith("."))
      .map((i) => ts.resolveModuleName(i.fileName, file, options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((t): t is string => t !== undefined && !t.includes("node_modules"));
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle's files, found by a depth-first walk (each cycle once, from the first file of it the walk meets). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push(stack.slice(stack.indexOf(next)).map((f) => path.relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("imports", () => {
  it("run one way: no module imports itself back, through any chain", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });

  it("the walk finds a cycle where there is one", () => {
    const a = "/r/a.ts";
    const b = "/r/b.ts";
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toHaveLength(1);
  });
});

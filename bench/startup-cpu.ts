import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { Benchmark, Figure } from "./figures";

/**
 * The CPU our modules add to each kind of Node.js process a `pulumi` command or the CLI starts, on top of what the
 * process loads anyway (@pulumi/pulumi, ~0.45 s even with the compile cache): the policy pack's rules, the dynamic
 * providers' runtimes (what the serialized closure requires at run time), the program's resource classes, and the
 * CLI. With the test suite's V8 compile cache (test/compile-cache.js), as the end-to-end tests run them; CPU (user +
 * system), not wall time, since the machine is shared. The median of RUNS fresh processes after one warm-up.
 */
const RUNS = 7;

const ROOT = path.join(__dirname, "..", "..");
const PULUMI = ["@pulumi/pulumi"];

const KINDS: Array<{ name: string; base: string[]; ours: string[] }> = [
  { name: "policy pack", base: [...PULUMI, "@pulumi/policy"], ours: ["./dist/policies/policies.js"] },
  { name: "provider: PhoneNumber", base: PULUMI, ours: ["connect-numbers/provider/runtime"] },
  { name: "provider: OriginationNumber", base: PULUMI, ours: ["connect-numbers/provider/sms/runtime"] },
  { name: "provider: PhoneNumberSet", base: PULUMI, ours: ["connect-numbers/provider/set/runtime"] },
  { name: "program", base: PULUMI, ours: ["connect-numbers/provider", "connect-numbers/provider/sms"] },
  { name: "CLI", base: [], ours: ["./dist/cli/main.js"] },
];

function once(base: string[], ours: string[]): { baseMs: number; oursMs: number } {
  const out = execFileSync(
    process.execPath,
    [
      "--require",
      path.join(ROOT, "test", "compile-cache.js"),
      path.join(__dirname, "startup-cpu-child.js"),
      ...base,
      "--",
      ...ours,
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as { baseMs: number; oursMs: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const startupCpu: Benchmark = {
  name: "start-up CPU",
  async run() {
    const figures: Figure[] = [];
    for (const kind of KINDS) {
      once(kind.base, kind.ours);
      const runs = Array.from({ length: RUNS }, () => once(kind.base, kind.ours));
      const baseMs = median(runs.map((r) => r.baseMs));
      figures.push({
        name: `${kind.name}: our modules${kind.base.length > 0 ? ` (ratio: to ${kind.base.join(" + ")})` : ""}`,
        value: median(runs.map((r) => r.oursMs)),
        unit: "ms CPU",
        ...(kind.base.length > 0 ? { baseline: baseMs } : {}),
      });
    }
    return figures;
  },
};

/**
 * One start-up measured (bench/startup-cpu.ts runs it): loads the `base` modules (Pulumi's SDK, as the process
 * kind loads it before our code), then ours, and prints the CPU each took. Arguments: base modules, `--`, ours.
 */
import { createRequire } from "node:module";
import * as path from "node:path";

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const args = process.argv.slice(2);
const split = args.indexOf("--");
// Resolved as the package's users resolve it: by name, from the repository's root.
const load = createRequire(path.join(__dirname, "..", "..", "package.json"));
const start = cpuMs();
for (const id of args.slice(0, split)) load(id);
const based = cpuMs();
for (const id of args.slice(split + 1)) load(id);
console.log(JSON.stringify({ baseMs: based - start, oursMs: cpuMs() - based }));
// A policy pack or the CLI may leave handles open (timers, the compile cache's flush): the figure is taken.
process.exit(0);

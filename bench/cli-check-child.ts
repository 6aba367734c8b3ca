/** One measurement in a fresh process, so peak memory is its own: `node cli-check-child.js parse|check FILE`. */
import * as fs from "node:fs";
import { PlanBuilder } from "../plan/changes";
import { readChanges } from "../cli/input";

async function main(mode: string, file: string): Promise<void> {
  const started = performance.now();
  let count = 0;
  if (mode === "parse") {
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { steps: unknown[] };
    count = doc.steps.length;
  } else {
    const builder = new PlanBuilder();
    await readChanges(fs.createReadStream(file, { highWaterMark: 1 << 20 }), file, (c) => {
      count++;
      builder.add(c);
    });
    builder.build();
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, count }));
}

main(process.argv[2], process.argv[3]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

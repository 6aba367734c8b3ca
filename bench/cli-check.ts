import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Benchmark } from "./figures";

const STEPS = 100_000;
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

/** A preview digest shaped like the captured ones: a serialized provider of a few KiB in every state. */
function writePreview(file: string): number {
  const provider = `exports.handler = __f0;\n${"var x = 1; // serialized closure\n".repeat(15)}`;
  const out = fs.openSync(file, "w");
  fs.writeSync(out, '{\n    "steps": [\n');
  for (let i = 0; i < STEPS; i++) {
    const urn = `urn:pulumi:dev::big::${TYPE}::n${i}`;
    const state = {
      urn,
      custom: true,
      type: TYPE,
      inputs: { __provider: provider, phoneNumber: `+1206555${String(i % 10000).padStart(4, "0")}`, countryCode: "US" },
      outputs: { __provider: provider, phoneNumberId: `id-${i}` },
    };
    const op = i % 10 === 0 ? "create" : i % 10 === 1 ? "delete" : i % 10 === 2 ? "replace" : "same";
    const step = {
      op,
      urn,
      oldState: op === "create" ? undefined : state,
      newState: op === "delete" ? undefined : state,
      detailedDiff: null,
    };
    fs.writeSync(out, `        ${JSON.stringify(step)}${i < STEPS - 1 ? "," : ""}\n`);
  }
  fs.writeSync(out, '    ],\n    "changeSummary": {"same": 70000}\n}\n');
  fs.closeSync(out);
  return fs.statSync(file).size;
}

function measure(mode: "parse" | "check", file: string): { ms: number; maxRssMiB: number; count: number } {
  const child = path.join(__dirname, "cli-check-child.js");
  return JSON.parse(
    execFileSync(process.execPath, ["--max-old-space-size=8192", child, mode, file], { encoding: "utf8" }),
  );
}

export const cliCheck: Benchmark = {
  name: "cli check",
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-bench-"));
    const file = path.join(dir, "preview.json");
    try {
      const bytes = writePreview(file);
      const parse = measure("parse", file);
      const check = measure("check", file);
      if (parse.count !== STEPS || check.count !== STEPS)
        throw new Error(`expected ${STEPS} steps, parse saw ${parse.count}, check saw ${check.count}`);
      return [
        { name: `input size (${STEPS.toLocaleString("en")} steps)`, value: bytes / 2 ** 20, unit: "MiB" },
        { name: "check: time", value: check.ms, unit: "ms", target: "<= 1.5x JSON.parse", baseline: parse.ms },
        { name: "check: peak RSS", value: check.maxRssMiB, unit: "MiB", target: "bounded", baseline: parse.maxRssMiB },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

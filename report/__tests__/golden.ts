import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "@jest/globals";

const DIR = path.join(__dirname, "golden");

/**
 * Compares output with its golden file, or (UPDATE_GOLDEN=1) writes the file: a change of wording shows in review as
 * a diff of the golden files, never as a silently different output.
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, actual.endsWith("\n") ? actual : `${actual}\n`);
    return;
  }
  if (!fs.existsSync(file))
    throw new Error(
      `no golden file ${path.relative(process.cwd(), file)}: run with UPDATE_GOLDEN=1 to write it, and review it`,
    );
  expect(actual.endsWith("\n") ? actual : `${actual}\n`).toBe(fs.readFileSync(file, "utf8"));
}

import * as fs from "node:fs";
import * as path from "node:path";

/** This file runs from cli/ (tests) and dist/cli/ (built): find the package's own package.json either way. */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "connect-numbers") return pkg.version ?? "0.0.0";
    }
  }
  return "0.0.0";
}

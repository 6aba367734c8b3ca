import * as fs from "node:fs";
import * as path from "node:path";
import { Findings, SourceLine } from "../report";

/** The lines of a text: a final newline ends the last line, it does not start another. */
const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

/**
 * A removed resource's line comes from its old state: the program may have moved on. It is kept only where the
 * program still has that line (its file exists and is that long); otherwise the release is shown with no line.
 */
export function keepLinesTheProgramHas(findings: Findings, projectDir: string): Findings {
  const lines = new Map<string, number>();
  const has = (at: SourceLine) => {
    const file = path.resolve(projectDir, at.file);
    if (!lines.has(file))
      lines.set(file, fs.existsSync(file) && fs.statSync(file).isFile() ? lineCount(fs.readFileSync(file, "utf8")) : 0);
    return at.line <= lines.get(file)!;
  };
  const keep = <T extends { reason: string; source?: SourceLine }>(x: T): T =>
    x.reason === "delete" && x.source && !has(x.source) ? { ...x, source: undefined } : x;
  return {
    ...findings,
    releases: findings.releases.map(keep),
    sms: { ...findings.sms, releases: findings.sms.releases.map(keep) },
  };
}

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunResult, runProcess } from "../../scripts/pulumi-workspace";

/** The real CLI binary, spawned with its output piped, as a pipeline step runs it. */
export const BIN = path.resolve(__dirname, "../../bin/connect-numbers");
export const FIXTURES = path.resolve(__dirname, "../fixtures");
export const NOW = "2026-06-01T00:00:00Z";

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

export function cli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return runProcess(BIN, args, {
    cwd: options.cwd,
    env: { ...process.env, GITHUB_STEP_SUMMARY: "", GITHUB_WORKSPACE: "", ...options.env },
    input: options.stdin,
  });
}

/** A temp dir removed by `cleanup`; files written into it on demand. */
export function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A history file that vouches for the whole window and holds these events. */
export function historyLines(
  events: Array<{ time: string; action: string; phoneNumber?: string; phoneNumberId?: string }>,
): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

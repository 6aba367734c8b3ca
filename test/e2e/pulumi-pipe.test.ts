/**
 * `connect-numbers pulumi preview --json | connect-numbers check -` reads Pulumi's JSON through a pipe whose reader
 * may fall behind (check reads AWS while it reads stdin; CI machines are loaded). The runner shares nothing with
 * Pulumi that could make Pulumi drop output: a program that writes to the console (which makes Node set its own stdout
 * pipe non-blocking) and a reader that stops reading for a while still get every byte of the JSON.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiWorkspace, REPO_ROOT } from "../../scripts/pulumi-workspace";

const BIN = path.join(REPO_ROOT, "bin/connect-numbers");

const RESOURCES = 40;
const BLOB = 8_000;

/** A program of RESOURCES dynamic resources with BLOB characters of input each, saying hello on the console. */
function writeProgram(dir: string): void {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: pipe\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      'const pulumi = require("@pulumi/pulumi");',
      'console.log("the program says hello on stdout");',
      "const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };",
      `for (let i = 0; i < ${RESOURCES}; i++) {`,
      `  new pulumi.dynamic.Resource(provider, "blob-" + i, { name: "blob-" + i, blob: "x".repeat(${BLOB}) });`,
      "}",
      "",
    ].join("\n"),
  );
}

/** Runs the command, and stops reading its stdout for `pauseMs` once the first bytes arrive. */
function runWithSlowReader(args: string[], env: NodeJS.ProcessEnv, pauseMs: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let paused = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      if (paused) return;
      paused = true;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), pauseMs);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs the command, closes its stdout after the first bytes (as `| head -c 1` does), and waits for it to end. */
function runWithReaderThatLeaves(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.once("data", () => child.stdout.destroy());
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
}

describe("connect-numbers pulumi through a pipe", () => {
  let ws: PulumiWorkspace;
  let source: string;
  beforeAll(async () => {
    source = fs.mkdtempSync(path.join(os.tmpdir(), "cn-pipe-src-"));
    writeProgram(path.join(source, "program"));
    ws = await PulumiWorkspace.create(path.join(source, "program"));
  });
  afterAll(() => {
    ws?.cleanup();
    fs.rmSync(source, { recursive: true, force: true });
  });

  it("hands a slow reader the whole of `preview --json`, though the program wrote to the console", async () => {
    const result = await runWithSlowReader(
      [BIN, "pulumi", "--cwd", ws.programDir, "preview", "--json", "--non-interactive"],
      ws.env,
      3_000,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const json = result.stdout.slice(result.stdout.indexOf("{"));
    expect(json.length).toBeGreaterThan(RESOURCES * BLOB);
    const digest = JSON.parse(json) as { steps: Array<{ op: string }> };
    expect(digest.steps.filter((s) => s.op === "create")).toHaveLength(RESOURCES + 1);
  });

  it("ends when its reader goes away (`| head`), and leaves no process behind", async () => {
    const ended = await runWithReaderThatLeaves(
      [BIN, "pulumi", "--cwd", ws.programDir, "preview", "--json", "--non-interactive"],
      ws.env,
    );
    expect(ended.code === null ? ended.signal : ended.code).not.toBe(0);
    const left = fs
      .readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readlinkSync(`/proc/${p}/cwd`).startsWith(ws.programDir);
        } catch {
          return false;
        }
      });
    expect(left).toEqual([]);
  });
});

/**
 * Drives the real `pulumi` CLI (through scripts/pulumi-inline, which adds the inline language host where the
 * Node.js one is not installed) against a copy of a program directory, each workspace with its own file backend
 * and PULUMI_HOME, offline. Used by the end-to-end tests, the smoke program and the demo.
 */
import * as yaml from "js-yaml";
import { ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { findPulumi } from "./pulumi-bin";
import { cliEnv, runsInline } from "./pulumi-inline";
import { ProgramRunner } from "./program-runner-pool";

/** The checkout: this file runs from scripts/ (ts-jest) or dist/scripts/ (compiled). */
export const REPO_ROOT = findRepoRoot(__dirname);
const RUNNER = path.join(REPO_ROOT, "dist/scripts/pulumi-inline.js");
/** Whether jest runs this process: the test harness's economies (a program runner, Go's GC setting) apply there. */
const UNDER_JEST = process.env.JEST_WORKER_ID !== undefined;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion, collecting its output (asynchronously: an emulator may be serving it from here);
 * `onLine` sees each line of stdout as it comes, for progress.
 */
export function runProcess(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    onLine?: (line: string) => void;
    running?: Set<ChildProcess>;
  } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    options.running?.add(child);
    child.on("exit", () => options.running?.delete(child));
    let stdout = "";
    let stderr = "";
    if (options.onLine) readline.createInterface({ input: child.stdout }).on("line", options.onLine);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

export interface PreviewOptions {
  policyPacks?: { dir: string; config?: unknown }[];
  extraArgs?: string[];
}

export class PulumiWorkspace {
  readonly root: string;
  readonly programDir: string;
  /** The stack `pulumi stack init` or `stack select` through this workspace made current (writeConfig's target). */
  private selected = "dev";
  readonly env: NodeJS.ProcessEnv;
  private readonly running = new Set<ChildProcess>();

  private constructor(root: string, programDir: string, env: NodeJS.ProcessEnv) {
    this.root = root;
    this.programDir = programDir;
    this.env = env;
  }

  /**
   * Copies a program directory into a fresh temp dir whose node_modules links the repository's packages
   * and the repository itself as `connect-numbers`, so the program imports the product as a user would.
   */
  static async create(programSource: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<PulumiWorkspace> {
    if (!fs.existsSync(RUNNER)) throw new Error(`${RUNNER} is missing: run \`npm run build\` first`);
    const pulumi = findPulumi();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `cn-${path.basename(programSource)}-`));
    const programDir = path.join(root, "program");
    fs.cpSync(path.resolve(REPO_ROOT, programSource), programDir, { recursive: true });
    linkNodeModules(path.join(root, "node_modules"));
    for (const dir of ["state", "home"]) fs.mkdirSync(path.join(root, dir));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_HOME: path.join(root, "home"),
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      CONNECT_NUMBERS_PULUMI_BIN: pulumi.binDir,
      // The per-user churn ledger (the provider's default, ledger/settings.ts) of this workspace alone: a test or the
      // demo never counts another's claims, nor writes into the user's own.
      XDG_STATE_HOME: path.join(root, "state-home"),
      // Under jest, Go's collector at 4x its default heap growth: Pulumi's CLI is short-lived and small, and collected
      // often it spent 10-20% of its CPU on it (a preview ~0.31 s of CPU, 0.27 s so; `stack export` ~0.13 s, 0.11 s).
      // Elsewhere (the demo, the smoke program, the benchmarks) the CLI runs as users run it.
      ...(UNDER_JEST && { GOGC: process.env.GOGC ?? "400" }),
      ...extraEnv,
    };
    const ws = new PulumiWorkspace(root, programDir, env);
    await ws.initDev(pulumi.binary);
    return ws;
  }

  /**
   * `pulumi stack init dev`, as the files it writes (a CLI start, 0.4-0.5 s of CPU, for each of the tests' ~100
   * workspaces): the stack's empty checkpoint, its stack file with the passphrase's salt, and the stack selected in
   * PULUMI_HOME. The first workspace of a `pulumi` binary runs the command and keeps what it wrote as the template
   * (every workspace has the same empty passphrase); the others write it under their project's name.
   */
  private async initDev(binary: string): Promise<void> {
    const project = (yaml.load(fs.readFileSync(path.join(this.programDir, "Pulumi.yaml"), "utf8")) as { name: string })
      .name;
    const pulumiDir = path.join(this.root, "state", ".pulumi");
    const home = path.join(this.root, "home");
    // A workspace whose caller chose another backend or PULUMI_HOME gets the command itself.
    const own = this.env.PULUMI_BACKEND_URL === `file://${path.dirname(pulumiDir)}` && this.env.PULUMI_HOME === home;
    const templateFile = own ? stackTemplateFile(binary) : undefined;
    const template = templateFile && readStackTemplate(templateFile);
    if (!template) {
      await this.pulumiOk(["stack", "init", "dev", "--non-interactive"]);
      if (templateFile)
        writeAtomically(templateFile, {
          project,
          checkpoint: fs.readFileSync(path.join(pulumiDir, "stacks", project, "dev.json"), "utf8"),
          stackFile: fs.readFileSync(path.join(this.programDir, "Pulumi.dev.yaml"), "utf8"),
          meta: fs.readFileSync(path.join(pulumiDir, "meta.yaml"), "utf8"),
        } satisfies StackTemplate);
      return;
    }
    const stack = (name: string) => JSON.stringify(`organization/${name}/dev`);
    fs.mkdirSync(path.join(pulumiDir, "stacks", project), { recursive: true });
    fs.writeFileSync(path.join(pulumiDir, "meta.yaml"), template.meta);
    const checkpoint = template.checkpoint.split(stack(template.project)).join(stack(project));
    fs.writeFileSync(path.join(pulumiDir, "stacks", project, "dev.json"), checkpoint);
    fs.writeFileSync(path.join(this.programDir, "Pulumi.dev.yaml"), template.stackFile);
    // Pulumi keeps the selected stack per project file, named by the project and a hash of the file's path.
    const projectFile = createHash("sha1").update(path.join(this.programDir, "Pulumi.yaml")).digest("hex");
    fs.mkdirSync(path.join(home, "workspaces"));
    fs.writeFileSync(
      path.join(home, "workspaces", `${project}-${projectFile}-workspace.json`),
      `{"stack": ${stack(project)}}`,
    );
  }

  /**
   * Runs `pulumi` on the program as `connect-numbers pulumi` would. Under jest a program command's program is served
   * by a long-lived runner (program-runner-pool.ts) and every other command runs the CLI directly, with the
   * environment the wrapper gives it: the wrapper's process start (~0.55 s of CPU loading @pulumi/pulumi for a program
   * command, ~0.06 s for the rest) was a quarter to a third of an end-to-end test file's CPU. Elsewhere (the demo, the smoke program,
   * the benchmarks), and with CONNECT_NUMBERS_TEST_RUNNER=spawn, each command runs through scripts/pulumi-inline.js,
   * a process of its own, as `connect-numbers pulumi` runs it; the tests of the wrapper itself run bin/connect-numbers.
   */
  pulumi(
    args: string[],
    input?: string,
    extraEnv: NodeJS.ProcessEnv = {},
    onLine?: (line: string) => void,
  ): Promise<RunResult> {
    const env = { ...this.env, ...extraEnv };
    const options = { cwd: this.programDir, env, input, onLine, running: this.running };
    const run =
      !UNDER_JEST || env.CONNECT_NUMBERS_TEST_RUNNER === "spawn"
        ? runProcess(process.execPath, [RUNNER, "--cwd", this.programDir, ...args], options)
        : this.runDirect(args, options);
    const [command, sub, name] = args.filter((a) => !a.startsWith("-"));
    if (command !== "stack" || (sub !== "init" && sub !== "select") || name === undefined) return run;
    return run.then((result) => {
      if (result.code === 0) this.selected = name;
      return result;
    });
  }

  /** The command without the wrapper's process: the CLI, and for a program command a runner serving the program. */
  private async runDirect(
    args: string[],
    options: Parameters<typeof runProcess>[2] & { cwd: string; env: NodeJS.ProcessEnv },
  ): Promise<RunResult> {
    const pulumi = findPulumi(options.env);
    if (!runsInline(pulumi, args))
      return runProcess(pulumi.binary, args, {
        ...options,
        env: cliEnv({ first: [pulumi.binDir], without: [] }, options.env),
      });
    const runner = ProgramRunner.take(options.env);
    try {
      // A runner killed mid-command (a timed-out test's cleanup) fails the command, as the wrapper's process would.
      const served = await runner
        .serve({ argv: args, cwd: options.cwd, env: options.env })
        .catch((err: Error) => ({ failed: err.message }));
      // As the wrapper says what kept it from serving the program, and exits 1.
      if ("failed" in served) return { code: 1, stdout: "", stderr: `pulumi-inline: ${served.failed}\n` };
      let result: RunResult | undefined;
      try {
        result = await runProcess(served.binary, served.args, { ...options, env: served.env });
      } finally {
        await runner.stop(result?.code !== 0);
      }
      // What the program itself printed (the wrapper's process printed it among the CLI's output).
      return { ...result, stdout: result.stdout + served.output.stdout, stderr: result.stderr + served.output.stderr };
    } finally {
      runner.release();
    }
  }

  async pulumiOk(args: string[]): Promise<RunResult> {
    return this.pulumiOkWithEnv(args, {});
  }

  async pulumiOkWithEnv(args: string[], extraEnv: NodeJS.ProcessEnv): Promise<RunResult> {
    const result = await this.pulumi(args, undefined, extraEnv);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return result;
  }

  /**
   * Sets plain config values of the selected stack by writing its stack file, as `pulumi config set` does (a key
   * without a namespace is the project's): each `config set` cost a CLI start (0.4 s of CPU, about 1 s), and the tests
   * change the program's declaration before nearly every `up`.
   */
  writeConfig(values: Record<string, string>): void {
    const project = (yaml.load(fs.readFileSync(path.join(this.programDir, "Pulumi.yaml"), "utf8")) as { name: string })
      .name;
    const file = path.join(this.programDir, `Pulumi.${this.selected}.yaml`);
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    const doc = (yaml.load(text) ?? {}) as { config?: Record<string, unknown> };
    const config = { ...doc.config };
    for (const [key, value] of Object.entries(values)) config[key.includes(":") ? key : `${project}:${key}`] = value;
    fs.writeFileSync(file, yaml.dump({ ...doc, config }));
  }

  /** Sets every value in one `pulumi config set-all` (a `config set` each cost a CLI start, ~0.3 s of CPU apiece). */
  async setConfig(values: Record<string, string | number | boolean>): Promise<void> {
    const pairs = Object.entries(values).flatMap(([key, value]) => ["--plaintext", `${key}=${String(value)}`]);
    if (pairs.length > 0) await this.pulumiOk(["config", "set-all", ...pairs, "--non-interactive"]);
  }

  /** `pulumi up`; `onLine` sees Pulumi's progress lines as they come. */
  up(onLine?: (line: string) => void): Promise<RunResult> {
    return this.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"], undefined, {}, onLine);
  }

  preview(options: PreviewOptions = {}): Promise<RunResult> {
    return this.pulumi(["preview", "--non-interactive", ...this.policyArgs(options), ...(options.extraArgs ?? [])]);
  }

  /** `pulumi preview --json`, parsed; throws when stdout is not JSON. */
  async previewJson(options: PreviewOptions = {}): Promise<{ result: RunResult; digest: PreviewDigest }> {
    const result = await this.pulumi([
      "preview",
      "--json",
      "--non-interactive",
      ...this.policyArgs(options),
      ...(options.extraArgs ?? []),
    ]);
    try {
      return { result, digest: JSON.parse(result.stdout) as PreviewDigest };
    } catch {
      throw new Error(`preview --json printed no JSON (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
    }
  }

  destroy(): Promise<RunResult> {
    return this.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
  }

  async stackExport(): Promise<{
    deployment: { resources?: Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }> };
  }> {
    return JSON.parse((await this.pulumiOk(["stack", "export"])).stdout);
  }

  private policyArgs(options: PreviewOptions): string[] {
    const args: string[] = [];
    (options.policyPacks ?? []).forEach((pack, i) => {
      const configFile = path.join(this.root, `policy-config-${i}.json`);
      fs.writeFileSync(configFile, JSON.stringify(pack.config ?? {}));
      args.push("--policy-pack", path.resolve(REPO_ROOT, pack.dir), "--policy-pack-config", configFile);
    });
    return args;
  }

  /**
   * Ends every command still running (a test that timed out leaves one behind: its `pulumi` and plugins would keep
   * jest alive) and removes the workspace. The runner passes SIGTERM on to `pulumi`, which stops its plugins.
   */
  cleanup(): void {
    for (const child of this.running) child.kill("SIGTERM");
    for (const pid of processesIn(this.root)) process.kill(pid, "SIGKILL");
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Processes whose working directory is inside `root`: the plugins of a `pulumi` killed outright (they run in their own
 * process group, so the kill does not reach them) outlive it there. Linux only (/proc); elsewhere none are found.
 */
function processesIn(root: string): number[] {
  if (!fs.existsSync("/proc/self/cwd")) return [];
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .map(Number)
    .filter((pid) => {
      try {
        const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
        return cwd === root || cwd.startsWith(root + path.sep);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    });
}

/** What `pulumi stack init dev` wrote in a workspace of `project`, for the next workspaces (initDev). */
interface StackTemplate {
  project: string;
  checkpoint: string;
  stackFile: string;
  meta: string;
}

/** Where the template of this `pulumi` binary is kept, for every test process of the machine. */
function stackTemplateFile(binary: string): string {
  const built = fs.statSync(binary);
  const key = createHash("sha1").update(`${binary}\0${built.size}\0${built.mtimeMs}`).digest("hex");
  return path.join(os.tmpdir(), `connect-numbers-stack-template-${key}.json`);
}

function readStackTemplate(file: string): StackTemplate | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as StackTemplate;
  } catch {
    return undefined; // none yet
  }
}

/** Written whole by rename: another test process may read it at any time. */
function writeAtomically(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}`;
  fs.writeFileSync(temp, JSON.stringify(value));
  fs.renameSync(temp, file);
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: { type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  newState?: { type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

export interface PreviewDigest {
  steps: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: Array<{ message: string; severity: string; urn?: string }>;
}

function linkNodeModules(target: string): void {
  fs.mkdirSync(target);
  const source = path.join(REPO_ROOT, "node_modules");
  for (const entry of fs.readdirSync(source)) {
    // connect-numbers: the workspace's link to this repository is made below, as the checkout itself.
    if (entry === ".bin" || entry.startsWith(".") || entry === "connect-numbers") continue;
    fs.symlinkSync(path.join(source, entry), path.join(target, entry));
  }
  fs.symlinkSync(REPO_ROOT, path.join(target, "connect-numbers"));
}

function findRepoRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "package.json")) || path.basename(dir) === "dist") dir = path.dirname(dir);
  return dir;
}

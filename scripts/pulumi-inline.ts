/**
 * Runs a `pulumi` command against a program directory, with or without the Node.js language host:
 *
 *   npx connect-numbers pulumi [--cwd DIR] <pulumi arguments…>        (installed package)
 *   node dist/scripts/pulumi-inline.js [--cwd DIR] <pulumi arguments…>  (checkout)
 *
 * Where `pulumi-language-nodejs` is installed (any official Pulumi install) this is plain `pulumi`. Where it is
 * not (the Go module proxy here serves no version of it, see scripts/install-pulumi.sh), a program-running command
 * is run the way the Automation API runs inline programs: this process loads the program, serves the
 * LanguageRuntime gRPC service, and hands the CLI its address with `--client`. Everything else about the command
 * (flags, --json on stdout, exit code) is the real CLI's.
 */
import { StdioOptions, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import * as tty from "node:tty";
import { PulumiInstall, findPulumi } from "./pulumi-bin";
import { PluginPath, preparePlugins } from "./pulumi-plugins";

const PROGRAM_COMMANDS = new Set(["up", "update", "preview", "pre", "destroy", "down", "refresh"]);

/** This package's root: this file runs from scripts/ (ts-jest) or dist/scripts/ (built, in a checkout or installed). */
export const PACKAGE_ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === "dist" ? "../.." : "..");

export async function runPulumi(argv: string[]): Promise<number> {
  let cwd = process.cwd();
  if (argv[0] === "--cwd") {
    cwd = path.resolve(argv[1]);
    argv = argv.slice(2);
  }
  const pulumi = findPulumi();
  const command = argv.find((a) => !a.startsWith("-"));
  if (!command && argv.some((a) => a === "--help" || a === "-h")) process.stdout.write(passthroughHelp(pulumi));
  if (!runsInline(pulumi, argv)) return run(pulumi.binary, argv, cwd, cliEnv({ first: [pulumi.binDir], without: [] }));
  const inline = await startInline(pulumi, argv, cwd);
  let code = 1;
  try {
    code = await run(pulumi.binary, inline.args, cwd, inline.env);
  } finally {
    inline.program.stop(code !== 0);
  }
  return code;
}

/** Whether the command runs its program here: a program command, where the CLI has no Node.js language host. */
export function runsInline(pulumi: PulumiInstall, argv: string[]): boolean {
  const command = argv.find((a) => !a.startsWith("-"));
  return !pulumi.languageHost && command !== undefined && PROGRAM_COMMANDS.has(command);
}

/** A program served in this process, and how to run the CLI against it. */
export interface InlineCommand {
  program: InlineProgram;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Serves the program in `cwd` and says how to run the CLI on it: `argv` with the server's address, and this process's
 * environment with the plugins the command needs on PATH (the test harness's long-lived runner, scripts/
 * pulumi-program-runner.ts, serves programs the same way and starts the CLI itself).
 */
export async function startInline(pulumi: PulumiInstall, argv: string[], cwd: string): Promise<InlineCommand> {
  const pathDirs = preparePlugins(pulumi, {
    packageRoot: PACKAGE_ROOT,
    programDir: cwd,
    policyPacks: argv.some((a) => a.startsWith("--policy-pack")),
    version: packageVersion(),
  });
  const program = await serveProgram(cwd);
  return {
    program,
    args: [...argv, `--client=127.0.0.1:${program.port}`, "--exec-kind", "inline"],
    env: cliEnv(pathDirs),
  };
}

/** What `connect-numbers pulumi --help` says before Pulumi's own help: what this wrapper adds, and which CLI it runs. */
function passthroughHelp(pulumi: PulumiInstall): string {
  return [
    "Usage: connect-numbers pulumi [--cwd DIR] <pulumi command and flags>",
    "",
    `Runs the Pulumi CLI (${pulumi.binary}) on the program in DIR (default: the current directory).`,
    pulumi.languageHost
      ? "That CLI has a Node.js language host, so this is plain `pulumi`."
      : "That CLI has no Node.js language host: up, preview, destroy and refresh run the program inline in this process, and a\n" +
        "--policy-pack runs through the policy-pack plugin this package installs into Pulumi's plugin cache.",
    "Every other command, flag, output and exit code is Pulumi's own (CONNECT_NUMBERS_PULUMI_BIN picks another CLI).",
    "",
    "Pulumi's help:",
    "",
    "",
  ].join("\n");
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * This process's environment for the CLI, with `pathDirs.first` first on PATH (where an official install keeps its
 * language hosts, or plugins).
 */
export function cliEnv(pathDirs: PluginPath, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const rest = (env.PATH ?? "").split(path.delimiter).filter((dir) => !pathDirs.without.includes(dir));
  return { ...env, PATH: [...pathDirs.first, ...rest].join(path.delimiter) };
}

function run(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    // A terminal is handed over as it is (Pulumi's interactive display and prompts need it). A pipe is relayed: Node
    // makes its own stdio pipes non-blocking, a flag the child would share, and Pulumi's writes to a full non-blocking
    // pipe fail (EAGAIN) and are dropped, truncating `preview --json` for a slow reader such as `check -`.
    const stdio = [0, 1, 2].map((fd) => (fd === 0 || tty.isatty(fd) ? "inherit" : "pipe")) as StdioOptions;
    const child = spawn(binary, args, { cwd, stdio, env });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of SIGNALS) process.on(signal, forward);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      // Pulumi is gone: a signal from now on ends this process as it would any other.
      for (const s of SIGNALS) process.off(s, forward);
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Pulumi's output into ours. A reader that goes away (`| head`) closes Pulumi's pipe too, so Pulumi meets a closed
 * pipe as it would on its own; unhandled, the write error would reach the program's runtime, whose handler of
 * uncaught errors kept this process alive.
 */
function relay(from: Readable | null, to: NodeJS.WriteStream): void {
  if (!from) return;
  from.pipe(to, { end: false });
  to.on("error", () => {
    from.unpipe(to);
    from.destroy();
  });
}

/** Resolves once what was written to stdout and stderr has gone out, so exiting loses none of the relayed output. */
function flushed(): Promise<void> {
  const drained = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => (stream.destroyed ? resolve() : stream.write("", () => resolve())));
  return Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => undefined);
}

export interface InlineProgram {
  port: number;
  stop(hasError: boolean): void;
}

/** Resolves a module from the program's directory first, then from this package (its declared dependencies). */
function resolveForProgram(id: string, programDir: string): string {
  try {
    return require.resolve(id, { paths: [programDir] });
  } catch {
    return require.resolve(id, { paths: [PACKAGE_ROOT] });
  }
}

/** Loads the program from its directory's own @pulumi/pulumi, so the program and the server share one runtime. */
async function serveProgram(programDir: string): Promise<InlineProgram> {
  const main = programMain(programDir);
  refuseEsm(main);
  let pulumiRoot: string;
  try {
    pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
  } catch {
    throw new Error(
      `no @pulumi/pulumi in ${programDir} or above it: run \`npm install @pulumi/pulumi\` in the program's directory`,
    );
  }
  const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiRoot] }));
  const grpc = fromPulumi("@grpc/grpc-js");
  const { LanguageServer } = fromPulumi("@pulumi/pulumi/automation/server");
  const langrpc = fromPulumi("@pulumi/pulumi/proto/language_grpc_pb");
  const { grpcChannelOptions } = fromPulumi("@pulumi/pulumi/runtime/settings");

  if (/\.[cm]?ts$/.test(main)) registerTypeScript(programDir);
  process.chdir(programDir);
  // `pulumi up` runs the program twice in this process (preview, then update): the program's own modules must
  // run afresh each time, while shared dependencies (and the Pulumi runtime) stay loaded.
  const languageServer = new LanguageServer(async () => {
    forgetProgramModules(programDir);
    return require(main);
  });
  const server = new grpc.Server(grpcChannelOptions);
  server.addService(langrpc.LanguageRuntimeService, languageServer);
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port,
    stop(hasError) {
      try {
        languageServer.onPulumiExit(hasError);
      } finally {
        server.forceShutdown();
      }
    },
  };
}

/**
 * TypeScript programs run through ts-node, as Pulumi's language host runs them: the program's own ts-node and
 * typescript when it has them, else the ts-node that the program's @pulumi/pulumi ships for this (vendor/, what the
 * language host falls back to as well). Unlike the language host this only transpiles (type errors show in `tsc`,
 * not in the preview) and emits CommonJS, since the program is loaded with require; the program's tsconfig.json
 * applies otherwise.
 */
function registerTypeScript(programDir: string): void {
  const tsconfig = path.join(programDir, "tsconfig.json");
  let typescript: string;
  try {
    typescript = resolveForProgram("typescript", programDir);
  } catch {
    throw new Error(
      `no typescript for ${programDir}: run \`npm install typescript\` there (connect-numbers declares it as a peer dependency)`,
    );
  }
  const tsNode = tsNodeFor(programDir);
  const project = fs.existsSync(tsconfig) ? tsconfig : undefined;
  // A process that serves program after program (scripts/pulumi-program-runner.ts) registers ts-node once for them
  // all: each registration wraps the loaders before it, and every .ts file would be compiled once by each. Programs
  // without a tsconfig.json of their own (every one the tests run) share the same settings; another one puts the
  // loaders back as they were before registering its own.
  const key = JSON.stringify([tsNode, typescript, project ?? null]);
  if (registered?.key === key) return;
  const extensions = require.extensions;
  if (registered) {
    for (const ext of Object.keys(extensions)) if (!(ext in registered.before)) delete extensions[ext];
    Object.assign(extensions, registered.before);
  }
  registered = { key, before: { ...extensions } };
  require(tsNode).register({
    transpileOnly: true,
    compiler: typescript,
    project,
    // Without a tsconfig.json, what ts-node 10 assumed there (its Node defaults): the vendored ts-node 7 would emit
    // ES5, whose classes cannot extend @pulumi/pulumi's.
    compilerOptions: fs.existsSync(tsconfig)
      ? { module: "commonjs" }
      : { module: "commonjs", target: "es2022", esModuleInterop: true },
  });
}

/** This process's ts-node registration: its settings, and the module loaders from before it. */
let registered: { key: string; before: NodeJS.RequireExtensions } | undefined;

function tsNodeFor(programDir: string): string {
  try {
    return require.resolve("ts-node", { paths: [programDir] });
  } catch {
    const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
    return path.join(pulumiRoot, "vendor", "ts-node@7.0.1");
  }
}

function forgetProgramModules(programDir: string): void {
  const prefix = programDir + path.sep;
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(prefix) && !id.slice(prefix.length).split(path.sep).includes("node_modules"))
      delete require.cache[id];
  }
}

/**
 * The program is loaded with require, and an ES module cannot be: Pulumi's language host imports one, and it would
 * also run afresh for each of `up`'s two passes only by evicting modules, which an ES module cache does not allow.
 */
function refuseEsm(main: string): void {
  if (/\.c[jt]s$/.test(main)) return;
  const packageJson = nearestPackageJson(path.dirname(main));
  const typeModule =
    !!packageJson && (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { type?: string }).type === "module";
  if (!typeModule && !/\.m[jt]s$/.test(main)) return;
  throw new Error(
    `${main} is an ES module (${typeModule ? `"type": "module" in ${packageJson}` : "by its extension"}), and this Pulumi CLI has no ` +
      "Node.js language host to import it (programs run inline, loaded with require): run it with a Pulumi CLI that has " +
      'one (any official install), or make the program CommonJS (remove "type": "module"; connect-numbers\' entry points ' +
      "load the same from both)",
  );
}

function nearestPackageJson(dir: string): string | undefined {
  const candidate = path.join(dir, "package.json");
  if (fs.existsSync(candidate)) return candidate;
  return path.dirname(dir) === dir ? undefined : nearestPackageJson(path.dirname(dir));
}

/** What the language host would run: Pulumi.yaml's `main`, else package.json's, else index.ts / index.js. */
function programMain(programDir: string): string {
  const project = path.join(programDir, "Pulumi.yaml");
  if (!fs.existsSync(project))
    throw new Error(
      `no Pulumi.yaml in ${programDir}: run this in a Pulumi project's directory, or pass --cwd <project directory>`,
    );
  const yaml = fs.readFileSync(project, "utf8");
  const declared = /^main:\s*(\S+)/m.exec(yaml)?.[1];
  const base = declared ? path.resolve(programDir, declared) : programDir;
  for (const candidate of [base, path.join(base, "index.ts"), path.join(base, "index.js")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return require.resolve(base);
}

/**
 * Runs the command and exits with its code once the relayed output is out: the inline language server may keep
 * handles open, so the process exits outright rather than waiting for them.
 */
export function runPulumiThenExit(argv: string[], name: string): void {
  runPulumi(argv)
    .catch((err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    })
    .then((code) => flushed().then(() => process.exit(code)));
}

if (require.main === module) runPulumiThenExit(process.argv.slice(2), "pulumi-inline");

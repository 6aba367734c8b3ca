/**
 * Runs a `pulumi` command against a program directory, with or without the Node.js language host.
 *
 *   node dist/scripts/pulumi-inline.js [--cwd DIR] <pulumi arguments…>
 *
 * Where `pulumi-language-nodejs` is installed (any official Pulumi install) this is plain `pulumi`. Where it is
 * not (the Go module proxy here serves no version of it, see scripts/install-pulumi.sh), a program-running command
 * is run the way the Automation API runs inline programs: this process loads the program, serves the
 * LanguageRuntime gRPC service, and hands the CLI its address with `--client`. Everything else about the command
 * (flags, --json on stdout, exit code) is the real CLI's.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPulumi } from "./pulumi-bin";

const PROGRAM_COMMANDS = new Set(["up", "update", "preview", "pre", "destroy", "down", "refresh"]);

async function main(argv: string[]): Promise<number> {
  let cwd = process.cwd();
  if (argv[0] === "--cwd") {
    cwd = path.resolve(argv[1]);
    argv = argv.slice(2);
  }
  const pulumi = findPulumi();
  const command = argv.find((a) => !a.startsWith("-"));
  if (pulumi.languageHost || !command || !PROGRAM_COMMANDS.has(command)) {
    return run(pulumi.binary, argv, cwd, pulumi.binDir);
  }
  const inline = await serveProgram(cwd);
  let code = 1;
  try {
    code = await run(pulumi.binary, [...argv, `--client=127.0.0.1:${inline.port}`, "--exec-kind", "inline"], cwd, pulumi.binDir);
  } finally {
    inline.stop(code !== 0);
  }
  return code;
}

function run(binary: string, args: string[], cwd: string, binDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd,
      stdio: "inherit",
      // Plugins (the dynamic-provider and policy-analyzer scripts) are looked up on PATH.
      env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` },
    });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
}

interface InlineProgram {
  port: number;
  stop(hasError: boolean): void;
}

/** Loads the program from its directory's own @pulumi/pulumi, so the program and the server share one runtime. */
async function serveProgram(programDir: string): Promise<InlineProgram> {
  const fromProgram = (id: string) => require(require.resolve(id, { paths: [programDir] }));
  const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
  const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiRoot] }));
  const grpc = fromPulumi("@grpc/grpc-js");
  const { LanguageServer } = fromProgram("@pulumi/pulumi/automation/server");
  const langrpc = fromProgram("@pulumi/pulumi/proto/language_grpc_pb");
  const { grpcChannelOptions } = fromProgram("@pulumi/pulumi/runtime/settings");

  const main = programMain(programDir);
  if (main.endsWith(".ts")) {
    fromProgram("ts-node").register({
      transpileOnly: true,
      project: fs.existsSync(path.join(programDir, "tsconfig.json")) ? path.join(programDir, "tsconfig.json") : undefined,
      compilerOptions: { module: "commonjs" },
    });
  }
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

function forgetProgramModules(programDir: string): void {
  const prefix = programDir + path.sep;
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(prefix) && !id.slice(prefix.length).split(path.sep).includes("node_modules")) delete require.cache[id];
  }
}

/** What the language host would run: Pulumi.yaml's `main`, else package.json's, else index.ts / index.js. */
function programMain(programDir: string): string {
  const yaml = fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8");
  const declared = /^main:\s*(\S+)/m.exec(yaml)?.[1];
  const base = declared ? path.resolve(programDir, declared) : programDir;
  for (const candidate of [base, path.join(base, "index.ts"), path.join(base, "index.js")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return require.resolve(base);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`pulumi-inline: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

/**
 * The test harness's long-lived program runner (scripts/pulumi-workspace.ts starts it with fork): it serves program
 * after program as scripts/pulumi-inline.ts serves one, with the same code (startInline), and leaves starting the CLI
 * to its parent. A `pulumi-inline` process loaded @pulumi/pulumi (~0.45 s of CPU with the compile cache) for every
 * `up`, `preview`, `destroy` and `refresh` of the end-to-end tests; this one loads it once.
 *
 * Each run is what a fresh process would see: the command's environment (process.env replaced), its directory, and
 * this package's modules and the program's loaded afresh (forgotten before the run); only @pulumi/pulumi and the
 * other third-party modules under node_modules stay loaded. Pulumi's runtime is global to a process, so a runner
 * serves one command at a time (its parent keeps a pool for commands that overlap).
 *
 * Messages, over the IPC channel: {serve: {argv, cwd, env}} → {served: {binary, args, env}} or {failed: message};
 * then {stop: hasError} once the CLI has exited → {stopped: true}. The runner exits when its parent goes away.
 */
import * as path from "node:path";
import { findPulumi } from "./pulumi-bin";
import { InlineProgram, startInline } from "./pulumi-inline";

export interface ServeRequest {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type RunnerRequest = { serve: ServeRequest } | { stop: boolean };
export type RunnerReply =
  { served: { binary: string; args: string[]; env: NodeJS.ProcessEnv } } | { failed: string } | { stopped: true };

/** This package's sources and build, whichever this file runs from (scripts/ under ts-node, dist/scripts/ built). */
const PACKAGE_ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === "dist" ? "../.." : "..");

let current: InlineProgram | undefined;

function reply(message: RunnerReply): void {
  process.send?.(message);
}

/** The command's environment, in the process.env object itself (Node's, which keeps every value a string). */
function useEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

/**
 * Forgets the modules a fresh process would load afresh: this package's (its sources, its build, the examples and
 * test programs inside it) and the program's, each outside node_modules. The program's modules are forgotten again
 * before each pass of the program (scripts/pulumi-inline.ts).
 */
function forgetOwnModules(programDir: string): void {
  for (const id of Object.keys(require.cache)) {
    const inside = [PACKAGE_ROOT, programDir].some(
      (root) =>
        id.startsWith(root + path.sep) &&
        !id
          .slice(root.length + 1)
          .split(path.sep)
          .includes("node_modules"),
    );
    if (inside) delete require.cache[id];
  }
}

async function serve(request: ServeRequest): Promise<void> {
  useEnv(request.env);
  forgetOwnModules(request.cwd);
  const pulumi = findPulumi();
  const inline = await startInline(pulumi, request.argv, request.cwd);
  current = inline.program;
  reply({ served: { binary: pulumi.binary, args: inline.args, env: inline.env } });
}

process.on("message", (message: RunnerRequest) => {
  if ("serve" in message) {
    serve(message.serve).catch((err: unknown) => {
      // Out of the workspace as after a stop: the runner goes back to the pool, and the workspace's cleanup ends
      // whatever process still works in it.
      process.chdir(PACKAGE_ROOT);
      reply({ failed: err instanceof Error ? err.message : String(err) });
    });
    return;
  }
  try {
    current?.stop(message.stop);
  } finally {
    current = undefined;
    // Out of the workspace, whose cleanup ends whatever process still works in it (a runner mid-command).
    process.chdir(PACKAGE_ROOT);
    reply({ stopped: true });
  }
});
// The parent is gone (the test process ended or was killed): nothing will ask for another program.
process.on("disconnect", () => process.exit(0));

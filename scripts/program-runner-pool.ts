import { ChildProcess, fork } from "node:child_process";
import { Socket } from "node:net";
import * as path from "node:path";
import type { RunnerReply, RunnerRequest, ServeRequest } from "./pulumi-program-runner";
import { PACKAGE_ROOT } from "./pulumi-inline";

const PROGRAM_RUNNER = path.join(PACKAGE_ROOT, "dist/scripts/pulumi-program-runner.js");

/**
 * A long-lived scripts/pulumi-program-runner.js process, serving one program command at a time. It is a plain Node.js
 * process, not code loaded here: jest transforms what a test loads, and the program's dynamic provider is serialized
 * from the functions the program loaded, so it must load them as the wrapper does. Commands overlap (tests run two
 * `up`s at once) and Pulumi's runtime is global to a process, so a busy runner makes another start. Runners are
 * kept per NODE_OPTIONS (the code cache and lazy requires of test/setup-env.ts apply as a process starts).
 */
export class ProgramRunner {
  private static readonly idle: ProgramRunner[] = [];
  private static readonly all = new Set<ProgramRunner>();
  /** Whether closeAll has run: a command after it (a test file's own afterAll) ends its runner when done. */
  private static closed = false;
  private readonly child: ChildProcess;
  private readonly output = { stdout: "", stderr: "" };
  private pending?: { resolve(reply: RunnerReply): void; reject(err: Error): void };
  private readonly exited: Promise<void>;

  private constructor(
    readonly nodeOptions: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = fork(PROGRAM_RUNNER, [], {
      cwd: PACKAGE_ROOT,
      env,
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.child.stdout!.on("data", (d) => (this.output.stdout += d));
    this.child.stderr!.on("data", (d) => (this.output.stderr += d));
    this.child.on("message", (reply: RunnerReply) => this.pending?.resolve(reply));
    // A runner that could not start, or a message that could not go: the command fails, not the test process.
    this.child.on("error", (err) => this.pending?.reject(err));
    this.exited = new Promise((resolve) =>
      this.child.on("exit", (code, signal) => {
        ProgramRunner.all.delete(this);
        const at = ProgramRunner.idle.indexOf(this);
        if (at >= 0) ProgramRunner.idle.splice(at, 1);
        this.pending?.reject(
          new Error(`the program runner exited (${signal ?? code}) mid-command\n${this.output.stderr}`),
        );
        resolve();
      }),
    );
    ProgramRunner.all.add(this);
  }

  /** An idle runner started with these NODE_OPTIONS, or a new one. */
  static take(env: NodeJS.ProcessEnv): ProgramRunner {
    const nodeOptions = env.NODE_OPTIONS ?? "";
    const at = ProgramRunner.idle.findIndex((r) => r.nodeOptions === nodeOptions);
    const runner = at >= 0 ? ProgramRunner.idle.splice(at, 1)[0] : new ProgramRunner(nodeOptions, env);
    runner.hold(true);
    return runner;
  }

  /** Ends every runner (test/setup-e2e.ts, after each test file): jest's worker goes on to other files. */
  static async closeAll(): Promise<void> {
    ProgramRunner.closed = true;
    const runners = [...ProgramRunner.all];
    for (const r of runners) r.child.kill("SIGTERM");
    await Promise.all(runners.map((r) => r.exited));
  }

  async serve(
    request: ServeRequest,
  ): Promise<
    | { binary: string; args: string[]; env: NodeJS.ProcessEnv; output: { stdout: string; stderr: string } }
    | { failed: string }
  > {
    this.output.stdout = this.output.stderr = "";
    const reply = await this.ask({ serve: request });
    if ("failed" in reply) return reply;
    if (!("served" in reply)) throw new Error(`the program runner answered ${JSON.stringify(reply)} to serve`);
    return { ...reply.served, output: this.output };
  }

  /** Stops serving the program; a runner that died meanwhile has nothing left to stop. */
  async stop(hasError: boolean): Promise<void> {
    if (ProgramRunner.all.has(this)) await this.ask({ stop: hasError }).catch(() => undefined);
  }

  /** Back into the pool, where it keeps no test process alive. */
  release(): void {
    if (!ProgramRunner.all.has(this)) return;
    if (ProgramRunner.closed) {
      this.child.kill("SIGTERM");
      return;
    }
    this.hold(false);
    ProgramRunner.idle.push(this);
  }

  private ask(request: RunnerRequest): Promise<RunnerReply> {
    return new Promise<RunnerReply>((resolve, reject) => {
      this.pending = { resolve, reject };
      // A runner gone between take() and here: the send fails, and so does the command, not the test process.
      this.child.send(request, (err) => err && reject(err));
    }).finally(() => (this.pending = undefined));
  }

  private hold(busy: boolean): void {
    const handles = [this.child, this.child.channel, this.child.stdout as Socket, this.child.stderr as Socket];
    for (const h of handles) {
      if (busy) h?.ref();
      else h?.unref();
    }
  }
}

/** Ends the program runners this process started (after each test file: test/setup-e2e.ts). */
export function closeProgramRunners(): Promise<void> {
  return ProgramRunner.closeAll();
}

import * as path from "node:path";

/**
 * Status lines while a create or update waits on AWS (a claim IN_PROGRESS, an SMS number PENDING), on the resource's
 * own row of Pulumi's display.
 *
 * What a dynamic provider can print in @pulumi/pulumi 3.248: its host process (cmd/dynamic-provider) is started as
 * `pulumi-resource-pulumi-nodejs <engine address>` but never connects the runtime to that engine, so
 * `pulumi.log.info` there falls back to console.log ("info: [runtime] …"); the engine shows a provider's stdout and
 * stderr on the stack's row, not the resource's, and repeats every line under Diagnostics. The engine's Log call
 * at that address takes the resource's URN and an `ephemeral` flag: the line shows on the resource's row while it
 * runs (one line each in non-interactive output) and is not repeated under Diagnostics, as native providers'
 * status messages are. That call is what this sends, through the host's own @pulumi/pulumi and gRPC.
 */

export type StatusLine = (message: string) => void;

/** Seconds into a wait at which a line is due again when the status did not change: 10, 30, 60, then every minute. */
export function nextReportAt(lastReportedSeconds: number): number {
  for (const mark of [10, 30, 60]) if (lastReportedSeconds < mark) return mark;
  return (Math.floor(lastReportedSeconds / 60) + 1) * 60;
}

/**
 * One wait's lines: the first status seen, every change of status, and the same status again at the marks of
 * nextReportAt. Each says the status, how long so far and the limit. A wait given quietSeconds says nothing
 * before then, and nothing at all when it ends sooner (a claim IN_PROGRESS for a moment is not news).
 */
export class WaitProgress {
  private last?: { status: string; seconds: number };
  private readonly started: number;

  constructor(
    private readonly line: StatusLine,
    private readonly subject: string,
    private readonly goal: string,
    private readonly limitSeconds: number,
    private readonly quietSeconds = 0,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  observe(status: string): void {
    const seconds = Math.floor((this.now() - this.started) / 1000);
    const last = this.last;
    if (!last && seconds < this.quietSeconds) return;
    if (last && last.status === status && seconds < nextReportAt(last.seconds)) return;
    this.last = { status, seconds };
    this.line(
      status === this.goal
        ? `${this.subject} is ${status} after ${seconds}s`
        : `${this.subject} is ${status}: waited ${seconds}s of ${this.limitSeconds}s for ${this.goal}`,
    );
  }
}

interface EngineClient {
  log(request: unknown, done: (err: Error | null) => void): void;
}

interface Engine {
  client: EngineClient;
  /** @pulumi/pulumi's generated engine_pb module (LogRequest, LogSeverity). */
  proto: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let engine: Engine | null | undefined;

/**
 * The engine this process serves as a dynamic provider, or null elsewhere (a test, the inline runner): the host's
 * main module is @pulumi/pulumi's cmd/dynamic-provider/index.js, and its first argument the engine's address.
 */
function connectedEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  const main = require.main?.filename ?? "";
  const address = process.argv[2] ?? "";
  if (!main.endsWith(path.join("cmd", "dynamic-provider", "index.js")) || !/^[\w.[\]:-]+:\d+$/.test(address))
    return engine;
  try {
    const pulumiRoot = path.resolve(path.dirname(main), "../..");
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiRoot] }));
    const { EngineClient } = require(path.join(pulumiRoot, "proto/engine_grpc_pb"));
    engine = {
      client: new EngineClient(address, grpc.credentials.createInsecure()),
      proto: require(path.join(pulumiRoot, "proto/engine_pb")),
    };
  } catch {
    // An SDK laid out otherwise: no status lines; the deployment itself is unaffected.
  }
  return engine;
}

/** Status lines for the resource with this URN; silent outside a Pulumi deployment or without a URN. */
export function statusLines(urn: string | undefined): StatusLine {
  const connected = urn ? connectedEngine() : null;
  if (!connected || !urn) return () => undefined;
  const { client, proto } = connected;
  return (message) => {
    const request = new proto.LogRequest();
    request.setSeverity(proto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn);
    request.setEphemeral(true);
    // A status line is a courtesy: one the engine did not take must not fail the deployment.
    client.log(request, () => undefined);
  };
}

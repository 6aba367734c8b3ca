import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { ControlPlane, handleControl } from "../control/routes";
import { FaultRegistry } from "../control/faults";
import { CONNECT, restViolations } from "../aws-model/services";
import { describeViolations } from "../aws-model/validate";
import { ServiceError, invalidParameter } from "../state/errors";
import { EmulatorStore } from "../state/store";
import { EmbeddedDynamoDb, isDynamoDbRequest } from "../dynamodb";
import { handleStsQuery } from "../state/sts";
import { matchRoute } from "./connect-routes";
import { resolveTarget } from "./json-rpc";
import { handleSmsControl } from "../sms/control";
import { SMS_CONTENT_TYPE, resolveSmsTarget } from "../sms/wire";
import { CallContext, callContext, notImplemented, parseJsonBody, readBody, sendError, sendJson } from "./respond";

export interface WireOptions {
  store: EmulatorStore;
  faults: FaultRegistry;
  defaults: CallContext;
  /** Called after every request that changed state (the state file is written here). */
  onMutation: () => void;
  endpoint: () => string;
  /** DynamoDB requests, forwarded unread to the embedded dynalite (emulator/dynamodb.ts). */
  dynamodb?: EmbeddedDynamoDb;
  /** The emulator's own ledger's record of the account's history (control/routes.ts refuses seeds before it). */
  noChurnBefore?: ControlPlane["noChurnBefore"];
}

const JSON_11 = "application/x-amz-json-1.1";

export function createEmulatorServer(options: WireOptions): Server {
  return createServer((req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      const error = err instanceof ServiceError ? err : new ServiceError("InternalServiceException", 500, String(err));
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  });
}

async function handle(o: WireOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  (req as IncomingMessage & { emulatorNow?: number }).emulatorNow = o.store.now();
  const url = new URL(req.url ?? "/", "http://emulator");
  const rawPath = (req.url ?? "/").split("?")[0];
  const method = req.method ?? "GET";
  if (o.dynamodb && isDynamoDbRequest(req)) {
    o.dynamodb.forward(req, res);
    return;
  }
  const text = await readBody(req);

  if (rawPath.startsWith("/_emulator/sms/")) {
    const { body, mutated } = handleSmsControl(o.store, {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: parseJsonBody(text),
      defaults: o.defaults,
    });
    if (mutated) o.onMutation();
    sendJson(res, 200, body);
    return;
  }
  if (rawPath.startsWith("/_emulator/")) {
    const { body, mutated } = handleControl(
      { store: o.store, faults: o.faults, endpoint: o.endpoint, noChurnBefore: o.noChurnBefore },
      { method, path: url.pathname, query: url.searchParams, body: parseJsonBody(text), defaults: o.defaults },
    );
    if (mutated) o.onMutation();
    sendJson(res, 200, body);
    return;
  }

  const ctx = callContext(req, o.defaults);
  if (
    method === "POST" &&
    rawPath === "/" &&
    String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
  ) {
    const answer = handleStsQuery(ctx, new URLSearchParams(text));
    res.writeHead(answer.status, {
      "content-type": "text/xml",
      "content-length": Buffer.byteLength(answer.xml),
      date: new Date(o.store.now()).toUTCString(),
    });
    res.end(answer.xml);
    return;
  }
  const target = req.headers["x-amz-target"];
  const sms = method === "POST" && rawPath === "/" && typeof target === "string" ? resolveSmsTarget(target) : undefined;
  if (sms) {
    await run(
      o,
      res,
      ctx,
      sms.operation,
      sms.mutates,
      SMS_CONTENT_TYPE,
      () => sms.handle(o.store, ctx, parseJsonBody(text), o.faults),
      sms.flavour,
    );
    return;
  }
  if (method === "POST" && rawPath === "/" && typeof target === "string") {
    const resolved = resolveTarget(target);
    if (!resolved) {
      sendError(res, notImplemented("POST", `/ (X-Amz-Target: ${target})`), JSON_11);
      return;
    }
    await run(
      o,
      res,
      ctx,
      resolved.operation,
      false,
      JSON_11,
      () => resolved.handler(o.store, ctx, parseJsonBody(text)),
      resolved.flavour,
    );
    return;
  }

  const matched = matchRoute(method, rawPath);
  if (!matched) {
    sendError(res, notImplemented(method, rawPath));
    return;
  }
  const { route, labels } = matched;
  await run(o, res, ctx, route.operation, route.mutates, "application/json", () => {
    const body = method === "GET" || method === "DELETE" ? {} : parseJsonBody(text);
    const violations = restViolations(CONNECT, route.operation, { labels, query: url.searchParams, body });
    if (violations.length > 0) throw invalidParameter(describeViolations(violations));
    return route.handle({
      store: o.store,
      ctx,
      labels,
      query: url.searchParams,
      body,
      claimFailure: () => o.faults.claimFailure(),
    });
  });
}

/** Resolves after `ms`, true; or false as soon as the client closes the connection. */
function waited(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", closed);
      resolve(true);
    }, ms);
    const closed = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once("close", closed);
  });
}

/** Faults first (latency, injected errors, rate limit), then the operation, then "commit, then drop". */
async function run(
  o: WireOptions,
  res: ServerResponse,
  ctx: CallContext,
  operation: string,
  mutates: boolean,
  contentType: string,
  operate: () => unknown,
  flavour: (e: ServiceError) => ServiceError = (e) => e,
): Promise<void> {
  const latency = o.faults.latencyFor(operation);
  // A client that gives up waiting (its request timeout) closes the connection: the call then never reaches the
  // service, and no timer outlives it to hold the emulator's process open.
  if (latency > 0 && !(await waited(res, latency))) return;
  const injected = o.faults.errorFor(operation, ctx.accountId);
  if (injected) {
    sendError(res, flavour(injected), contentType);
    return;
  }
  let result: unknown;
  try {
    result = operate();
  } catch (err) {
    if (err instanceof ServiceError) {
      sendError(res, err, contentType);
      return;
    }
    throw err;
  }
  if (mutates) o.onMutation();
  if (o.faults.dropAfterCommit(operation)) {
    // The state changed, but the client never hears back: the failure idempotency tokens exist for.
    res.socket?.destroy();
    return;
  }
  sendJson(res, 200, result, contentType);
}

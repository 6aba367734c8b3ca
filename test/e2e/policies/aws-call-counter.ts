import * as http from "node:http";
import { AddressInfo } from "node:net";

/** Connect's REST routes (docs/design.md, "Connect's REST routes") that a policy pack may call, by method and path. */
const CONNECT_ROUTES: Array<[method: string, path: RegExp, operation: string]> = [
  ["POST", /^\/phone-number\/list$/, "ListPhoneNumbersV2"],
  ["POST", /^\/phone-number\/search-available$/, "SearchAvailablePhoneNumbers"],
  ["POST", /^\/phone-number\/claim$/, "ClaimPhoneNumber"],
  ["GET", /^\/phone-number\/[^/]+$/, "DescribePhoneNumber"],
  ["DELETE", /^\/phone-number\/[^/]+$/, "ReleasePhoneNumber"],
  ["GET", /^\/phone-numbers-summary\//, "ListPhoneNumbers"],
  ["GET", /^\/tags\//, "ListTagsForResource"],
];

function operationOf(req: http.IncomingMessage, body: Buffer): string {
  const target = req.headers["x-amz-target"];
  // JSON-RPC services (CloudTrail, Service Quotas, tagging, DynamoDB): the operation follows the last dot.
  if (typeof target === "string") return target.slice(target.lastIndexOf(".") + 1);
  const path = (req.url ?? "").split("?")[0];
  // Query-protocol services (STS): the operation is the form body's Action.
  const action = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    ? new URLSearchParams(body.toString("utf8")).get("Action")
    : null;
  if (action) return action;
  return CONNECT_ROUTES.find(([m, p]) => m === req.method && p.test(path))?.[2] ?? `${req.method} ${path}`;
}

export interface AwsCallCounter {
  endpoint: string;
  /** Calls per operation since the last reset, SDK retries included (every request that reached AWS). */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of the emulator that counts the AWS requests made through it: point the policy
 * pack's endpoint at it and leave the provider on the emulator, and the count is the pack's alone.
 */
export async function startAwsCallCounter(upstream: string): Promise<AwsCallCounter> {
  let counts: Record<string, number> = {};
  const target = new URL(upstream);
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const op = operationOf(req, body);
    counts[op] = (counts[op] ?? 0) + 1;
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on("error", (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      counts = {};
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

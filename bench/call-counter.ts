import { IncomingMessage, Server, createServer, request } from "node:http";
import { AddressInfo } from "node:net";
import { matchRoute } from "../emulator/wire/connect-routes";

/**
 * A pass-through HTTP proxy in front of the emulator that counts every AWS request by service and operation (and
 * the throttles the emulator answers), so a benchmark can say how many calls a deployment made. The emulator keeps
 * no request log of its own; a proxy leaves it untouched and counts DynamoDB (forwarded to dynalite) the same way.
 */
export interface CallCounts {
  /** "connect:ClaimPhoneNumber" → requests (every attempt, retries included). */
  byOperation: Record<string, number>;
  /** Answers with HTTP 429 by operation. */
  throttled: Record<string, number>;
  /** When each operation was first and last requested (performance.now() of this process). */
  span: Record<string, { first: number; last: number }>;
  /** DynamoDB requests by operation and the ledger item they touch: "PutItem window" → requests. */
  dynamodbByItem: Record<string, number>;
}

export interface CallCounter {
  endpoint: string;
  counts(): CallCounts;
  reset(): void;
  stop(): Promise<void>;
}

const SERVICES: Array<[string, string]> = [
  ["DynamoDB", "dynamodb"],
  ["ResourceGroupsTagging", "tag"],
  ["CloudTrail", "cloudtrail"],
  ["ServiceQuotas", "servicequotas"],
  ["PinpointSMSVoiceV2", "sms-voice"],
];

/** "connect:ClaimPhoneNumber", "dynamodb:PutItem", "tag:GetResources", "sts:GetCallerIdentity", "control", … */
export function operationOf(req: IncomingMessage, body: string): string {
  const rawPath = (req.url ?? "/").split("?")[0];
  if (rawPath.startsWith("/_emulator/")) return "control";
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") {
    // "Service_version.Operation", or CloudTrail's long legacy form "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.Op".
    const parts = target.split(".");
    const op = parts[parts.length - 1];
    const prefix = parts[parts.length - 2] ?? "";
    const service = SERVICES.find(([p]) => prefix.startsWith(p))?.[1] ?? prefix;
    return `${service}:${op}`;
  }
  if (String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    return `sts:${new URLSearchParams(body).get("Action") ?? "?"}`;
  }
  const matched = matchRoute(req.method ?? "GET", rawPath);
  return matched ? `connect:${matched.route.operation}` : `unknown:${req.method} ${rawPath}`;
}

export async function startCallCounter(upstream: string): Promise<CallCounter> {
  const target = new URL(upstream);
  let byOperation: Record<string, number> = {};
  let throttled: Record<string, number> = {};
  let span: Record<string, { first: number; last: number }> = {};
  let dynamodbByItem: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req, body.toString("utf8"));
      byOperation[operation] = (byOperation[operation] ?? 0) + 1;
      const now = performance.now();
      span[operation] = { first: span[operation]?.first ?? now, last: now };
      if (operation.startsWith("dynamodb:")) {
        const kind = `${operation.slice("dynamodb:".length)} ${ledgerItemOf(body.toString("utf8"))}`;
        dynamodbByItem[kind] = (dynamodbByItem[kind] ?? 0) + 1;
      }
      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          if (
            up.statusCode === 429 ||
            (up.statusCode === 400 && /Throttl/i.test(String(up.headers["x-amzn-errortype"] ?? "")))
          ) {
            throttled[operation] = (throttled[operation] ?? 0) + 1;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({
      byOperation: { ...byOperation },
      throttled: { ...throttled },
      span: { ...span },
      dynamodbByItem: { ...dynamodbByItem },
    }),
    reset() {
      dynamodbByItem = {};
      byOperation = {};
      throttled = {};
      span = {};
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * The kind of ledger item a DynamoDB request touches (ledger/keys.ts): "window", "meta", "number" (holder),
 * "stack" (stack copy), "owner" (claims counter or owner copy), "log", …; "query <partition kind>" for a Query;
 * "batch of <kinds>" for a BatchWriteItem.
 */
export function ledgerItemOf(body: string): string {
  let request: {
    Key?: Item;
    Item?: Item;
    ExpressionAttributeValues?: Record<string, { S?: string }>;
    RequestItems?: Record<string, Array<{ PutRequest?: { Item?: Item } }>>;
  };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return "?";
  }
  if (request.RequestItems) {
    const kinds = Object.values(request.RequestItems)
      .flat()
      .flatMap((r) => (r.PutRequest?.Item ? [kindOf(r.PutRequest.Item)] : []));
    return `batch of ${[...new Set(kinds)].sort().join(", ")}`;
  }
  const item = request.Key ?? request.Item;
  if (item) return kindOf(item);
  const pk = Object.values(request.ExpressionAttributeValues ?? {}).find((v) => v.S?.includes("/"))?.S ?? "";
  return `query ${pk.split("#")[1] ?? "scope"}`;
}

function kindOf(item: Item): string {
  const pk = item.pk?.S ?? "";
  const sk = item.sk?.S ?? "";
  const partition = pk.split("#")[1];
  if (partition === undefined) return sk;
  if (partition === "owner") return sk === "claims" ? "owner claims" : "owner copy";
  if (partition === "stack") return sk === "#index" ? "stack mark" : "stack copy";
  return partition;
}

type Item = Record<string, { S?: string }>;

/** Requests of one service ("connect") or all AWS requests (no service), control-plane calls excluded. */
export function total(counts: Record<string, number>, service?: string): number {
  return Object.entries(counts)
    .filter(([op]) => op !== "control" && (service === undefined || op.startsWith(`${service}:`)))
    .reduce((sum, [, n]) => sum + n, 0);
}

import dynalite from "dynalite";
import { Agent, IncomingMessage, Server, ServerResponse, request } from "node:http";
import { AddressInfo } from "node:net";
import { ServiceError } from "./state/errors";
import { sendError } from "./wire/respond";

/**
 * DynamoDB beside Connect on the emulator's endpoint: requests whose X-Amz-Target names DynamoDB go to an embedded
 * dynalite (in memory, or in a LevelDB directory beside --state), so the ledger's production code path
 * (@aws-sdk/client-dynamodb, conditional writes) runs in the demo and the tests. dynalite listens on a loopback
 * port of its own and the emulator forwards the raw request to it unread: dynalite's close (which flushes LevelDB)
 * only works on a listening server.
 *
 * What dynalite 4.0.0 does not do (its operation list): TransactWriteItems, TransactGetItems, UpdateTimeToLive (it
 * answers DescribeTimeToLive only), PartiQL (ExecuteStatement and friends), streams, backups, global tables,
 * DescribeEndpoints; it checks no signature and keeps one set of tables for every account and region.
 */
export interface EmbeddedDynamoDb {
  forward(req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
}

export function isDynamoDbRequest(req: IncomingMessage): boolean {
  const target = req.headers["x-amz-target"];
  return req.method === "POST" && typeof target === "string" && /^DynamoDB_\d{8}\./.test(target);
}

/**
 * dynalite starts with the first DynamoDB request: an emulator that never sees one opens no port and writes no
 * directory beside --state.
 */
export function embeddedDynamoDb(options: { path?: string } = {}): EmbeddedDynamoDb {
  let running: Promise<{ server: Server; port: number; agent: Agent }> | undefined;
  const start = async () => {
    const server = dynalite({ path: options.path, createTableMs: 100, deleteTableMs: 100, updateTableMs: 100 });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return { server, port: (server.address() as AddressInfo).port, agent: new Agent({ keepAlive: true }) };
  };
  const fail = (res: ServerResponse, err: Error) => {
    if (res.headersSent) res.destroy();
    else
      sendError(
        res,
        new ServiceError("InternalServerError", 500, `embedded DynamoDB (dynalite) failed: ${err.message}`),
        "application/x-amz-json-1.0",
      );
  };
  return {
    forward(req, res) {
      running ??= start();
      running.then(
        ({ port, agent }) => {
          const upstream = request(
            { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          upstream.on("error", (err) => fail(res, err));
          req.pipe(upstream);
        },
        (err: Error) => fail(res, err),
      );
    },
    async stop() {
      if (!running) return;
      const { server, agent } = await running;
      agent.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

import * as http from "node:http";
import { AddressInfo } from "node:net";
import { RunningEmulator, startEmulator } from "../../emulator";
import { PHONE_NUMBER_TYPE, ownerUrn } from "../../core";
import { Deployment, createWith, parseProviderConfig } from "../runtime";
import { PhoneNumberInputs } from "../shape";

type Mode = "error" | "unprocessed";

/**
 * A proxy between the provider and the emulator that fails every DynamoDB BatchWriteItem (the ledger's audit-log
 * writes) as a DynamoDB in trouble would: a 500, or every item left unprocessed (throttled).
 */
async function failingBatchWrites(
  target: string,
  mode: () => Mode | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const failing = mode();
      if (req.headers["x-amz-target"] === "DynamoDB_20120810.BatchWriteItem" && failing) {
        if (failing === "error") {
          res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
          res.end(
            JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "injected" }),
          );
        } else {
          res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
          res.end(JSON.stringify({ UnprocessedItems: JSON.parse(body.toString()).RequestItems }));
        }
        return;
      }
      const forward = http.request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("provider: a DynamoDB ledger whose batch writes fail", () => {
  let emu: RunningEmulator;
  let proxy: { url: string; close(): Promise<void> };
  let mode: Mode | undefined;
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0, quota: 10, ledgerTable: "team-ledger" });
    mode = undefined;
    proxy = await failingBatchWrites(emu.endpoint, () => mode);
  });
  afterEach(async () => {
    await proxy.close();
    await emu.stop();
  });

  const config = () => {
    const values: Record<string, string> = {
      "connect-numbers:endpoint": proxy.url,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:ledger": "dynamodb:team-ledger",
    };
    return parseProviderConfig((k) => values[k], {});
  };
  const inputs = async (n: number): Promise<PhoneNumberInputs> => ({
    targetArn: (await emu.control.info()).instances[0],
    phoneNumber: `+1206555010${n}`,
    ownerUrn: ownerUrn({ project: "p", stack: "dev", type: PHONE_NUMBER_TYPE, name: `n${n}` }),
  });

  const claims = async () => (await emu.control.events()).filter((e) => e.action === "claim").length;
  const messageOf = (p: Promise<unknown>) =>
    p.then(
      () => "created",
      (e: Error) => e.message,
    );
  const QUOTA_ADVICE = /servicequotas|cloudtrail:LookupEvents|allowQuotaOverrun/;

  it.each<[Mode, RegExp]>([
    [
      "error",
      /BatchWriteItem of (1 item|\d+ items) failed with its answer lost \(injected\): (it|they) may have been written/,
    ],
    ["unprocessed", /stayed unprocessed after 8 BatchWriteItem calls/],
  ])(
    "BatchWriteItem %s: names the resource and the number, says the claim is made and counted, and that the next up recovers it",
    async (failing, cause) => {
      mode = failing;
      const first = new Deployment(config(), () => undefined);
      try {
        const message = await messageOf(createWith(first, await inputs(1)));
        expect(message).toMatch(cause);
        expect(message).toContain('PhoneNumber "n1": AWS made the claim of +12065550101');
        expect(message).toMatch(/it is counted in the churn ledger of account \d+ in us-east-1/);
        expect(message).toContain(
          "The next `pulumi up` finds the number by its ownership tags and takes it over, with no second claim.",
        );
        expect(message).toContain("check the ledger table's capacity and throttling");
        expect(message).not.toMatch(QUOTA_ADVICE);
      } finally {
        first.destroy();
      }
      expect(await claims()).toBe(1);

      // The next deployment, the table still failing: its own history write fails before any claim.
      const second = new Deployment(config(), () => undefined);
      try {
        const message = await messageOf(createWith(second, await inputs(2)));
        expect(message).toMatch(cause);
        expect(message).toMatch(
          /^PhoneNumber "n2": the churn ledger of account \d+ in us-east-1 could not record .*nothing was claimed/,
        );
        expect(message).toContain("check the ledger table's capacity and throttling");
        expect(message).not.toMatch(QUOTA_ADVICE);
      } finally {
        second.destroy();
      }
      expect(await claims()).toBe(1);

      // The table well again: the number claimed is taken over, not claimed twice.
      mode = undefined;
      const third = new Deployment(config(), () => undefined);
      try {
        const created = await createWith(third, await inputs(1));
        expect(created.outs).toMatchObject({ phoneNumber: "+12065550101", status: "CLAIMED" });
      } finally {
        third.destroy();
      }
      expect(await claims()).toBe(1);
    },
  );
});

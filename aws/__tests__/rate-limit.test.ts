import { ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import * as fc from "fast-check";
import { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { connectClient, effectiveRateLimits } from "../clients";
import { Pacer, awsDefaultRate, parseRateLimits, rateFor } from "../rate-limit";

describe("rate settings", () => {
  it("takes AWS's defaults, scaled by the multiplier, under explicit rates", () => {
    expect(rateFor("connect", "ClaimPhoneNumber")).toBe(2);
    expect(rateFor("connect", "CreateContactFlow")).toBe(2);
    expect(rateFor("cloudtrail", "LookupEvents", { multiplier: 10 })).toBe(20);
    expect(rateFor("sms-voice", "ReleasePhoneNumber")).toBe(1);
    expect(rateFor("dynamodb", "PutItem")).toBeUndefined();
    expect(rateFor("connect", "ClaimPhoneNumber", { multiplier: 10, rates: { "connect:ClaimPhoneNumber": 5 } })).toBe(
      5,
    );
    expect(rateFor("sms-voice", "ReleasePhoneNumber", { rates: { ReleasePhoneNumber: 3 } })).toBe(3);
    expect(rateFor("connect", "DescribePhoneNumber", { rates: { "connect:*": 7 } })).toBe(7);
    expect(rateFor("connect", "ClaimPhoneNumber", { off: true })).toBeUndefined();
    expect(awsDefaultRate("LookupEvents")).toBe(2);
    expect(awsDefaultRate("ReleasePhoneNumber")).toBe(2);
    expect(awsDefaultRate("GetServiceQuota")).toBeUndefined();
  });

  it("reads JSON, the short form and off, and names the value and the fix when wrong", () => {
    expect(parseRateLimits('{"multiplier":10,"rates":{"connect:ClaimPhoneNumber":5}}')).toEqual({
      multiplier: 10,
      rates: { "connect:ClaimPhoneNumber": 5 },
    });
    expect(parseRateLimits("x10, connect:ClaimPhoneNumber=5, burst=2")).toEqual({
      multiplier: 10,
      rates: { "connect:ClaimPhoneNumber": 5 },
      burst: 2,
    });
    expect(parseRateLimits("off")).toEqual({ off: true });
    expect(() => parseRateLimits("x0")).toThrow(
      /multiplier must be a number > 0, got "0".*x10,connect:ClaimPhoneNumber=5/,
    );
    expect(() => parseRateLimits('{"mult":2}')).toThrow(/unknown key mult/);
    expect(() => parseRateLimits("ClaimPhoneNumber")).toThrow(/is not operation=rate/);
  });

  it("paces AWS by default and leaves the emulator alone unless told", () => {
    expect(effectiveRateLimits({ region: "us-east-1" }, {})).toEqual({});
    expect(effectiveRateLimits({ endpoint: "http://127.0.0.1:4566" }, {})).toEqual({ off: true });
    expect(effectiveRateLimits({ endpoint: "http://127.0.0.1:4566" }, { CONNECT_NUMBERS_RATE_LIMITS: "x10" })).toEqual({
      multiplier: 10,
    });
    expect(effectiveRateLimits({ rateLimits: { multiplier: 3 } }, { CONNECT_NUMBERS_RATE_LIMITS: "x10" })).toEqual({
      multiplier: 3,
    });
  });
});

describe("Pacer", () => {
  it("never lets two sends closer than the interval (burst 1), and serves callers in order", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 40 }),
        (rate, gaps) => {
          const pacer = new Pacer(rate);
          let now = 0;
          const sends: number[] = [];
          for (const gap of gaps) {
            now += gap;
            sends.push(now + pacer.book(now));
          }
          for (let i = 1; i < sends.length; i++)
            expect(sends[i] - sends[i - 1]).toBeGreaterThanOrEqual(1000 / rate - 1e-6);
        },
      ),
    );
  });

  it("lets a burst go at once after a quiet spell, then paces", () => {
    const pacer = new Pacer(2, 3);
    expect([0, 0, 0, 0].map(() => pacer.book(10_000))).toEqual([0, 0, 0, 500]);
  });
});

describe("rate-limited clients over HTTP", () => {
  const arrivals: Array<{ at: number }> = [];
  let throttleNext = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      arrivals.push({ at: Date.now() });
      if (throttleNext > 0) {
        throttleNext--;
        res.writeHead(429, { "content-type": "application/json", "x-amzn-errortype": "ThrottlingException" });
        res.end(JSON.stringify({ __type: "ThrottlingException", Message: "Rate exceeded" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ListPhoneNumbersSummaryList: [] }));
    });
  });
  let endpoint = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    arrivals.length = 0;
  });

  it("spaces concurrent calls of one operation at the configured rate, across two clients of one endpoint", async () => {
    const settings = { region: "us-east-1", endpoint, rateLimits: { rates: { "connect:ListPhoneNumbersV2": 20 } } };
    const a = connectClient(settings);
    const b = connectClient(settings);
    // A client's first call resolves credentials and opens its socket after the pacer: on a loaded machine that delay
    // compresses the span measured below. Warm both clients up, then let the pacer's interval pass.
    await Promise.all([a, b].map((c) => c.send(new ListPhoneNumbersV2Command({}))));
    await new Promise((resolve) => setTimeout(resolve, 200));
    arrivals.length = 0;
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).send(new ListPhoneNumbersV2Command({}))));
    expect(arrivals).toHaveLength(8);
    // Sent 50 ms apart; arrivals jitter on a loaded machine, so check the span (unpaced, all 8 land within a few ms).
    expect(arrivals[7].at - arrivals[0].at).toBeGreaterThanOrEqual(6 * 50);
    a.destroy();
    b.destroy();
  });

  it("paces the SDK's retries too, and sits before signing (a request held for minutes must not carry an old signature)", async () => {
    throttleNext = 2;
    const client = connectClient({
      region: "us-east-1",
      endpoint,
      rateLimits: { rates: { "connect:ListPhoneNumbersV2": 1 } },
    });
    await client.send(new ListPhoneNumbersV2Command({}));
    await client.send(new ListPhoneNumbersV2Command({}));
    expect(arrivals).toHaveLength(4);
    expect(arrivals[3].at - arrivals[0].at).toBeGreaterThanOrEqual(2_900);
    const order = client.middlewareStack.identify().map((m) => m.split(" ")[0]);
    expect(order.indexOf("retryMiddleware")).toBeLessThan(order.indexOf("connectNumbersRateLimit"));
    expect(order.indexOf("connectNumbersRateLimit")).toBeLessThan(order.indexOf("httpSigningMiddleware"));
    client.destroy();
  });
});

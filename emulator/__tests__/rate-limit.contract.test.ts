import {
  ConnectClient,
  DescribePhoneNumberCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from "@aws-sdk/client-connect";
import { connectClient } from "../../aws/clients";
import { operationRate } from "../control/faults";
import { Fixture, clientConfig, startFixture } from "./fixture";

describe("emulator: rate limit per operation, at N times AWS's defaults", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(async () => {
    await f.emu.control.clearFaults();
    await f.stop();
  });

  it("gives each operation its own rate: explicit, else N x AWS's default, else the common rate", () => {
    const limit = { ratePerSecond: 100, burst: 2, perOperation: { LookupEvents: 7 }, multiplierOfAwsDefaults: 10 };
    expect(operationRate(limit, "LookupEvents")).toBe(7);
    expect(operationRate(limit, "ClaimPhoneNumber")).toBe(20);
    expect(operationRate(limit, "GetServiceQuota")).toBe(100);
    expect(operationRate({ ratePerSecond: 3, burst: 1 }, "ClaimPhoneNumber")).toBe(3);
  });

  it("throttles an unpaced burst, and never a client paced at the same rate", async () => {
    await f.emu.control.rateLimit({ ratePerSecond: 1000, burst: 2, multiplierOfAwsDefaults: 10 });
    const attempts = (e: unknown) => (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    const unpaced = new ConnectClient({ ...clientConfig(f.emu.endpoint), maxAttempts: 1 });
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        unpaced.send(new DescribePhoneNumberCommand({ PhoneNumberId: "x" })).catch((e: unknown) => e),
      ),
    );
    unpaced.destroy();
    expect(burst.filter((e) => e instanceof ThrottlingException).length).toBeGreaterThanOrEqual(5);

    // The same rate with room for the timers' jitter on a loaded machine: a request the event loop delays comes
    // closer to the next than the pace, which a bucket of 2 refused once under a full test run.
    await f.emu.control.rateLimit({ ratePerSecond: 1000, burst: 5, multiplierOfAwsDefaults: 10 });
    await new Promise((r) => setTimeout(r, 500));
    const paced = connectClient({ endpoint: f.emu.endpoint, region: "us-east-1", rateLimits: { multiplier: 10 } });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        paced.send(new DescribePhoneNumberCommand({ PhoneNumberId: "x" })).catch((e: unknown) => e),
      ),
    );
    paced.destroy();
    expect(outcomes.every((e) => e instanceof ResourceNotFoundException && attempts(e) === 1)).toBe(true);
  });
});

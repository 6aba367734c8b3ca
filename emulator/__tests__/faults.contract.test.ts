import {
  AccessDeniedException,
  ClaimPhoneNumberCommand,
  ConnectClient,
  ConnectServiceException,
  DescribePhoneNumberCommand,
  InternalServiceException,
  ReleasePhoneNumberCommand,
  ThrottlingException,
} from "@aws-sdk/client-connect";
import { Fixture, clientConfig, startFixture } from "./fixture";

describe("emulator: faults", () => {
  let f: Fixture;
  let once: ConnectClient;
  beforeEach(async () => {
    f = await startFixture({ quota: 20 });
    once = new ConnectClient({ ...clientConfig(f.emu.endpoint), maxAttempts: 1 });
  });
  afterEach(async () => {
    once.destroy();
    await f.stop();
  });
  const claim = (client: ConnectClient, PhoneNumber: string, ClientToken?: string) =>
    client.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber, ClientToken }));

  it("fails the next calls with ThrottlingException, InternalServiceException, API Gateway's TooManyRequestsException and AccessDeniedException", async () => {
    await f.emu.control.fault({ operation: "DescribePhoneNumber", kind: "throttle" });
    await f.emu.control.fault({ operation: "DescribePhoneNumber", kind: "internal" });
    await f.emu.control.fault({ operation: "DescribePhoneNumber", kind: "too-many-requests" });
    await f.emu.control.fault({ operation: "DescribePhoneNumber", kind: "access-denied" });
    const describe = () => once.send(new DescribePhoneNumberCommand({ PhoneNumberId: "x" })).catch((e: unknown) => e);
    expect(await describe()).toBeInstanceOf(ThrottlingException);
    expect(await describe()).toBeInstanceOf(InternalServiceException);
    const apigw = await describe();
    expect(apigw).toBeInstanceOf(ConnectServiceException);
    expect(apigw).toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    const denied = await describe();
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect((denied as Error).message).toBe("User is not authorized to perform: connect:DescribePhoneNumber");
  });

  it("is retried by the SDK's own strategy, with one ClientToken, so a claim lands once", async () => {
    await f.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "throttle", count: 2 });
    const result = await claim(f.connect, "+12065550100");
    expect(result.$metadata.attempts).toBe(3);
    expect(await f.emu.control.events()).toHaveLength(1);
  });

  it("commits, then drops the connection: a retry with the same token gets the first answer, not a second claim", async () => {
    await f.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "drop-after-commit" });
    const token = "5e3c0b2a-8f4d-4c1e-9a7b-6d5e4f3a2b1c";
    const lost = await claim(once, "+12065550100", token).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(Error);
    expect(lost).not.toBeInstanceOf(ConnectServiceException);
    const retried = await claim(once, "+12065550100", token);
    expect((await f.emu.control.events()).map((e) => e.phoneNumberId)).toEqual([retried.PhoneNumberId]);

    await f.emu.control.fault({ operation: "ReleasePhoneNumber", kind: "drop-after-commit" });
    await expect(
      once.send(new ReleasePhoneNumberCommand({ PhoneNumberId: retried.PhoneNumberId, ClientToken: token })),
    ).rejects.toBeInstanceOf(Error);
    await once.send(new ReleasePhoneNumberCommand({ PhoneNumberId: retried.PhoneNumberId, ClientToken: token }));
    expect((await f.emu.control.events()).map((e) => e.action)).toEqual(["claim", "release"]);
  });

  it("commits, drops the answer, then refuses the retries of that operation as told: the claim landed once, the SDK's last error is the refusal", async () => {
    await f.emu.control.fault({
      operation: "ClaimPhoneNumber",
      kind: "drop-after-commit",
      then: { kind: "too-many-requests", count: 2 },
    });
    const three = new ConnectClient({ ...clientConfig(f.emu.endpoint), maxAttempts: 3 });
    try {
      const lost = await claim(three, "+12065550100", "0b6a4f3e-2d1c-4b5a-8e7f-9a0b1c2d3e4f").catch((e: unknown) => e);
      expect(lost).toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429, attempts: 3 } });
    } finally {
      three.destroy();
    }
    expect((await f.emu.control.events()).map((e) => e.action)).toEqual(["claim"]);
    expect((await f.emu.control.faults()).faults).toEqual([]);
  });

  it("refuses a follow-up on any fault but drop-after-commit", async () => {
    await expect(
      f.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "throttle", then: { kind: "internal", count: 1 } }),
    ).rejects.toThrow(/only a drop-after-commit fault/);
  });

  it("turns the next claim FAILED with a message", async () => {
    await f.emu.control.fault({ kind: "claim-failed", message: "Number provisioning failed upstream." });
    const { PhoneNumberId } = await claim(f.connect, "+12065550100");
    const d = await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }));
    expect(d.ClaimedPhoneNumberSummary!.PhoneNumberStatus).toEqual({
      Status: "FAILED",
      Message: "Number provisioning failed upstream.",
    });
    const next = await claim(f.connect, "+12065550101");
    expect(
      (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: next.PhoneNumberId })))
        .ClaimedPhoneNumberSummary!.PhoneNumberStatus!.Status,
    ).toBe("CLAIMED");
  });

  it("adds latency, and rate-limits per account with a token bucket", async () => {
    await f.emu.control.fault({ operation: "DescribePhoneNumber", kind: "latency", latencyMs: 150, count: 1 });
    const started = Date.now();
    await once.send(new DescribePhoneNumberCommand({ PhoneNumberId: "x" })).catch(() => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    await f.emu.control.rateLimit({ ratePerSecond: 2, burst: 5 });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        once.send(new DescribePhoneNumberCommand({ PhoneNumberId: "x" })).catch((e: unknown) => e),
      ),
    );
    expect(outcomes.filter((e) => e instanceof ThrottlingException).length).toBeGreaterThanOrEqual(3);
    await f.emu.control.clearFaults();
  });
});

import {
  ClaimPhoneNumberCommand,
  DescribePhoneNumberCommand,
  ReleasePhoneNumberCommand,
} from "@aws-sdk/client-connect";
import { startEmulator, RunningEmulator } from "../../emulator";
import { callRecordOf, outcomeOfFailure } from "../attempts";
import { connectClient } from "../clients";

/** The per-attempt record, through the real SDK (its retry strategy, its deserializers) against the emulator. */
describe("aws: every attempt of a call is recorded on its final error", () => {
  let emu: RunningEmulator;
  let instanceArn: string;
  const connect = () => connectClient({ endpoint: emu.endpoint, region: emu.region });
  beforeEach(async () => {
    emu = await startEmulator({ quota: 20, claimDelayMs: 0 });
    instanceArn = (await emu.control.info()).instances[0];
  });
  afterEach(() => emu.stop());

  const claim = (c: ReturnType<typeof connectClient>, token: string) =>
    c
      .send(new ClaimPhoneNumberCommand({ TargetArn: instanceArn, PhoneNumber: "+12065550100", ClientToken: token }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );

  it("a claim whose answer was lost and whose retries were throttled is uncertain, though its last error is a 429", async () => {
    await emu.control.fault({
      operation: "ClaimPhoneNumber",
      kind: "drop-after-commit",
      then: { kind: "too-many-requests", count: 5 },
    });
    const c = connect();
    try {
      const err = await claim(c, "7c1f0e2d-3b4a-4596-8786-a5b4c3d2e1f0");
      expect(err).toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
      const record = callRecordOf(err, "ClaimPhoneNumber")!;
      expect(record.attempts).toHaveLength(6);
      expect(record.attempts[0]).toMatchObject({ answered: false });
      expect(record.attempts.slice(1)).toEqual(
        Array.from({ length: 5 }, () => ({ answered: true, status: 429, error: "TooManyRequestsException" })),
      );
      expect(outcomeOfFailure(err, "ClaimPhoneNumber")).toBe("uncertain");
      expect((await emu.control.events()).map((e) => e.action)).toEqual(["claim"]);
    } finally {
      c.destroy();
    }
  }, 60_000);

  it("a claim throttled on every attempt certainly did nothing; a 5xx among them makes it uncertain", async () => {
    const c = connect();
    try {
      await emu.control.fault({ operation: "ClaimPhoneNumber", kind: "throttle", count: 6 });
      const throttled = await claim(c, "8d2f1e3c-4b5a-4697-9887-b6c5d4e3f201");
      expect(callRecordOf(throttled, "ClaimPhoneNumber")!.attempts).toHaveLength(6);
      expect(outcomeOfFailure(throttled, "ClaimPhoneNumber")).toBe("nothing");

      await emu.control.fault({ operation: "ClaimPhoneNumber", kind: "internal" });
      await emu.control.fault({ operation: "ClaimPhoneNumber", kind: "throttle", count: 5 });
      const mixed = await claim(c, "9e3a2f4d-5c6b-47a8-a998-c7d6e5f40312");
      expect(outcomeOfFailure(mixed, "ClaimPhoneNumber")).toBe("uncertain");
      expect(await emu.control.events()).toEqual([]);
    } finally {
      c.destroy();
    }
  }, 60_000);

  it("a refusal on the first attempt is nothing; the record names its own call, so another call's error proves nothing of this one", async () => {
    const c = connect();
    try {
      const missing = await c
        .send(new ReleasePhoneNumberCommand({ PhoneNumberId: "no-such-number" }))
        .catch((e: unknown) => e);
      expect(callRecordOf(missing, "ReleasePhoneNumber")!.attempts).toEqual([
        { answered: true, status: 404, error: "ResourceNotFoundException" },
      ]);
      expect(outcomeOfFailure(missing, "ReleasePhoneNumber")).toBe("nothing");
      const describe = await c
        .send(new DescribePhoneNumberCommand({ PhoneNumberId: "no-such-number" }))
        .catch((e: unknown) => e);
      expect(outcomeOfFailure(describe, "ClaimPhoneNumber")).toBe("uncertain");
      expect(outcomeOfFailure(new Error("wrapper", { cause: missing }), "ReleasePhoneNumber")).toBe("nothing");
      expect(outcomeOfFailure(new Error("from code"), "ReleasePhoneNumber")).toBe("uncertain");
    } finally {
      c.destroy();
    }
  });
});

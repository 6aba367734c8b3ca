import {
  AccessDeniedException,
  DescribePhoneNumbersCommand,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  ReleasePhoneNumberCommand,
  RequestPhoneNumberCommand,
  ThrottlingException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SmsControl, startEmulator } from "..";
import { clientConfig } from "./fixture";
import { SmsFixture, rejection, startSmsFixture } from "./sms-fixture";

const input = {
  IsoCountryCode: "US",
  MessageType: "TRANSACTIONAL",
  NumberCapabilities: ["SMS"],
  NumberType: "LONG_CODE",
} as const;

describe("emulator: SMS and voice v2 faults, rate limits, seeding and persistence", () => {
  let f: SmsFixture;
  beforeEach(async () => {
    f = await startSmsFixture();
  });
  afterEach(() => f.stop());

  it("applies the /_emulator/faults kinds to SMS operations, named as SMS and voice v2 names its errors", async () => {
    const op = "PinpointSMSVoiceV2.DescribePhoneNumbers";
    await f.emu.control.fault({ operation: op, kind: "throttle" });
    await f.emu.control.fault({ operation: op, kind: "internal" });
    await f.emu.control.fault({ operation: op, kind: "access-denied" });
    const describe = () => rejection(f.once.send(new DescribePhoneNumbersCommand({})));
    expect(await describe()).toBeInstanceOf(ThrottlingException);
    const internal = await describe();
    expect(internal).toBeInstanceOf(InternalServerException);
    expect(internal).toMatchObject({ $metadata: { httpStatusCode: 500 }, RequestId: expect.any(String) });
    const denied = await describe();
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(denied.message).toBe("User is not authorized to perform: sms-voice:DescribePhoneNumbers");
    // Connect's ReleasePhoneNumber fault does not touch SMS's operation of the same name.
    await f.emu.control.fault({ operation: "ReleasePhoneNumber", kind: "throttle" });
    expect(await rejection(f.once.send(new ReleasePhoneNumberCommand({ PhoneNumberId: "phone-x" })))).toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("commits, then drops the connection: the same ClientToken gets the first number, not a second", async () => {
    await f.emu.control.fault({ operation: "PinpointSMSVoiceV2.RequestPhoneNumber", kind: "drop-after-commit" });
    const token = "stable-token-1";
    const lost = await rejection(
      f.once.send(new RequestPhoneNumberCommand({ ...input, NumberCapabilities: ["SMS"], ClientToken: token })),
    );
    expect(lost.name).not.toBe("ConflictException");
    const retried = await f.once.send(
      new RequestPhoneNumberCommand({ ...input, NumberCapabilities: ["SMS"], ClientToken: token }),
    );
    expect((await f.control.events()).map((e) => e.phoneNumberId)).toEqual([retried.PhoneNumberId]);
  });

  it("limits each operation to 1 request per second by default; the SDK's retries get through", async () => {
    await f.control.settings({ rateLimit: { ratePerSecond: 1, burst: 1 } });
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => f.once.send(new DescribePhoneNumbersCommand({})).catch((e: unknown) => e)),
    );
    expect(outcomes.filter((e) => e instanceof ThrottlingException)).toHaveLength(2);
    expect(outcomes.find((e) => e instanceof ThrottlingException)).toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
    // Another operation has its own bucket.
    await f.once.send(new RequestPhoneNumberCommand({ ...input, NumberCapabilities: ["SMS"] }));
    const patient = new PinpointSMSVoiceV2Client({ ...clientConfig(f.emu.endpoint), maxAttempts: 10 });
    try {
      const started = Date.now();
      await Promise.all([
        patient.send(new DescribePhoneNumbersCommand({})),
        patient.send(new DescribePhoneNumbersCommand({})),
      ]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      patient.destroy();
    }
    expect((await f.control.settings()).rateLimit).toEqual({ ratePerSecond: 1, burst: 1 });
  });

  it("seeds numbers the account held before (no churn), ACTIVE or PENDING", async () => {
    const seeded = await f.control.seed({
      numbers: [
        { phoneNumber: "+12065550177", deletionProtectionEnabled: true, tags: { owner: "legacy" } },
        { isoCountryCode: "US", numberType: "TOLL_FREE", status: "PENDING", pendingForMs: 5_000 },
      ],
    });
    const [legacy, pending] = (
      await f.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: seeded.numbers.map((n) => n.phoneNumberId) }))
    ).PhoneNumbers!;
    expect(legacy).toMatchObject({
      PhoneNumber: "+12065550177",
      Status: "ACTIVE",
      DeletionProtectionEnabled: true,
      NumberType: "LONG_CODE",
    });
    expect(pending).toMatchObject({ Status: "PENDING", NumberType: "TOLL_FREE" });
    expect(await f.control.events()).toEqual([]);
    await expect(f.control.seed({ numbers: [{ phoneNumber: "+12065550177" }] })).rejects.toThrow(/not available|no US/);
    await expect(f.control.seed({ numbers: [{ numberType: "BOGUS" as never }] })).rejects.toThrow(/numberType/);
    await expect(
      f.once.send(new UpdatePhoneNumberCommand({ PhoneNumberId: pending.PhoneNumberId, TwoWayEnabled: false })),
    ).rejects.toMatchObject({ Reason: "RESOURCE_NOT_ACTIVE" });
  });

  it("keeps SMS numbers, settings and history in the state file across a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-sms-state-"));
    const statePath = path.join(dir, "state.json");
    try {
      const first = await startEmulator({ statePath, sms: { rateLimit: null, phoneNumberLimit: 7 } });
      const client = new PinpointSMSVoiceV2Client(clientConfig(first.endpoint));
      const { PhoneNumberId } = await client.send(
        new RequestPhoneNumberCommand({ ...input, NumberCapabilities: ["SMS"], NumberType: "TOLL_FREE" }),
      );
      client.destroy();
      await first.stop();

      const second = await startEmulator({ statePath });
      const again = new PinpointSMSVoiceV2Client(clientConfig(second.endpoint));
      const control = new SmsControl(second.endpoint);
      expect(
        (await again.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [PhoneNumberId!] }))).PhoneNumbers![0]
          .Status,
      ).toBe("PENDING");
      expect((await control.settings()).phoneNumberLimit).toBe(7);
      expect(await control.events()).toHaveLength(1);
      await second.control.reset();
      expect((await control.numbers()).numbers).toEqual([]);
      again.destroy();
      await second.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

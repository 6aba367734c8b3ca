import {
  ConnectClient,
  DescribePhoneNumberCommand,
  ImportPhoneNumberCommand,
  InvalidParameterException,
  ListPhoneNumbersV2Command,
  ReleasePhoneNumberCommand as ReleaseConnectNumberCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-connect";
import { ReleasePhoneNumberCommand, RequestPhoneNumberCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { clientConfig } from "./fixture";
import { SmsFixture, rejection, startSmsFixture } from "./sms-fixture";

describe("emulator: Connect's ImportPhoneNumber of an SMS and voice v2 number", () => {
  let f: SmsFixture;
  let connect: ConnectClient;
  let instanceId: string;
  beforeEach(async () => {
    f = await startSmsFixture({ quota: 2 });
    connect = new ConnectClient(clientConfig(f.emu.endpoint));
    instanceId = (await f.emu.control.info()).instances[0].split("/").pop()!;
  });
  afterEach(async () => {
    connect.destroy();
    await f.stop();
  });
  const requestSms = async (NumberType: "LONG_CODE" | "TOLL_FREE" = "LONG_CODE") =>
    f.sms.send(
      new RequestPhoneNumberCommand({
        IsoCountryCode: "US",
        MessageType: "TRANSACTIONAL",
        NumberCapabilities: ["SMS", "VOICE"],
        NumberType,
      }),
    );

  it("imports: Describe and ListPhoneNumbersV2 show SourcePhoneNumberArn; the import and its release both count as churn", async () => {
    const sms = await requestSms();
    const imported = await connect.send(
      new ImportPhoneNumberCommand({
        InstanceId: instanceId,
        SourcePhoneNumberArn: sms.PhoneNumberArn,
        PhoneNumberDescription: "SMS line",
        ClientToken: "8d1f4c2e-0b3a-4e5f-9a7b-1c2d3e4f5a6b",
      }),
    );
    const again = await connect.send(
      new ImportPhoneNumberCommand({
        InstanceId: instanceId,
        SourcePhoneNumberArn: sms.PhoneNumberArn,
        PhoneNumberDescription: "SMS line",
        ClientToken: "8d1f4c2e-0b3a-4e5f-9a7b-1c2d3e4f5a6b",
      }),
    );
    expect(again.PhoneNumberId).toBe(imported.PhoneNumberId);
    const d = (await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: imported.PhoneNumberId })))
      .ClaimedPhoneNumberSummary!;
    expect(d).toMatchObject({
      PhoneNumber: sms.PhoneNumber,
      SourcePhoneNumberArn: sms.PhoneNumberArn,
      PhoneNumberType: "DID",
      PhoneNumberStatus: { Status: "CLAIMED" },
    });
    const listed = (await connect.send(new ListPhoneNumbersV2Command({}))).ListPhoneNumbersSummaryList!;
    expect(listed).toEqual([
      expect.objectContaining({ PhoneNumberId: imported.PhoneNumberId, SourcePhoneNumberArn: sms.PhoneNumberArn }),
    ]);

    // Imported once at a time; SMS will not release a number Connect is using.
    expect(
      await rejection(
        connect.send(
          new ImportPhoneNumberCommand({ InstanceId: instanceId, SourcePhoneNumberArn: sms.PhoneNumberArn }),
        ),
      ),
    ).toBeInstanceOf(InvalidParameterException);
    expect(
      await rejection(f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId: sms.PhoneNumberId }))),
    ).toMatchObject({ name: "ConflictException", Reason: "RESOURCE_DELETION_NOT_ALLOWED" });

    await connect.send(new ReleaseConnectNumberCommand({ PhoneNumberId: imported.PhoneNumberId }));
    expect((await f.emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`)).toEqual([
      `import ${sms.PhoneNumber}`,
      `release ${sms.PhoneNumber}`,
    ]);
    await f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId: sms.PhoneNumberId }));
  });

  it("refuses an import the churn budget cannot take, a PENDING number, and a number it does not know", async () => {
    const pending = await requestSms("TOLL_FREE");
    expect(
      await rejection(
        connect.send(
          new ImportPhoneNumberCommand({ InstanceId: instanceId, SourcePhoneNumberArn: pending.PhoneNumberArn }),
        ),
      ),
    ).toBeInstanceOf(InvalidParameterException);
    expect(
      await rejection(
        connect.send(
          new ImportPhoneNumberCommand({
            InstanceId: instanceId,
            SourcePhoneNumberArn: "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-nope",
          }),
        ),
      ),
    ).toBeInstanceOf(ResourceNotFoundException);
    await f.emu.control.seed({
      events: Array.from({ length: 4 }, (_, i) => ({
        at: Date.now() - (i + 1) * 86_400_000,
        action: "release" as const,
      })),
    });
    const sms = await requestSms();
    const blocked = await rejection(
      connect.send(new ImportPhoneNumberCommand({ InstanceId: instanceId, SourcePhoneNumberArn: sms.PhoneNumberArn })),
    );
    expect(blocked).toBeInstanceOf(InvalidParameterException);
    expect(blocked.message).toContain("Claims are blocked");
    expect((await f.emu.control.events()).filter((e) => e.action === "import")).toEqual([]);
  });
});

import {
  ConflictException,
  DescribeAccountLimitsCommand,
  DescribePhoneNumbersCommand,
  ListTagsForResourceCommand,
  PinpointSMSVoiceV2Client,
  ReleasePhoneNumberCommand,
  RequestPhoneNumberCommand,
  RequestPhoneNumberCommandInput,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePhoneNumberCommand,
  ValidationException,
  paginateDescribePhoneNumbers,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { clientConfig } from "./fixture";
import { SmsFixture, rejection, startSmsFixture } from "./sms-fixture";

const DAY = 86_400_000;

describe("emulator: SMS and voice v2 origination numbers through @aws-sdk/client-pinpoint-sms-voice-v2", () => {
  let f: SmsFixture;
  beforeEach(async () => {
    f = await startSmsFixture();
  });
  afterEach(() => f.stop());

  const request = (extra: Partial<RequestPhoneNumberCommandInput> = {}) =>
    f.sms.send(
      new RequestPhoneNumberCommand({
        IsoCountryCode: "US",
        MessageType: "TRANSACTIONAL",
        NumberCapabilities: ["SMS", "VOICE"],
        NumberType: "LONG_CODE",
        ...extra,
      }),
    );
  const describe = async (id: string) =>
    (await f.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] }))).PhoneNumbers![0];

  it("requests a long code: PENDING in the answer, ACTIVE when described, with its settings, price and tags", async () => {
    const r = await request({
      Tags: [{ Key: "team", Value: "cx" }],
      DeletionProtectionEnabled: true,
      OptOutListName: "Marketing",
    });
    expect(r.PhoneNumberId).toMatch(/^phone-[0-9a-f]{32}$/);
    expect(r.PhoneNumberArn).toBe(`arn:aws:sms-voice:us-east-1:123456789012:phone-number/${r.PhoneNumberId}`);
    expect(r).toMatchObject({
      Status: "PENDING",
      IsoCountryCode: "US",
      NumberType: "LONG_CODE",
      MonthlyLeasingPrice: "1.00",
      Tags: [{ Key: "team", Value: "cx" }],
      DeletionProtectionEnabled: true,
    });
    expect(r.PhoneNumber).toMatch(/^\+1\d{10}$/);
    expect(r.CreatedTimestamp).toBeInstanceOf(Date);
    expect(await describe(r.PhoneNumberArn!)).toMatchObject({
      PhoneNumberId: r.PhoneNumberId,
      Status: "ACTIVE",
      NumberCapabilities: ["SMS", "VOICE"],
      TwoWayEnabled: false,
      SelfManagedOptOutsEnabled: false,
      OptOutListName: "Marketing",
      DeletionProtectionEnabled: true,
    });
    expect((await f.sms.send(new ListTagsForResourceCommand({ ResourceArn: r.PhoneNumberArn }))).Tags).toEqual([
      { Key: "team", Value: "cx" },
    ]);
    expect(await f.control.events()).toMatchObject([{ action: "request", phoneNumberId: r.PhoneNumberId }]);
  });

  it("keeps toll-free and 10DLC numbers PENDING on the emulator's clock, per type", async () => {
    const tollFree = await request({ NumberType: "TOLL_FREE" });
    const tenDlc = await request({ NumberType: "TEN_DLC", RegistrationId: "registration-0123" });
    expect((await describe(tollFree.PhoneNumberId!)).Status).toBe("PENDING");
    await f.emu.control.clock({ advanceDays: 2 });
    expect((await describe(tenDlc.PhoneNumberId!)).Status).toBe("PENDING");
    await f.emu.control.clock({ advanceDays: 1 });
    expect((await describe(tollFree.PhoneNumberId!)).Status).toBe("ACTIVE");
    expect((await describe(tenDlc.PhoneNumberId!)).RegistrationId).toBe("registration-0123");

    await f.control.settings({ pendingMs: { TOLL_FREE: 60_000 } });
    const quick = await request({ NumberType: "TOLL_FREE" });
    await f.emu.control.clock({ advanceMs: 60_000 });
    expect((await describe(quick.PhoneNumberId!)).Status).toBe("ACTIVE");
  });

  it("validates on the server with a Reason and the fields at fault", async () => {
    const missing = await rejection(
      f.sms.send(
        new RequestPhoneNumberCommand({
          MessageType: "TRANSACTIONAL",
          NumberCapabilities: ["SMS"],
          NumberType: "LONG_CODE",
        } as never),
      ),
    );
    expect(missing).toBeInstanceOf(ValidationException);
    expect(missing).toMatchObject({
      Reason: "MISSING_PARAMETER",
      Fields: [{ Name: "IsoCountryCode", Message: "Member must not be null" }],
      $metadata: { httpStatusCode: 400 },
    });
    expect(await rejection(request({ IsoCountryCode: "us" }))).toMatchObject({
      name: "ValidationException",
      Reason: "FIELD_VALIDATION_FAILED",
      Fields: [{ Name: "IsoCountryCode" }],
    });
    expect(await rejection(request({ NumberType: "SHORT_CODE" as never }))).toMatchObject({
      Reason: "FIELD_VALIDATION_FAILED",
      Fields: [{ Name: "NumberType", Message: expect.stringContaining("enum value set") }],
    });
    expect(await rejection(request({ NumberCapabilities: ["SMS", "SMS"] }))).toMatchObject({
      Reason: "FIELD_VALIDATION_FAILED",
    });
    expect(await rejection(request({ NumberType: "SIMULATOR", MessageType: "PROMOTIONAL" }))).toMatchObject({
      Reason: "INVALID_PARAMETER",
      Fields: [{ Name: "MessageType" }],
    });
    expect(await rejection(request({ NumberType: "TEN_DLC", IsoCountryCode: "GB" }))).toMatchObject({
      Reason: "INVALID_PARAMETER",
    });
    expect(await rejection(request({ ClientToken: "has space" }))).toMatchObject({
      Reason: "FIELD_VALIDATION_FAILED",
      Fields: [{ Name: "ClientToken" }],
    });
    expect(await rejection(request({ Tags: [{ Key: "aws:x", Value: "y" }] }))).toMatchObject({
      name: "ValidationException",
    });
    expect(await f.control.events()).toEqual([]);
  });

  it("answers a repeated ClientToken with the first number, and a reused token with other parameters with ConflictException", async () => {
    const token = "5e3c0b2a-8f4d-4c1e-9a7b-6d5e4f3a2b1c";
    const first = await request({ ClientToken: token });
    const again = await request({ ClientToken: token });
    expect(again.PhoneNumberId).toBe(first.PhoneNumberId);
    expect(await f.control.events()).toHaveLength(1);
    const other = await rejection(request({ ClientToken: token, NumberType: "TOLL_FREE" }));
    expect(other).toBeInstanceOf(ConflictException);
    expect(other.message).toContain(token);
  });

  it("refuses a number over the account's PHONE_NUMBERS limit and reports the limits", async () => {
    await f.control.settings({ phoneNumberLimit: 2 });
    await request();
    await request();
    const over = await rejection(request());
    expect(over).toBeInstanceOf(ServiceQuotaExceededException);
    expect(over.Reason).toBe("PHONE_NUMBERS_PER_ACCOUNT");
    const limits = (await f.sms.send(new DescribeAccountLimitsCommand({}))).AccountLimits!;
    expect(limits.find((l) => l.Name === "PHONE_NUMBERS")).toEqual({ Name: "PHONE_NUMBERS", Used: 2, Max: 2 });
    expect(limits.map((l) => l.Name)).toEqual(expect.arrayContaining(["POOLS", "OPT_OUT_LISTS", "SENDER_IDS"]));
  });

  it("describes with filters, owner and pages; unknown ids and bad tokens are errors", async () => {
    const ids: string[] = [];
    for (const NumberType of ["LONG_CODE", "LONG_CODE", "TOLL_FREE", "SIMULATOR", "LONG_CODE"] as const)
      ids.push((await request({ NumberType })).PhoneNumberId!);
    const pages: string[][] = [];
    for await (const page of paginateDescribePhoneNumbers({ client: f.sms, pageSize: 2 }, {}))
      pages.push(page.PhoneNumbers!.map((n) => n.PhoneNumberId!));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(ids);

    const only = async (Filters: Array<{ Name: string; Values: string[] }>) =>
      (await f.sms.send(new DescribePhoneNumbersCommand({ Filters: Filters as never }))).PhoneNumbers!.map(
        (n) => n.PhoneNumberId,
      );
    expect(await only([{ Name: "number-type", Values: ["TOLL_FREE", "SIMULATOR"] }])).toEqual([ids[2], ids[3]]);
    expect(await only([{ Name: "status", Values: ["PENDING"] }])).toEqual([ids[2]]);
    expect(
      await only([
        { Name: "status", Values: ["ACTIVE"] },
        { Name: "number-type", Values: ["LONG_CODE"] },
      ]),
    ).toEqual([ids[0], ids[1], ids[4]]);
    expect(await only([{ Name: "two-way-enabled", Values: ["true"] }])).toEqual([]);
    expect(await only([{ Name: "number-capability", Values: ["VOICE"] }])).toHaveLength(5);
    expect((await f.sms.send(new DescribePhoneNumbersCommand({ Owner: "SHARED" }))).PhoneNumbers).toEqual([]);

    expect(
      await rejection(f.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [ids[0]], Owner: "SELF" }))),
    ).toMatchObject({ Reason: "PARAMETERS_CANNOT_BE_USED_TOGETHER" });
    expect(await rejection(only([{ Name: "color", Values: ["red"] }]))).toMatchObject({
      name: "ValidationException",
      Reason: "FIELD_VALIDATION_FAILED",
    });
    expect(await rejection(only([{ Name: "status", Values: ["GONE"] }]))).toMatchObject({
      Reason: "INVALID_FILTER_VALUES",
    });
    expect(await rejection(f.sms.send(new DescribePhoneNumbersCommand({ NextToken: "bm9wZQ" })))).toMatchObject({
      Reason: "INVALID_NEXT_TOKEN",
    });
    expect(await rejection(f.sms.send(new DescribePhoneNumbersCommand({ MaxResults: 101 })))).toMatchObject({
      Fields: [{ Name: "MaxResults" }],
    });
    const unknown = await rejection(describe("phone-00000000000000000000000000000000"));
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect(unknown).toMatchObject({
      ResourceType: "phone-number",
      ResourceId: "phone-00000000000000000000000000000000",
    });
  });

  it("updates two-way (to Amazon Connect), opt-outs and deletion protection in place, only once ACTIVE", async () => {
    const pending = await request({ NumberType: "TOLL_FREE" });
    const early = await rejection(
      f.sms.send(
        new UpdatePhoneNumberCommand({ PhoneNumberId: pending.PhoneNumberId, DeletionProtectionEnabled: true }),
      ),
    );
    expect(early).toMatchObject({
      name: "ConflictException",
      Reason: "RESOURCE_NOT_ACTIVE",
      ResourceType: "phone-number",
      ResourceId: pending.PhoneNumberId,
    });

    const { PhoneNumberId } = await request();
    const noChannel = await rejection(f.sms.send(new UpdatePhoneNumberCommand({ PhoneNumberId, TwoWayEnabled: true })));
    expect(noChannel).toMatchObject({ name: "ValidationException", Reason: "TWO_WAY_CHANNEL_NOT_PRESENT" });
    const otherRegion = await rejection(
      f.sms.send(
        new UpdatePhoneNumberCommand({
          PhoneNumberId,
          TwoWayEnabled: true,
          TwoWayChannelArn: "connect.eu-west-2.amazonaws.com",
        }),
      ),
    );
    expect(otherRegion).toMatchObject({ Reason: "INVALID_PARAMETER", Fields: [{ Name: "TwoWayChannelArn" }] });
    const updated = await f.sms.send(
      new UpdatePhoneNumberCommand({
        PhoneNumberId,
        TwoWayEnabled: true,
        TwoWayChannelArn: "connect.us-east-1.amazonaws.com",
        SelfManagedOptOutsEnabled: true,
        OptOutListName: "Support",
        DeletionProtectionEnabled: true,
      }),
    );
    expect(updated).toMatchObject({
      TwoWayEnabled: true,
      TwoWayChannelArn: "connect.us-east-1.amazonaws.com",
      SelfManagedOptOutsEnabled: true,
      OptOutListName: "Support",
      DeletionProtectionEnabled: true,
    });
    expect(await describe(PhoneNumberId!)).toMatchObject({ TwoWayEnabled: true, DeletionProtectionEnabled: true });
    const twoWay = await f.sms.send(
      new DescribePhoneNumbersCommand({
        Filters: [{ Name: "two-way-channel-arn", Values: ["connect.us-east-1.amazonaws.com"] }],
      }),
    );
    expect(twoWay.PhoneNumbers!.map((n) => n.PhoneNumberId)).toEqual([PhoneNumberId]);
  });

  it("refuses to release a protected number, releases it once unprotected: DISASSOCIATING, DELETED, then gone", async () => {
    await f.control.settings({ releaseMs: 60_000, deletedVisibleMs: DAY });
    const { PhoneNumberId, PhoneNumber } = await request({ DeletionProtectionEnabled: true });
    const refused = await rejection(f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId })));
    expect(refused).toBeInstanceOf(ConflictException);
    expect(refused).toMatchObject({
      Reason: "DELETION_PROTECTION_ENABLED",
      ResourceType: "phone-number",
      ResourceId: PhoneNumberId,
      $metadata: { httpStatusCode: 400 },
    });
    await f.sms.send(new UpdatePhoneNumberCommand({ PhoneNumberId, DeletionProtectionEnabled: false }));
    const released = await f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId }));
    expect(released).toMatchObject({ PhoneNumberId, PhoneNumber, Status: "DISASSOCIATING" });
    expect(released).not.toHaveProperty("DeletionProtectionEnabled");
    expect((await describe(PhoneNumberId!)).Status).toBe("DISASSOCIATING");
    await f.emu.control.clock({ advanceMs: 60_000 });
    expect((await describe(PhoneNumberId!)).Status).toBe("DELETED");
    expect(await rejection(f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    await f.emu.control.clock({ advanceDays: 1 });
    expect(await rejection(describe(PhoneNumberId!))).toBeInstanceOf(ResourceNotFoundException);
    expect((await f.control.events()).map((e) => e.action)).toEqual(["request", "release"]);
    expect((await f.control.numbers()).released).toEqual([PhoneNumber]);
  });

  it("tags and untags by ARN, up to 200 tags", async () => {
    const { PhoneNumberArn } = await request({ Tags: [{ Key: "a", Value: "1" }] });
    await f.sms.send(
      new TagResourceCommand({
        ResourceArn: PhoneNumberArn,
        Tags: [
          { Key: "b", Value: "2" },
          { Key: "a", Value: "3" },
        ],
      }),
    );
    await f.sms.send(new UntagResourceCommand({ ResourceArn: PhoneNumberArn, TagKeys: ["b"] }));
    expect((await f.sms.send(new ListTagsForResourceCommand({ ResourceArn: PhoneNumberArn }))).Tags).toEqual([
      { Key: "a", Value: "3" },
    ]);
    const many = Array.from({ length: 200 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    const over = await rejection(f.sms.send(new TagResourceCommand({ ResourceArn: PhoneNumberArn, Tags: many })));
    expect(over).toMatchObject({ name: "ServiceQuotaExceededException", Reason: "TAGS_PER_RESOURCE" });
    const unknown = await rejection(
      f.sms.send(
        new ListTagsForResourceCommand({
          ResourceArn: "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-nope",
        }),
      ),
    );
    expect(unknown).toMatchObject({ name: "ResourceNotFoundException", ResourceType: "phone-number" });
  });

  it("keeps each region's numbers apart, and speaks awsJson1_0 on the wire", async () => {
    const { PhoneNumberArn } = await request();
    const eu = new PinpointSMSVoiceV2Client(clientConfig(f.emu.endpoint, "eu-west-2"));
    try {
      expect(
        await rejection(eu.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [PhoneNumberArn!] }))),
      ).toBeInstanceOf(ResourceNotFoundException);
      expect((await eu.send(new DescribePhoneNumbersCommand({}))).PhoneNumbers).toEqual([]);
    } finally {
      eu.destroy();
    }
    const res = await fetch(f.emu.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "PinpointSMSVoiceV2.SendTextMessage" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(((await res.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });
});

import {
  CloudTrailClient,
  InvalidLookupAttributesException,
  LookupEventsCommand,
  paginateLookupEvents,
} from "@aws-sdk/client-cloudtrail";
import {
  ClaimPhoneNumberCommand,
  DescribePhoneNumberCommand,
  ReleasePhoneNumberCommand,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-connect";
import {
  GetServiceQuotaCommand,
  ListServiceQuotasCommand,
  NoSuchResourceException,
} from "@aws-sdk/client-service-quotas";
import { Fixture, clientConfig, startFixture } from "./fixture";

const DAY = 86_400_000;

describe("emulator: CloudTrail LookupEvents and Service Quotas", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture({ quota: 60 });
  });
  afterEach(() => f.stop());

  it("records every claim and release, newest first, over pages, for the last 90 days only", async () => {
    const now = Date.UTC(2026, 5, 1);
    await f.emu.control.clock({ set: now, freeze: true });
    await f.emu.control.seed({ events: [{ at: now - 91 * DAY, action: "release", phoneNumber: "+12065550001" }] });
    const claimed = [];
    for (let i = 0; i < 30; i++) {
      await f.emu.control.clock({ advanceMs: 1_000 });
      const phone = `+1206555${String(1000 + i)}`;
      claimed.push({
        phone,
        id: (await f.connect.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber: phone })))
          .PhoneNumberId!,
      });
    }
    await f.emu.control.clock({ advanceMs: 1_000 });
    await f.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: claimed[0].id }));

    const events = [];
    for await (const page of paginateLookupEvents(
      { client: f.cloudtrail, pageSize: 7 },
      { LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "connect.amazonaws.com" }] },
    )) {
      expect(page.Events!.length).toBeLessThanOrEqual(7);
      events.push(...page.Events!);
    }
    expect(events).toHaveLength(31);
    expect(events[0].EventName).toBe("ReleasePhoneNumber");
    expect(events.slice(1).every((e) => e.EventName === "ClaimPhoneNumber")).toBe(true);
    const times = events.map((e) => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const detail = JSON.parse(events[events.length - 1].CloudTrailEvent!);
    expect(detail).toMatchObject({
      eventSource: "connect.amazonaws.com",
      eventName: "ClaimPhoneNumber",
      requestParameters: { phoneNumber: claimed[0].phone },
      responseElements: { phoneNumberId: claimed[0].id },
    });

    const releases = await f.cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "ReleasePhoneNumber" }],
      }),
    );
    expect(releases.Events).toHaveLength(1);
    const windowed = await f.cloudtrail.send(
      new LookupEventsCommand({ StartTime: new Date(now + 10_500), EndTime: new Date(now + 20_500) }),
    );
    expect(windowed.Events).toHaveLength(10);
  });

  it("accepts the legacy long target prefix and rejects two lookup attributes", async () => {
    const res = await fetch(f.emu.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
      },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Events: [] });
    const err = await f.cloudtrail
      .send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: "EventName", AttributeValue: "a" },
            { AttributeKey: "EventName", AttributeValue: "b" },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidLookupAttributesException);
  });

  it("reads the phone-number quota from Service Quotas, and keeps accounts apart by access key", async () => {
    const q = await f.quotas.send(new GetServiceQuotaCommand({ ServiceCode: "connect", QuotaCode: "L-8F812903" }));
    expect(q.Quota).toMatchObject({ QuotaName: "Phone numbers per instance", Value: 60, Adjustable: true });
    await f.emu.control.settings({ quota: 7 });
    expect(
      (await f.quotas.send(new GetServiceQuotaCommand({ ServiceCode: "connect", QuotaCode: "L-8F812903" }))).Quota!
        .Value,
    ).toBe(7);
    expect(
      (await f.quotas.send(new ListServiceQuotasCommand({ ServiceCode: "connect" }))).Quotas!.length,
    ).toBeGreaterThan(1);
    await expect(
      f.quotas.send(new GetServiceQuotaCommand({ ServiceCode: "connect", QuotaCode: "L-NOPE" })),
    ).rejects.toBeInstanceOf(NoSuchResourceException);

    await f.connect.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber: "+12065551234" }));
    const other = new CloudTrailClient(clientConfig(f.emu.endpoint, "us-east-1", "210987654321"));
    expect((await other.send(new LookupEventsCommand({}))).Events).toEqual([]);
    expect((await f.cloudtrail.send(new LookupEventsCommand({}))).Events).toHaveLength(1);
    other.destroy();
  });

  it("answers an instance's own phone-number quota (ContextId = its ARN) and limits its claims by it", async () => {
    // A churn budget wide enough that only the instance's limit refuses a claim.
    await f.emu.control.settings({ quota: 1, ratioPercent: 1000, instanceQuotas: { [f.instanceArn]: 2 } });
    const quota = async (ContextId?: string) =>
      (await f.quotas.send(new GetServiceQuotaCommand({ ServiceCode: "connect", QuotaCode: "L-8F812903", ContextId })))
        .Quota!.Value;
    expect(await quota()).toBe(1);
    expect(await quota(f.instanceArn)).toBe(2);
    const statuses: Array<string | undefined> = [];
    for (const PhoneNumber of ["+12065550170", "+12065550171", "+12065550172"]) {
      const { PhoneNumberId } = await f.connect.send(
        new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber }),
      );
      const described = await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }));
      statuses.push(described.ClaimedPhoneNumberSummary?.PhoneNumberStatus?.Status);
    }
    expect(statuses).toEqual(["CLAIMED", "CLAIMED", "FAILED"]);
  });

  it("settles FAILED a move into an instance at its own quota, the number held on its old target", async () => {
    await f.emu.control.settings({ quota: 10, ratioPercent: 1000, instanceQuotas: { [f.instanceArn]: 2 } });
    const {
      targets: [other],
    } = await f.emu.control.seed({ targets: [{ kind: "instance", name: "other" }] });
    const claim = async (TargetArn: string, PhoneNumber: string) =>
      (await f.connect.send(new ClaimPhoneNumberCommand({ TargetArn, PhoneNumber }))).PhoneNumberId!;
    await claim(f.instanceArn, "+12065550170");
    const second = await claim(f.instanceArn, "+12065550171");
    const moving = await claim(other, "+12065550172");
    const summary = async (PhoneNumberId: string) =>
      (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }))).ClaimedPhoneNumberSummary!;

    await f.connect.send(new UpdatePhoneNumberCommand({ PhoneNumberId: moving, TargetArn: f.instanceArn }));
    expect(await summary(moving)).toMatchObject({
      TargetArn: other,
      PhoneNumberStatus: {
        Status: "FAILED",
        Message:
          "The target has reached its limit of total claimed numbers. To increase the limit, contact AWS Support.",
      },
    });

    // A failed move keeps its number, its place on its old target too, however long ago it was claimed: only a
    // failed claim leaves the account a day after.
    await f.emu.control.clock({ advanceDays: 2 });
    await f.connect.send(new UpdatePhoneNumberCommand({ PhoneNumberId: moving, TargetArn: f.instanceArn }));
    expect(await summary(moving)).toMatchObject({ TargetArn: other, PhoneNumberStatus: { Status: "FAILED" } });
    await f.emu.control.settings({ instanceQuotas: { [f.instanceArn]: 2, [other]: 1 } });
    const full = await claim(other, "+12065550173");
    expect(await summary(full)).toMatchObject({ PhoneNumberStatus: { Status: "FAILED" } });

    // A place freed on the instance lets the move through; a number moved within its own target is no move.
    await f.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: second }));
    await f.connect.send(new UpdatePhoneNumberCommand({ PhoneNumberId: moving, TargetArn: f.instanceArn }));
    expect(await summary(moving)).toMatchObject({ TargetArn: f.instanceArn, PhoneNumberStatus: { Status: "CLAIMED" } });
    await f.connect.send(new UpdatePhoneNumberCommand({ PhoneNumberId: moving, TargetArn: f.instanceArn }));
    expect(await summary(moving)).toMatchObject({ TargetArn: f.instanceArn, PhoneNumberStatus: { Status: "CLAIMED" } });
  });

  it("names each service's own IAM action when it denies access (cloudtrail:, servicequotas:, never connect:)", async () => {
    await f.emu.control.fault({ operation: "LookupEvents", kind: "access-denied" });
    await f.emu.control.fault({ operation: "GetServiceQuota", kind: "access-denied" });
    const denied = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(await denied(f.cloudtrail.send(new LookupEventsCommand({})))).toBe(
      "User is not authorized to perform: cloudtrail:LookupEvents",
    );
    expect(
      await denied(f.quotas.send(new GetServiceQuotaCommand({ ServiceCode: "connect", QuotaCode: "L-8F812903" }))),
    ).toBe("User is not authorized to perform: servicequotas:GetServiceQuota");
  });
});

import {
  AssociatePhoneNumberContactFlowCommand,
  ClaimPhoneNumberCommand,
  ClaimPhoneNumberCommandInput,
  ConnectServiceException,
  DescribeInstanceCommand,
  DescribePhoneNumberCommand,
  DisassociatePhoneNumberContactFlowCommand,
  IdempotencyException,
  InvalidParameterException,
  ListFlowAssociationsCommand,
  ListPhoneNumbersCommand,
  ListPhoneNumbersV2Command,
  ListTagsForResourceCommand,
  ReleasePhoneNumberCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  SearchAvailablePhoneNumbersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePhoneNumberCommand,
  UpdatePhoneNumberMetadataCommand,
  PhoneNumberType,
  paginateListPhoneNumbersV2,
  paginateSearchAvailablePhoneNumbers,
} from "@aws-sdk/client-connect";
import { Fixture, startFixture } from "./fixture";

describe("emulator: Connect phone-number operations through @aws-sdk/client-connect", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture({ quota: 50 });
  });
  afterEach(() => f.stop());

  const search = async (type: PhoneNumberType = "TOLL_FREE", prefix?: string) =>
    (
      await f.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          TargetArn: f.instanceArn,
          PhoneNumberCountryCode: "US",
          PhoneNumberType: type,
          PhoneNumberPrefix: prefix,
          MaxResults: 10,
        }),
      )
    ).AvailableNumbersList!.map((n) => n.PhoneNumber!);
  const claim = (phoneNumber: string, extra: Partial<ClaimPhoneNumberCommandInput> = {}) =>
    f.connect.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber: phoneNumber, ...extra }));

  it("claims a searched number, describes it with tags and status, and releases it into cooldown", async () => {
    const [number] = await search("TOLL_FREE", "+1800");
    expect(number).toMatch(/^\+1800555\d{4}$/);
    const claimed = await claim(number, { PhoneNumberDescription: "Support", Tags: { team: "cx" } });
    expect(claimed.PhoneNumberArn).toBe(`arn:aws:connect:us-east-1:123456789012:phone-number/${claimed.PhoneNumberId}`);
    const described = await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberArn }));
    expect(described.ClaimedPhoneNumberSummary).toMatchObject({
      PhoneNumber: number,
      PhoneNumberCountryCode: "US",
      PhoneNumberType: "TOLL_FREE",
      PhoneNumberDescription: "Support",
      TargetArn: f.instanceArn,
      InstanceId: f.instanceId,
      Tags: { team: "cx" },
      PhoneNumberStatus: { Status: "CLAIMED" },
    });
    expect(await search("TOLL_FREE", "+1800")).not.toContain(number);

    await f.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberId }));
    await expect(
      f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberId })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(claim(number)).rejects.toThrow(`Phone number not available: ${number}`);
    expect(await search("TOLL_FREE", number)).toEqual([]);
    await f.emu.control.clock({ advanceDays: 180 });
    expect(await search("TOLL_FREE", number)).toEqual([number]);
  });

  it("reports IN_PROGRESS until the claim delay passes, and refuses a release meanwhile", async () => {
    await f.emu.control.settings({ claimDelayMs: 60_000 });
    const [number] = await search();
    const { PhoneNumberId } = await claim(number);
    const status = async () =>
      (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }))).ClaimedPhoneNumberSummary!
        .PhoneNumberStatus!.Status;
    expect(await status()).toBe("IN_PROGRESS");
    const inUse = await f.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId })).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(ResourceInUseException);
    expect(inUse).toMatchObject({ ResourceType: "PHONE_NUMBER", ResourceId: PhoneNumberId });
    await f.emu.control.clock({ advanceMs: 60_000 });
    expect(await status()).toBe("CLAIMED");
  });

  it("moves a number to a traffic distribution group asynchronously, dropping its flow association", async () => {
    const [number] = await search("DID");
    const { PhoneNumberId, PhoneNumberArn } = await claim(number);
    await f.connect.send(
      new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId, InstanceId: f.instanceId, ContactFlowId: "flow-1" }),
    );
    const flows = await f.connect.send(
      new ListFlowAssociationsCommand({ InstanceId: f.instanceId, ResourceType: "VOICE_PHONE_NUMBER" }),
    );
    expect(flows.FlowAssociationSummaryList).toEqual([
      {
        ResourceId: PhoneNumberArn,
        FlowId: `${f.instanceArn}/contact-flow/flow-1`,
        ResourceType: "VOICE_PHONE_NUMBER",
      },
    ]);
    await f.connect.send(new DisassociatePhoneNumberContactFlowCommand({ PhoneNumberId, InstanceId: f.instanceId }));
    await f.connect.send(
      new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId, InstanceId: f.instanceId, ContactFlowId: "flow-2" }),
    );

    await f.emu.control.settings({ claimDelayMs: 1_000 });
    const moved = await f.connect.send(new UpdatePhoneNumberCommand({ PhoneNumberId, TargetArn: f.tdgArn }));
    expect(moved.PhoneNumberId).toBe(PhoneNumberId);
    const summary = async () =>
      (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }))).ClaimedPhoneNumberSummary!;
    expect(await summary()).toMatchObject({ TargetArn: f.instanceArn, PhoneNumberStatus: { Status: "IN_PROGRESS" } });
    await f.emu.control.clock({ advanceMs: 1_000 });
    expect(await summary()).toMatchObject({ TargetArn: f.tdgArn, PhoneNumberStatus: { Status: "CLAIMED" } });
    expect(
      (await f.connect.send(new ListFlowAssociationsCommand({ InstanceId: f.instanceId }))).FlowAssociationSummaryList,
    ).toEqual([]);
    expect(
      (await f.connect.send(new ListPhoneNumbersV2Command({ TargetArn: f.tdgArn }))).ListPhoneNumbersSummaryList!.map(
        (n) => n.PhoneNumber,
      ),
    ).toEqual([number]);
  });

  it("updates the description in place and tags by the percent-encoded ARN", async () => {
    const [number] = await search();
    const { PhoneNumberId, PhoneNumberArn } = await claim(number, { Tags: { a: "1", b: "2" } });
    await f.connect.send(
      new UpdatePhoneNumberMetadataCommand({ PhoneNumberId: PhoneNumberArn, PhoneNumberDescription: "new" }),
    );
    await f.connect.send(new TagResourceCommand({ resourceArn: PhoneNumberArn, tags: { c: "3" } }));
    await f.connect.send(new UntagResourceCommand({ resourceArn: PhoneNumberArn, tagKeys: ["a", "b c"] }));
    expect((await f.connect.send(new ListTagsForResourceCommand({ resourceArn: PhoneNumberArn }))).tags).toEqual({
      b: "2",
      c: "3",
    });
    const raw = await fetch(`${f.emu.endpoint}/tags/${PhoneNumberArn}`, { headers: { authorization: "x" } });
    expect(await raw.json()).toEqual({ tags: { b: "2", c: "3" } });
    expect(
      (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }))).ClaimedPhoneNumberSummary!
        .PhoneNumberDescription,
    ).toBe("new");
    await expect(
      f.connect.send(new ListTagsForResourceCommand({ resourceArn: `${f.instanceArn}/phone-number/${PhoneNumberId}` })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("lists the whole account+region with no target, pages through >1,000 numbers, and the v1 list by instance", async () => {
    await f.emu.control.settings({ quota: 2000 });
    await f.emu.control.seed({ count: 1100 });
    await f.emu.control.seed({ numbers: [{ countryCode: "US", type: "UIFN", targetArn: f.instanceArn }] });
    const seen: string[] = [];
    for await (const page of paginateListPhoneNumbersV2({ client: f.connect, pageSize: 1000 }, {})) {
      expect(page.ListPhoneNumbersSummaryList!.length).toBeLessThanOrEqual(1000);
      for (const n of page.ListPhoneNumbersSummaryList!) {
        expect(n).not.toHaveProperty("PhoneNumberStatus");
        expect(n).not.toHaveProperty("Tags");
        seen.push(n.PhoneNumberId!);
      }
    }
    expect(new Set(seen).size).toBe(1101);
    const v1 = await f.connect.send(
      new ListPhoneNumbersCommand({ InstanceId: f.instanceId, PhoneNumberTypes: ["TOLL_FREE"], MaxResults: 5 }),
    );
    expect(v1.PhoneNumberSummaryList).toHaveLength(1);
    expect(v1.PhoneNumberSummaryList![0].Arn).toMatch(new RegExp(`^${f.instanceArn}/phone-number/`));
    const filtered = await f.connect.send(new ListPhoneNumbersV2Command({ PhoneNumberTypes: ["UIFN"] }));
    expect(filtered.ListPhoneNumbersSummaryList).toHaveLength(1);
  });

  it("pages search results and never offers a claimed number", async () => {
    const first = await search("DID", "+1206");
    await claim(first[0]);
    const all: string[] = [];
    let pages = 0;
    for await (const page of paginateSearchAvailablePhoneNumbers(
      { client: f.connect, pageSize: 10 },
      {
        InstanceId: f.instanceId,
        PhoneNumberCountryCode: "US",
        PhoneNumberType: "DID",
        PhoneNumberPrefix: "+12065550",
      },
    )) {
      all.push(...page.AvailableNumbersList!.map((n) => n.PhoneNumber!));
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(all.every((n) => n.startsWith("+12065550"))).toBe(true);
    expect(all).not.toContain(first[0]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("validates on the server, naming the field, with the SDK's error classes", async () => {
    const [number] = await search();
    const cases: Array<[Promise<unknown>, unknown, RegExp]> = [
      [claim("+1 800 555"), InvalidParameterException, /PhoneNumber/],
      [
        f.connect.send(new ClaimPhoneNumberCommand({ PhoneNumber: number })),
        InvalidParameterException,
        /InstanceId or TargetArn/,
      ],
      [claim(number, { InstanceId: f.instanceId }), InvalidParameterException, /exactly one/],
      [
        claim(number, { ClientToken: "t".repeat(501) }),
        InvalidParameterException,
        /at 'ClientToken' .* less than or equal to 500/,
      ],
      [claim(number, { PhoneNumberDescription: "x".repeat(501) }), InvalidParameterException, /500/],
      [
        claim(number, { Tags: { "aws:x": "y" } }),
        InvalidParameterException,
        /at 'Tags' .*Map keys must satisfy constraint/,
      ],
      [
        f.connect.send(
          new ClaimPhoneNumberCommand({
            PhoneNumber: number,
            TargetArn: f.instanceArn.replace("us-east-1", "eu-west-2"),
          }),
        ),
        InvalidParameterException,
        /region eu-west-2/,
      ],
      [
        f.connect.send(new ClaimPhoneNumberCommand({ PhoneNumber: number, InstanceId: "nope" })),
        ResourceNotFoundException,
        /nope/,
      ],
      [f.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 5000 })), InvalidParameterException, /MaxResults/],
      [
        f.connect.send(
          new SearchAvailablePhoneNumbersCommand({
            InstanceId: f.instanceId,
            PhoneNumberCountryCode: "US",
            PhoneNumberType: "DID",
            MaxResults: 11,
          }),
        ),
        InvalidParameterException,
        /MaxResults/,
      ],
      [
        f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: "missing" })),
        ResourceNotFoundException,
        /missing/,
      ],
      [claim("+19995550000"), InvalidParameterException, /not available/],
    ];
    for (const [call, type, message] of cases) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
    }
  });

  it("replays a claim with the same token and refuses the token with other parameters", async () => {
    const [a, b] = await search();
    const token = "0b7e8a4c-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
    const first = await claim(a, { ClientToken: token });
    const again = await claim(a, { ClientToken: token });
    expect(again.PhoneNumberId).toBe(first.PhoneNumberId);
    await expect(claim(b, { ClientToken: token })).rejects.toBeInstanceOf(IdempotencyException);
    expect((await f.emu.control.events()).filter((e) => e.action === "claim")).toHaveLength(1);
    await f.emu.control.clock({ advanceMs: 24 * 3_600_000 });
    await expect(claim(b, { ClientToken: token })).resolves.toHaveProperty("PhoneNumberId");
  });

  it("lets exactly one of many concurrent claims of one number win", async () => {
    const [number] = await search();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => claim(number)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(InvalidParameterException);
  });

  it("answers an unimplemented route loudly", async () => {
    const res = await fetch(`${f.emu.endpoint}/instance`, { method: "PUT" });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("NotYetImplemented");
    const err = await f.connect
      .send(new DescribeInstanceCommand({ InstanceId: f.instanceId }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectServiceException);
    expect((err as Error).name).toBe("NotYetImplemented");
  });
});

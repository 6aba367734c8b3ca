import {
  AssociateOriginationIdentityCommand,
  ConflictException,
  CreatePoolCommand,
  DeletePoolCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DisassociateOriginationIdentityCommand,
  ListPoolOriginationIdentitiesCommand,
  ListTagsForResourceCommand,
  ReleasePhoneNumberCommand,
  RequestPhoneNumberCommand,
  RequestPhoneNumberCommandInput,
  ServiceQuotaExceededException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SmsFixture, rejection, startSmsFixture } from "./sms-fixture";

describe("emulator: SMS and voice v2 pools, as far as numbers need them", () => {
  let f: SmsFixture;
  beforeEach(async () => {
    f = await startSmsFixture();
  });
  afterEach(() => f.stop());

  const request = async (extra: Partial<RequestPhoneNumberCommandInput> = {}) =>
    (
      await f.sms.send(
        new RequestPhoneNumberCommand({
          IsoCountryCode: "US",
          MessageType: "TRANSACTIONAL",
          NumberCapabilities: ["SMS"],
          NumberType: "LONG_CODE",
          ...extra,
        }),
      )
    ).PhoneNumberId!;
  const poolOf = async (id: string) =>
    (await f.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] }))).PhoneNumbers![0].PoolId;

  it("creates a pool around a number, adds numbers (also at request time), and lists them", async () => {
    const first = await request();
    const pool = await f.sms.send(
      new CreatePoolCommand({
        OriginationIdentity: first,
        IsoCountryCode: "US",
        MessageType: "TRANSACTIONAL",
        Tags: [{ Key: "team", Value: "cx" }],
      }),
    );
    expect(pool).toMatchObject({
      PoolId: expect.stringMatching(/^pool-[0-9a-f]{32}$/),
      Status: "ACTIVE",
      MessageType: "TRANSACTIONAL",
      OptOutListName: "Default",
      DeletionProtectionEnabled: false,
    });
    expect((await f.sms.send(new ListTagsForResourceCommand({ ResourceArn: pool.PoolArn }))).Tags).toEqual([
      { Key: "team", Value: "cx" },
    ]);
    const second = await request();
    const joined = await f.sms.send(
      new AssociateOriginationIdentityCommand({
        PoolId: pool.PoolId,
        OriginationIdentity: second,
        IsoCountryCode: "US",
      }),
    );
    expect(joined).toMatchObject({ PoolId: pool.PoolId, OriginationIdentity: second, IsoCountryCode: "US" });
    const third = await request({ PoolId: pool.PoolArn });
    expect([await poolOf(first), await poolOf(second), await poolOf(third)]).toEqual([
      pool.PoolId,
      pool.PoolId,
      pool.PoolId,
    ]);
    const members = await f.sms.send(new ListPoolOriginationIdentitiesCommand({ PoolId: pool.PoolId }));
    expect(members.OriginationIdentities!.map((o) => o.OriginationIdentity)).toEqual([first, second, third]);
    expect(
      (await f.sms.send(new DescribePoolsCommand({ PoolIds: [pool.PoolId!] }))).Pools!.map((p) => p.PoolId),
    ).toEqual([pool.PoolId]);
    expect(
      (await f.sms.send(new DescribePoolsCommand({ Filters: [{ Name: "message-type", Values: ["PROMOTIONAL"] }] })))
        .Pools,
    ).toEqual([]);
  });

  it("refuses to release or update a pooled number, and to empty a pool; disassociating frees the number", async () => {
    const first = await request();
    const second = await request();
    const { PoolId } = await f.sms.send(
      new CreatePoolCommand({ OriginationIdentity: first, MessageType: "TRANSACTIONAL" }),
    );
    await f.sms.send(
      new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: second, IsoCountryCode: "US" }),
    );

    const release = await rejection(f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId: second })));
    expect(release).toBeInstanceOf(ConflictException);
    expect(release).toMatchObject({
      Reason: "PHONE_NUMBER_ASSOCIATED_TO_POOL",
      ResourceType: "phone-number",
      ResourceId: second,
    });
    expect(
      await rejection(
        f.sms.send(new UpdatePhoneNumberCommand({ PhoneNumberId: second, DeletionProtectionEnabled: true })),
      ),
    ).toMatchObject({ Reason: "PHONE_NUMBER_ASSOCIATED_TO_POOL" });
    expect(
      await rejection(
        f.sms.send(
          new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: second, IsoCountryCode: "US" }),
        ),
      ),
    ).toMatchObject({ Reason: "RESOURCE_ALREADY_ASSOCIATED" });

    await f.sms.send(
      new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: second, IsoCountryCode: "US" }),
    );
    expect(await poolOf(second)).toBeUndefined();
    expect(
      await rejection(
        f.sms.send(
          new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: second, IsoCountryCode: "US" }),
        ),
      ),
    ).toMatchObject({ Reason: "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL" });
    expect(
      await rejection(
        f.sms.send(
          new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: first, IsoCountryCode: "US" }),
        ),
      ),
    ).toMatchObject({ Reason: "LAST_PHONE_NUMBER", ResourceType: "pool" });
    await f.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId: second }));
  });

  it("matches message types and countries, needs ACTIVE numbers, and counts pools against POOLS", async () => {
    const promotional = await request({ MessageType: "PROMOTIONAL" });
    const transactional = await request();
    const { PoolId } = await f.sms.send(
      new CreatePoolCommand({ OriginationIdentity: transactional, MessageType: "TRANSACTIONAL" }),
    );
    expect(
      await rejection(
        f.sms.send(
          new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: promotional, IsoCountryCode: "US" }),
        ),
      ),
    ).toMatchObject({ Reason: "MESSAGE_TYPE_MISMATCH" });
    expect(await rejection(request({ MessageType: "PROMOTIONAL", PoolId }))).toMatchObject({
      Reason: "MESSAGE_TYPE_MISMATCH",
    });
    expect(
      await rejection(
        f.sms.send(
          new CreatePoolCommand({ OriginationIdentity: promotional, MessageType: "PROMOTIONAL", IsoCountryCode: "CA" }),
        ),
      ),
    ).toMatchObject({ Reason: "COUNTRY_CODE_MISMATCH" });
    const pending = await request({ NumberType: "TOLL_FREE" });
    expect(
      await rejection(
        f.sms.send(
          new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: pending, IsoCountryCode: "US" }),
        ),
      ),
    ).toMatchObject({ Reason: "RESOURCE_NOT_ACTIVE" });
    await f.control.settings({ poolLimit: 1 });
    expect(
      await rejection(
        f.sms.send(new CreatePoolCommand({ OriginationIdentity: promotional, MessageType: "PROMOTIONAL" })),
      ),
    ).toBeInstanceOf(ServiceQuotaExceededException);
  });

  it("deletes a pool (not while protected), which lets its numbers go", async () => {
    const only = await request();
    const { PoolId } = await f.sms.send(
      new CreatePoolCommand({
        OriginationIdentity: only,
        MessageType: "TRANSACTIONAL",
        DeletionProtectionEnabled: true,
      }),
    );
    expect(await rejection(f.sms.send(new DeletePoolCommand({ PoolId })))).toMatchObject({
      name: "ConflictException",
      Reason: "DELETION_PROTECTION_ENABLED",
      ResourceType: "pool",
    });
    await f.sms.send(new CreatePoolCommand({ OriginationIdentity: await request(), MessageType: "TRANSACTIONAL" }));
    const unprotected = (
      await f.sms.send(
        new DescribePoolsCommand({ Filters: [{ Name: "deletion-protection-enabled", Values: ["false"] }] }),
      )
    ).Pools![0];
    const deleted = await f.sms.send(new DeletePoolCommand({ PoolId: unprotected.PoolId }));
    expect(deleted.Status).toBe("DELETING");
    expect(await rejection(f.sms.send(new DescribePoolsCommand({ PoolIds: [unprotected.PoolId!] })))).toMatchObject({
      name: "ResourceNotFoundException",
      ResourceType: "pool",
    });
    expect((await f.control.numbers()).numbers.filter((n) => n.PoolId === undefined)).toHaveLength(1);
  });
});

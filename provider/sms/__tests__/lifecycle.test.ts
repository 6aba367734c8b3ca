import {
  CreatePoolCommand,
  DescribePhoneNumbersCommand,
  PinpointSMSVoiceV2Client,
  TagResourceCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { RunningEmulator, SmsControl, startEmulator } from "../../../emulator";
import { SMS_NUMBER_TYPE } from "../../../core/sms";
import { ownerUrn } from "../../../core/owner";
import { smsClient } from "../../../aws/sms";
import * as lifecycle from "../runtime/lifecycle";
import { PartialFailure } from "../runtime/errors";
import { OriginationNumberInputs } from "../shape";

/** Paths the real-CLI tests do not take: pools, a retried request whose settings changed, regions. */
describe("OriginationNumber lifecycle against the emulator", () => {
  let emu: RunningEmulator;
  let sms: PinpointSMSVoiceV2Client;
  let control: SmsControl;
  let rt: lifecycle.SmsRuntime;
  const clients: PinpointSMSVoiceV2Client[] = [];
  beforeEach(async () => {
    emu = await startEmulator({ sms: { rateLimit: null } });
    control = new SmsControl(emu.endpoint);
    sms = new PinpointSMSVoiceV2Client({
      endpoint: emu.endpoint,
      region: emu.region,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      maxAttempts: 1,
    });
    rt = {
      config: { aws: { endpoint: emu.endpoint, region: emu.region }, waitForActiveSeconds: 5 },
      client: (region) => {
        const c = smsClient({ endpoint: emu.endpoint, region });
        clients.push(c);
        return c;
      },
    };
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    sms.destroy();
    await emu.stop();
  });

  const inputs = (name: string, extra: Partial<OriginationNumberInputs> = {}): OriginationNumberInputs => ({
    ownerUrn: ownerUrn({ project: "p", stack: "dev", type: SMS_NUMBER_TYPE, name }),
    isoCountryCode: "US",
    messageType: "TRANSACTIONAL",
    numberCapabilities: ["SMS"],
    numberType: "LONG_CODE",
    ...extra,
  });
  const poolAround = async () => {
    const seeded = (await control.seed({ numbers: [{}] })).numbers[0];
    return (
      await sms.send(new CreatePoolCommand({ OriginationIdentity: seeded.phoneNumberId, MessageType: "TRANSACTIONAL" }))
    ).PoolId!;
  };
  const releases = async () =>
    (await control.events()).filter((e) => e.action === "release").map((e) => e.phoneNumberId);

  it("joins a pool at request; the delete refuses with the fix, and with forceDisassociate leaves the pool and releases", async () => {
    const pool = await poolAround();
    const { id, outs } = await lifecycle.create(rt, inputs("pooled", { poolId: pool }));
    expect(outs).toMatchObject({ poolId: pool, declaredPoolId: pool, status: "ACTIVE" });
    await expect(lifecycle.remove(rt, id, outs)).rejects.toThrow(
      `OriginationNumber "pooled" (${outs.phoneNumber}, ${id}) is in pool ${pool}: AWS refuses to release a number that belongs to a pool.`,
    );
    expect(await releases()).toEqual([]);
    const forced = await lifecycle.update(rt, id, outs, inputs("pooled", { poolId: pool, forceDisassociate: true }));
    await lifecycle.remove(rt, id, forced.outs);
    expect(await releases()).toEqual([id]);
  });

  it("leaves a pool when poolId is taken out of the inputs; refuses settings AWS will not change on a pooled number", async () => {
    const pool = await poolAround();
    const { id, outs } = await lifecycle.create(rt, inputs("member", { poolId: pool }));
    const refused = lifecycle.update(rt, id, outs, inputs("member", { poolId: pool, deletionProtectionEnabled: true }));
    await expect(refused).rejects.toBeInstanceOf(PartialFailure);
    await expect(refused).rejects.toThrow("is in a pool, and AWS does not change a pooled number's settings");
    const left = await lifecycle.update(rt, id, outs, inputs("member", { deletionProtectionEnabled: true }));
    expect(left.outs.poolId).toBeUndefined();
    expect(left.outs.declaredPoolId).toBeUndefined();
    expect(left.outs.deletionProtectionEnabled).toBe(true);
  });

  it("refuses to take a pool's last number out of it, naming the way out", async () => {
    const seeded = (await control.seed({ numbers: [{}] })).numbers[0];
    const adopted = await lifecycle.create(
      rt,
      inputs("only", {
        phoneNumberId: seeded.phoneNumberId,
        isoCountryCode: undefined,
        messageType: undefined,
        numberCapabilities: undefined,
        numberType: undefined,
      }),
    );
    const pool = (
      await sms.send(new CreatePoolCommand({ OriginationIdentity: seeded.phoneNumberId, MessageType: "TRANSACTIONAL" }))
    ).PoolId!;
    const { outs } = await lifecycle.update(
      rt,
      adopted.id,
      { ...adopted.outs, poolId: pool },
      { ...adopted.outs, forceDisassociate: true },
    );
    await expect(lifecycle.remove(rt, adopted.id, outs)).rejects.toThrow(
      `is the last number in pool ${pool}, and a pool cannot be empty: delete the pool first`,
    );
  });

  it("finds its number when a crashed request is retried with other settings (the token's first parameters differ)", async () => {
    await emu.control.fault({ operation: "PinpointSMSVoiceV2.RequestPhoneNumber", kind: "drop-after-commit" });
    const once = { ...rt, client: () => sms };
    await expect(lifecycle.create(once, inputs("retried", { tags: { v: "1" } }))).rejects.toThrow();
    const { id, outs } = await lifecycle.create(
      rt,
      inputs("retried", { tags: { v: "2" }, deletionProtectionEnabled: true }),
    );
    expect((await control.events()).map((e) => e.phoneNumberId)).toEqual([id]);
    expect(outs).toMatchObject({ tags: { v: "2" }, deletionProtectionEnabled: true });
  });

  it("names the resource, the number and the permission to grant when AWS denies its release", async () => {
    const held = await lifecycle.create(rt, inputs("alerts"));
    await emu.control.fault({ operation: "PinpointSMSVoiceV2.ReleasePhoneNumber", kind: "access-denied", count: 10 });
    await expect(lifecycle.remove(rt, held.id, held.outs)).rejects.toThrow(
      /^OriginationNumber "alerts": AWS denied the release of \+1\d+ \(arn:aws:sms-voice:us-east-1:\d+:phone-number\/[^)]+\): .*Grant sms-voice:ReleasePhoneNumber on that number/,
    );
    expect(await releases()).toEqual([]);
  });

  it("asks for the next token when the first one's number was released since", async () => {
    const first = await lifecycle.create(rt, inputs("again"));
    await lifecycle.remove(rt, first.id, first.outs);
    const second = await lifecycle.create(rt, inputs("again"));
    expect(second.id).not.toBe(first.id);
    expect((await control.events()).map((e) => e.action)).toEqual(["request", "release", "request"]);
  });

  it("reads and releases a number in its own region, whatever the default; refresh drops a number released elsewhere", async () => {
    const eu = await lifecycle.create(rt, inputs("eu", { region: "eu-west-2" }));
    expect(eu.outs.region).toBe("eu-west-2");
    expect(eu.outs.arn).toContain(":eu-west-2:");
    expect((await lifecycle.read(rt, eu.id, eu.outs)).id).toBe(eu.id);
    const euClient = new PinpointSMSVoiceV2Client({
      endpoint: emu.endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    try {
      await lifecycle.remove(rt, eu.id, eu.outs);
      expect(
        (await euClient.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [eu.id] }))).PhoneNumbers![0].Status,
      ).toBe("DISASSOCIATING");
      expect(await lifecycle.read(rt, eu.id, eu.outs)).toEqual({ id: "", props: {} });
    } finally {
      euClient.destroy();
    }
  });

  it("never releases a number whose ownership tags name another owner now", async () => {
    const mine = await lifecycle.create(rt, inputs("mine"));
    await sms.send(
      new TagResourceCommand({
        ResourceArn: mine.outs.arn,
        Tags: [{ Key: "connect-numbers:owner", Value: "someone-else" }],
      }),
    );
    await lifecycle.remove(rt, mine.id, mine.outs);
    expect(await releases()).toEqual([]);
  });

  it("refuses to adopt a number another stack manages", async () => {
    const theirs = await lifecycle.create(rt, {
      ...inputs("theirs"),
      ownerUrn: ownerUrn({ project: "other", stack: "prod", type: SMS_NUMBER_TYPE, name: "theirs" }),
    });
    await expect(
      lifecycle.create(
        rt,
        inputs("mine", {
          phoneNumberId: theirs.outs.arn,
          isoCountryCode: undefined,
          messageType: undefined,
          numberCapabilities: undefined,
          numberType: undefined,
        }),
      ),
    ).rejects.toThrow(`is already managed by stack other/prod as urn:pulumi:prod::other::${SMS_NUMBER_TYPE}::theirs`);
  });
});

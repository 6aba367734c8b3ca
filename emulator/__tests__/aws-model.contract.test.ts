import * as connectSdk from "@aws-sdk/client-connect";
import { ClaimPhoneNumberCommand, ConnectClient, SearchAvailablePhoneNumbersCommand } from "@aws-sdk/client-connect";
import * as smsSdk from "@aws-sdk/client-pinpoint-sms-voice-v2";
import {
  AssociateOriginationIdentityCommand,
  CreatePoolCommand,
  PinpointSMSVoiceV2Client,
  RequestPhoneNumberCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { CONNECT, SMS, Service, inputShapeId } from "../aws-model/services";
import { structureViolations } from "../aws-model/validate";
import { SMS_OPERATION_NAMES } from "../sms/wire";
import { CONNECT_ROUTES } from "../wire/connect-routes";
import { clientConfig, Fixture, startFixture } from "./fixture";
import { ModelCase, modelCases } from "./model-cases";

/**
 * The emulator answers as AWS's published model says. Every request here is generated from the vendored model
 * (emulator/aws-model, see its README): per operation, a valid base request, then one request per constraint trait
 * that breaks it (AWS refuses those: Connect with InvalidParameterException, SMS and voice v2 with
 * ValidationException naming the field), and one per boundary the model allows (AWS does not refuse those as
 * invalid; a refusal for a reason of state, such as ResourceNotFound, is fine). All go through the real SDK.
 */

type Json = Record<string, unknown>;
type Send = (operation: string, input: Json) => Promise<unknown>;

interface World {
  f: Fixture;
  sms: PinpointSMSVoiceV2Client;
  /** A number Connect can claim now. */
  available(): Promise<string>;
  /** A Connect number claimed to the instance. */
  claimed(): Promise<{ id: string; arn: string }>;
  /** An ACTIVE SMS and voice v2 number. */
  smsNumber(): Promise<{ id: string; arn: string }>;
  /** A pool of two fresh numbers (one can leave it), and a number of the same kind outside it. */
  smsPool(): Promise<{ poolId: string; member: string; outsider: string }>;
}

const CONNECT_BASES: Record<string, (w: World) => Promise<Json>> = {
  ClaimPhoneNumber: async (w) => ({ PhoneNumber: await w.available(), InstanceId: w.f.instanceId }),
  ImportPhoneNumber: async (w) => ({ InstanceId: w.f.instanceId, SourcePhoneNumberArn: (await w.smsNumber()).arn }),
  ListPhoneNumbersV2: async () => ({}),
  SearchAvailablePhoneNumbers: async (w) => ({
    InstanceId: w.f.instanceId,
    PhoneNumberCountryCode: "US",
    PhoneNumberType: "DID",
  }),
  UpdatePhoneNumberMetadata: async (w) => ({
    PhoneNumberId: (await w.claimed()).id,
    PhoneNumberDescription: "front desk",
  }),
  AssociatePhoneNumberContactFlow: async (w) => ({
    PhoneNumberId: (await w.claimed()).id,
    InstanceId: w.f.instanceId,
    ContactFlowId: "flow-1",
  }),
  DisassociatePhoneNumberContactFlow: async (w) => ({
    PhoneNumberId: (await w.claimed()).id,
    InstanceId: w.f.instanceId,
  }),
  DescribePhoneNumber: async (w) => ({ PhoneNumberId: (await w.claimed()).id }),
  ReleasePhoneNumber: async (w) => ({ PhoneNumberId: (await w.claimed()).id }),
  UpdatePhoneNumber: async (w) => ({ PhoneNumberId: (await w.claimed()).id, TargetArn: w.f.tdgArn }),
  ListPhoneNumbers: async (w) => ({ InstanceId: w.f.instanceId }),
  ListFlowAssociations: async (w) => ({ InstanceId: w.f.instanceId }),
  TagResource: async (w) => ({ resourceArn: (await w.claimed()).arn, tags: { team: "cx" } }),
  UntagResource: async (w) => ({ resourceArn: (await w.claimed()).arn, tagKeys: ["team"] }),
  ListTagsForResource: async (w) => ({ resourceArn: (await w.claimed()).arn }),
};

const SMS_BASES: Record<string, (w: World) => Promise<Json>> = {
  RequestPhoneNumber: async () => ({
    IsoCountryCode: "US",
    MessageType: "TRANSACTIONAL",
    NumberCapabilities: ["SMS"],
    NumberType: "LONG_CODE",
  }),
  DescribePhoneNumbers: async () => ({}),
  UpdatePhoneNumber: async (w) => ({ PhoneNumberId: (await w.smsNumber()).id, DeletionProtectionEnabled: false }),
  ReleasePhoneNumber: async (w) => ({ PhoneNumberId: (await w.smsNumber()).id }),
  ListTagsForResource: async (w) => ({ ResourceArn: (await w.smsNumber()).arn }),
  TagResource: async (w) => ({ ResourceArn: (await w.smsNumber()).arn, Tags: [{ Key: "team", Value: "cx" }] }),
  UntagResource: async (w) => ({ ResourceArn: (await w.smsNumber()).arn, TagKeys: ["team"] }),
  DescribeAccountLimits: async () => ({}),
  CreatePool: async (w) => ({
    OriginationIdentity: (await w.smsNumber()).id,
    IsoCountryCode: "US",
    MessageType: "TRANSACTIONAL",
  }),
  DescribePools: async () => ({}),
  DeletePool: async (w) => ({ PoolId: (await w.smsPool()).poolId }),
  AssociateOriginationIdentity: async (w) => {
    const pool = await w.smsPool();
    return { PoolId: pool.poolId, OriginationIdentity: pool.outsider, IsoCountryCode: "US" };
  },
  DisassociateOriginationIdentity: async (w) => {
    const pool = await w.smsPool();
    return { PoolId: pool.poolId, OriginationIdentity: pool.member, IsoCountryCode: "US" };
  },
  ListPoolOriginationIdentities: async (w) => ({ PoolId: (await w.smsPool()).poolId }),
};

/** Sends `<Operation>Command` of the SDK package: the command classes are named after the model's operations. */
function sender(sdk: object, client: { send(command: never): Promise<unknown> }): Send {
  const commands = sdk as Record<string, new (input: Json) => object>;
  return (operation, input) => client.send(new commands[`${operation}Command`](input) as never);
}

interface Outcome {
  name?: string;
  message?: string;
  Reason?: string;
  Fields?: Array<{ Name: string }>;
}

async function outcome(send: Send, operation: string, input: Json): Promise<Outcome | undefined> {
  try {
    await send(operation, input);
    return undefined;
  } catch (err) {
    return err as Outcome;
  }
}

/** A refusal for breaking the model, as each service words it. */
function refusedAsInvalid(service: Service, o: Outcome | undefined): boolean {
  if (!o) return false;
  if (service === CONNECT)
    return o.name === "InvalidParameterException" && /validation errors? detected/.test(o.message ?? "");
  return (
    o.name === "ValidationException" && (o.Reason === "FIELD_VALIDATION_FAILED" || o.Reason === "MISSING_PARAMETER")
  );
}

/**
 * Connect answers InvalidParameterException for reasons of state or of combination too, not only for a member's
 * form; a value the model allows may meet these, and nothing else.
 */
const CONNECT_STATE_REFUSALS = [
  /exactly one of InstanceId or TargetArn/,
  /NextToken is not valid for this request/,
  /not available/,
];

/** Whether a value the model allows was refused as malformed. */
function refusedValue(service: Service, o: Outcome | undefined): boolean {
  if (service === CONNECT && o?.name === "InvalidParameterException")
    return !CONNECT_STATE_REFUSALS.some((r) => r.test(o.message ?? ""));
  return refusedAsInvalid(service, o);
}

function namesMember(service: Service, o: Outcome, path: string): boolean {
  return service === CONNECT
    ? (o.message ?? "").includes(`at '${path}'`)
    : (o.Fields ?? []).some((x) => x.Name === path);
}

describe("emulator: requests generated from AWS's published Connect and SMS and voice v2 models", () => {
  let w: World;
  let connect: ConnectClient;
  let sendConnect: Send;
  let sendSms: Send;
  beforeAll(async () => {
    const f = await startFixture({
      quota: 100_000,
      sms: { rateLimit: null, phoneNumberLimit: 100_000, poolLimit: 100_000 },
    });
    const sms = new PinpointSMSVoiceV2Client({ ...clientConfig(f.emu.endpoint), maxAttempts: 1 });
    connect = new ConnectClient({ ...clientConfig(f.emu.endpoint), maxAttempts: 1 });
    const smsNumber = async () => {
      const r = await sms.send(
        new RequestPhoneNumberCommand({
          IsoCountryCode: "US",
          MessageType: "TRANSACTIONAL",
          NumberCapabilities: ["SMS"],
          NumberType: "LONG_CODE",
        }),
      );
      return { id: r.PhoneNumberId!, arn: r.PhoneNumberArn! };
    };
    const available = async () =>
      (
        await f.connect.send(
          new SearchAvailablePhoneNumbersCommand({
            InstanceId: f.instanceId,
            PhoneNumberCountryCode: "US",
            PhoneNumberType: "DID",
            MaxResults: 1,
          }),
        )
      ).AvailableNumbersList![0].PhoneNumber!;
    w = {
      f,
      sms,
      available,
      smsNumber,
      async claimed() {
        const r = await f.connect.send(
          new ClaimPhoneNumberCommand({ InstanceId: f.instanceId, PhoneNumber: await available() }),
        );
        return { id: r.PhoneNumberId!, arn: r.PhoneNumberArn! };
      },
      async smsPool() {
        const [first, member, outsider] = [await smsNumber(), await smsNumber(), await smsNumber()];
        const pool = await sms.send(
          new CreatePoolCommand({ OriginationIdentity: first.id, IsoCountryCode: "US", MessageType: "TRANSACTIONAL" }),
        );
        await sms.send(
          new AssociateOriginationIdentityCommand({
            PoolId: pool.PoolId!,
            OriginationIdentity: member.id,
            IsoCountryCode: "US",
          }),
        );
        return { poolId: pool.PoolId!, member: member.id, outsider: outsider.id };
      },
    };
    sendConnect = sender(connectSdk, connect as never);
    sendSms = sender(smsSdk, sms as never);
  });
  afterAll(async () => {
    w.sms.destroy();
    connect.destroy();
    await w.f.stop();
  });

  const suites = () => [
    {
      service: CONNECT,
      label: "Connect",
      bases: CONNECT_BASES,
      operations: [...new Set(CONNECT_ROUTES.map((r) => r.operation))],
      send: sendConnect,
    },
    { service: SMS, label: "SMS and voice v2", bases: SMS_BASES, operations: [...SMS_OPERATION_NAMES], send: sendSms },
  ];

  it("has a valid base request for every operation the emulator serves, and each base is answered", async () => {
    for (const { service, bases, operations, send } of suites()) {
      expect(Object.keys(bases).sort()).toEqual([...operations].sort());
      for (const operation of operations) {
        const base = await bases[operation](w);
        const violations = structureViolations(service.model, inputShapeId(service, operation), base);
        expect({ operation, violations }).toEqual({ operation, violations: [] });
        expect({ operation, error: await outcome(send, operation, base) }).toEqual({ operation, error: undefined });
      }
    }
  });

  it("refuses every request that breaks one constraint, and refuses none at a bound the model allows", async () => {
    const wrong: string[] = [];
    let total = 0;
    for (const { service, label, bases, operations, send } of suites()) {
      const cases: ModelCase[] = [];
      for (const operation of operations) cases.push(...modelCases(service, operation, await bases[operation](w)));
      let asModeled = 0;
      for (const [i, first] of cases.entries()) {
        // Each request starts from a base of its own (a number of its own to release, tag, pool): same case, fresh state.
        const index = i - cases.findIndex((x) => x.operation === first.operation);
        const c = modelCases(service, first.operation, await bases[first.operation](w))[index];
        const o = await outcome(send, c.operation, c.input);
        const ok =
          c.expect === "reject"
            ? refusedAsInvalid(service, o) && namesMember(service, o!, c.path)
            : !refusedValue(service, o);
        if (ok) asModeled++;
        else
          wrong.push(
            `${label} ${c.operation} ${c.name}: expected ${c.expect}, got ${o ? `${o.name} ${o.Reason ?? ""} ${o.message}` : "success"}`,
          );
      }
      total += cases.length;
      console.log(`${label}: ${asModeled} of ${cases.length} generated requests answered as the model says`);
    }
    expect(total).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
  });

  it("accepts what the model allows where the emulator used to be stricter", async () => {
    const claim = await CONNECT_BASES.ClaimPhoneNumber(w);
    await expect(sendConnect("ClaimPhoneNumber", { ...claim, ClientToken: "not-a-uuid" })).resolves.toMatchObject({
      PhoneNumberId: expect.any(String),
    });
    const request = await SMS_BASES.RequestPhoneNumber(w);
    await expect(
      sendSms("RequestPhoneNumber", { ...request, NumberCapabilities: ["SMS", "VOICE", "MMS", "RCS"] }),
    ).resolves.toMatchObject({ NumberCapabilities: ["SMS", "VOICE", "MMS", "RCS"] });
    await expect(sendSms("RequestPhoneNumber", { ...request, PoolId: "" })).resolves.toMatchObject({
      PhoneNumberId: expect.any(String),
    });
    await expect(sendSms("DescribePhoneNumbers", { PhoneNumberIds: [] })).resolves.toMatchObject({
      PhoneNumbers: expect.any(Array),
    });
  });
});

import { CreatePoolCommand, PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { AWS_DEFAULT_RATES } from "../aws/rate-limit";
import { EmulatorOptions, RunningEmulator, SmsControl, startEmulator } from "../emulator";
import { PulumiWorkspace, RunResult } from "./pulumi-workspace";

/** A US transactional SMS long code: the inputs most SMS stacks of the tests and fixtures declare. */
export const LONG_CODE = {
  isoCountryCode: "US",
  messageType: "TRANSACTIONAL",
  numberCapabilities: ["SMS"],
  numberType: "LONG_CODE",
} as const;

export interface SmsStack {
  emu: RunningEmulator;
  ws: PulumiWorkspace;
  sms: PinpointSMSVoiceV2Client;
  control: SmsControl;
  declare(numbers: Array<Record<string, unknown>>): Promise<void>;
  up(extra?: string[]): Promise<RunResult>;
  upOk(extra?: string[]): Promise<RunResult>;
  outputs(): Promise<{
    numbers: Record<string, string>;
    ids: Record<string, string>;
    statuses: Record<string, string>;
  }>;
  /** "request +1…" / "release +1…", in order. */
  actions(): Promise<string[]>;
  /** A pool the stack does not manage, around a number seeded for it (a pool cannot be empty): the pool's id. */
  outsidePool(): Promise<string>;
  cleanup(): Promise<void>;
}

/** AWS's SMS v2 rate limit (requests per second per operation, burst 1): the emulator's own default. */
export const AWS_SMS_LIMIT = { ratePerSecond: AWS_DEFAULT_RATES["sms-voice:*"], burst: 1 };
/**
 * The SMS rate limit of a test's emulator unless it asks for AWS's (`AWS_SMS_LIMIT`): one its few numbers do not
 * meet. Against the emulator the provider does not pace itself (aws/clients.ts): at AWS's limit the requests of an
 * `up` of 3 numbers were throttled and the SDK's adaptive retry slowed the client down (11.5 s; 2.3 s at this one).
 */
export const TEST_SMS_LIMIT = { ratePerSecond: 10, burst: 10 };

/**
 * An emulator (SMS limited to `limit` per operation) and a stack of the `sms-numbers` program, for the end-to-end
 * tests and the fixtures they read (capture-sms-gate-fixtures.ts).
 */
export async function smsStack(options: EmulatorOptions = {}, limit = TEST_SMS_LIMIT): Promise<SmsStack> {
  const emu = await startEmulator({ ...options, sms: { rateLimit: limit, ...options.sms } });
  const ws = await PulumiWorkspace.create("test/e2e/programs/sms-numbers", {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  ws.writeConfig({
    "connect-numbers:endpoint": emu.endpoint,
    "connect-numbers:region": emu.region,
    region: emu.region,
    numbers: "[]",
  });
  const sms = new PinpointSMSVoiceV2Client({
    endpoint: emu.endpoint,
    region: emu.region,
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    maxAttempts: 10,
  });
  const control = new SmsControl(emu.endpoint);
  const up = (extra: string[] = []) => ws.pulumi(["up", "--yes", "--non-interactive", "--skip-preview", ...extra]);
  return {
    emu,
    ws,
    sms,
    control,
    async declare(numbers) {
      ws.writeConfig({ numbers: JSON.stringify(numbers) });
    },
    up,
    async upOk(extra = []) {
      const r = await up(extra);
      if (r.code !== 0) throw new Error(`pulumi up failed (${r.code})\n${r.stdout}\n${r.stderr}`);
      return r;
    },
    async outputs() {
      return JSON.parse((await ws.pulumiOk(["stack", "output", "--json"])).stdout);
    },
    async actions() {
      return (await control.events()).map((e) => `${e.action} ${e.phoneNumber}`);
    },
    async outsidePool() {
      const { isoCountryCode, messageType, numberType } = LONG_CODE;
      const [anchor] = (await control.seed({ numbers: [{ isoCountryCode, messageType, numberType }] })).numbers;
      const pool = await sms.send(
        new CreatePoolCommand({
          OriginationIdentity: anchor.phoneNumberArn,
          IsoCountryCode: isoCountryCode,
          MessageType: messageType,
        }),
      );
      return pool.PoolId!;
    },
    async cleanup() {
      ws.cleanup(); // first: a command still running holds connections to the emulator
      sms.destroy();
      await emu.stop();
    },
  };
}

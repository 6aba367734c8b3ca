import { analyzeSms } from "../analysis";
import { resolveSettings } from "../../settings";
import { INSTANCE, resource } from "../../__tests__/resources";
import { SMS_NUMBER_TYPE } from "../../../core/sms";

/** Nothing listens here: a read fails at once, so whether the analysis read at all shows in its answer. */
const NOWHERE = "http://127.0.0.1:9";
const env = { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b", AWS_MAX_ATTEMPTS: "1" };
const settings = (smsNumbers?: "declared" | "always") =>
  resolveSettings({ region: "us-east-1", endpoint: NOWHERE, ...(smsNumbers ? { smsNumbers } : {}) }, {});
const connectOnly = [resource("support", { targetArn: INSTANCE, countryCode: "US", type: "DID" })];
const withSms = [
  ...connectOnly,
  resource(
    "alerts",
    { isoCountryCode: "US", messageType: "TRANSACTIONAL", numberCapabilities: ["SMS"], numberType: "LONG_CODE" },
    {},
    SMS_NUMBER_TYPE,
  ),
];

describe("analyzeSms: the SMS numbers are read on every analysis, or with smsNumbers declared only when the program declares one", () => {
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, env));
  afterAll(() => {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
  });

  it("with smsNumbers: declared, a program that declares no SMS number reads none", async () => {
    expect(await analyzeSms(connectOnly, settings("declared"), {})).toEqual({
      ok: true,
      declared: [],
      plan: { releases: [], requests: [], leftBehind: [] },
      regions: [],
      inventory: [],
      pendingUnseen: [],
    });
  });

  it("reads by default (a removed last SMS number declares none), or when the program declares one; a failed read is an error naming the fix, never an empty plan", async () => {
    for (const [resources, s] of [
      [connectOnly, settings()],
      [withSms, settings("declared")],
      [connectOnly, settings("always")],
    ] as const) {
      const a = await analyzeSms(resources, s, {});
      expect(a.ok).toBe(false);
      if (!a.ok)
        expect(a.error.message).toMatch(
          /^SMS numbers \(us-east-1\): .*Grant sms-voice:DescribePhoneNumbers .* set smsNumbers: "declared"/,
        );
    }
  }, 30_000);
});

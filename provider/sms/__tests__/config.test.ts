import { parseSmsConfig } from "../runtime/config";

describe("parseSmsConfig", () => {
  const from = (values: Record<string, string>) => (key: string) => values[key];

  it("uses Connect's endpoint for SMS only when it is the emulator", () => {
    expect(
      parseSmsConfig(
        from({ "connect-numbers:endpoint": "http://127.0.0.1:4566", "connect-numbers:region": "us-east-1" }),
        {},
      ).aws,
    ).toEqual({ region: "us-east-1", endpoint: "http://127.0.0.1:4566", profile: undefined });
    expect(
      parseSmsConfig(from({ "connect-numbers:endpoint": "https://vpce-1.connect.us-east-1.vpce.amazonaws.com" }), {})
        .aws.endpoint,
    ).toBeUndefined();
    expect(
      parseSmsConfig(
        from({ "connect-numbers:smsEndpoint": "https://vpce-2.sms-voice.us-east-1.vpce.amazonaws.com" }),
        {},
      ).aws.endpoint,
    ).toBe("https://vpce-2.sms-voice.us-east-1.vpce.amazonaws.com");
  });

  it("defaults the wait to 600 s and the region to the environment's", () => {
    expect(parseSmsConfig(from({}), { AWS_REGION: "eu-west-2" })).toEqual({
      aws: { region: "eu-west-2", endpoint: undefined, profile: undefined },
      waitForActiveSeconds: 600,
    });
    expect(parseSmsConfig(from({ "connect-numbers:smsWaitForActiveSeconds": "0" }), {}).waitForActiveSeconds).toBe(0);
  });

  it("names the key, the value and the fix for bad config", () => {
    expect(() => parseSmsConfig(from({ "connect-numbers:smsWaitForActiveSeconds": "soon" }), {})).toThrow(
      /connect-numbers:smsWaitForActiveSeconds = "soon".*pulumi config set connect-numbers:smsWaitForActiveSeconds VALUE/,
    );
  });
});

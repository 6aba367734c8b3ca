import { DescribePhoneNumbersCommand, PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { RunningEmulator, SmsControl, startEmulator } from "../../emulator";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import { exampleWorkspace } from "../../scripts/example-workspace";
import { PulumiWorkspace } from "../../scripts/pulumi-workspace";

describe("examples/omnichannel", () => {
  let emu: RunningEmulator;
  let ws: PulumiWorkspace;
  beforeAll(async () => {
    emu = await startEmulator({ quota: 5, claimDelayMs: 20 });
    ws = await exampleWorkspace("omnichannel", emu, { noChurnBefore: true });
  });
  afterAll(async () => {
    ws?.cleanup();
    await emu?.stop();
  });
  const outputs = async () => JSON.parse((await ws.pulumiOk(["stack", "output", "--json"])).stdout);

  it("declares a Connect number and an SMS number whose inbound SMS go to the same instance, once the SMS number is ACTIVE", async () => {
    expect((await ws.up()).code).toBe(0);
    const first = await outputs();
    expect(first).toMatchObject({
      voiceNumber: expect.stringMatching(/^\+18\d{9}$/),
      smsNumber: expect.stringMatching(/^\+18\d{9}$/),
      smsStatus: "PENDING",
    });
    expect(first.smsNumber).not.toBe(first.voiceNumber);
    expect((await emu.control.events()).map((e) => e.action)).toEqual(["claim"]);
    expect((await new SmsControl(emu.endpoint).events()).map((e) => e.action)).toEqual(["request"]);
    // The routing waits for ACTIVE, and the preview says so.
    const pending = await ws.previewJson();
    expect(pending.digest.steps.filter((s) => s.op === "update").map((s) => s.urn.split("::").pop())).toEqual([
      "support-sms",
    ]);

    await emu.control.clock({ advanceDays: 3 });
    expect((await ws.up()).code).toBe(0);
    const active = await outputs();
    expect(active).toMatchObject({
      smsNumber: first.smsNumber,
      smsStatus: "ACTIVE",
      smsRoutedTo: "connect.us-east-1.amazonaws.com",
    });
    const sms = new PinpointSMSVoiceV2Client({
      endpoint: emu.endpoint,
      region: emu.region,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    try {
      const [info] = (
        await sms.send(
          new DescribePhoneNumbersCommand({
            Filters: [{ Name: "two-way-channel-arn", Values: ["connect.us-east-1.amazonaws.com"] }],
          }),
        )
      ).PhoneNumbers!;
      expect(info).toMatchObject({
        PhoneNumber: first.smsNumber,
        TwoWayEnabled: true,
        DeletionProtectionEnabled: true,
      });
    } finally {
      sms.destroy();
    }
    expect((await ws.previewJson()).digest.steps.filter((s) => s.op !== "same")).toEqual([]);
  });

  it("drop-sms: refuses to release the protected SMS number, and says how to do it on purpose", async () => {
    await ws.setConfig({ stage: "drop-sms" });
    const refused = await ws.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(
      /OriginationNumber "support-sms" \(\+18\d{9}, phone-[0-9a-f]{32}\) has deletion protection on/,
    );
    expect((await new SmsControl(emu.endpoint).events()).map((e) => e.action)).toEqual(["request"]);
    expect((await ws.stackExport()).deployment.resources!.filter((r) => r.type === SMS_NUMBER_TYPE)).toHaveLength(1);
  });
});

import { DescribePhoneNumbersCommand, ListTagsForResourceCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { SmsStack, smsStack } from "./sms-fixture";

describe("provider: OriginationNumber through the real Pulumi CLI against the emulator", () => {
  let s: SmsStack;
  beforeAll(async () => {
    s = await smsStack();
  });
  afterAll(() => s?.cleanup());

  const describe_ = async (id: string) => (await s.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] }))).PhoneNumbers![0];
  const tags = async (arn: string) => Object.fromEntries(((await s.sms.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [t.Key, t.Value]));
  const alerts = { name: "alerts", isoCountryCode: "US", messageType: "TRANSACTIONAL", numberCapabilities: ["SMS", "VOICE"], numberType: "LONG_CODE", connect: true, tags: { team: "cx" } };

  it("requests a number with ownership tags, routes its inbound SMS to Connect, and waits for ACTIVE", async () => {
    await s.declare([alerts]);
    await s.upOk();
    const out = await s.outputs();
    expect(out.statuses.alerts).toBe("ACTIVE");
    const info = await describe_(out.ids.alerts);
    expect(info).toMatchObject({ PhoneNumber: out.numbers.alerts, Status: "ACTIVE", TwoWayEnabled: true, TwoWayChannelArn: "connect.us-east-1.amazonaws.com" });
    expect(await tags(info.PhoneNumberArn!)).toMatchObject({
      team: "cx",
      "connect-numbers:stack": "sms-numbers/dev",
      "connect-numbers:urn": `urn:pulumi:dev::sms-numbers::${SMS_NUMBER_TYPE}::alerts`,
      "connect-numbers:owner": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "connect-numbers:lease": expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(await s.actions()).toEqual([`request ${out.numbers.alerts}`]);
    const state = await s.ws.stackExport();
    const resources = state.deployment.resources!.filter((r) => r.type === SMS_NUMBER_TYPE);
    expect(resources).toHaveLength(1);
    // The serialized provider names the runtime by package, never by a path of this machine.
    const closure = String(resources[0].outputs!.__provider);
    expect(closure).toContain("connect-numbers/provider/sms/runtime");
    expect(closure).not.toContain(REPO_ROOT);
    expect(closure).not.toContain(s.ws.root);
  });

  it("previews no change for the same program", async () => {
    const { result, digest } = await s.ws.previewJson();
    expect(result.code).toBe(0);
    expect(digest.steps.filter((st) => st.op !== "same")).toEqual([]);
  });
});

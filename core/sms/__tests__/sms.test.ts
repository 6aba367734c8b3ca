import fc from "fast-check";
import {
  PULUMI_AWS_SMS_NUMBER_TYPE,
  SMS_NUMBER_TYPE,
  TERRAFORM_SMS_NUMBER_TYPE,
  connectChannelRegion,
  connectTwoWayChannel,
  judgeSmsDelete,
  parseSmsArn,
  smsIdOf,
  smsRequestToken,
} from "..";

const ARN = "arn:aws:sms-voice:eu-west-2:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef";

describe("SMS ARNs and channels", () => {
  it("parses phone-number and pool ARNs and normalises ids", () => {
    expect(parseSmsArn(ARN)).toEqual({
      partition: "aws",
      region: "eu-west-2",
      accountId: "123456789012",
      resourceType: "phone-number",
      id: "phone-0123456789abcdef0123456789abcdef",
    });
    expect(parseSmsArn("arn:aws:sms-voice:us-east-1:123456789012:pool/pool-abc")?.resourceType).toBe("pool");
    expect(parseSmsArn("arn:aws:connect:us-east-1:123456789012:phone-number/abc")).toBeUndefined();
    expect(smsIdOf(ARN)).toBe("phone-0123456789abcdef0123456789abcdef");
    expect(smsIdOf("phone-1")).toBe("phone-1");
  });

  it("names Connect's two-way destination and reads its region back", () => {
    fc.assert(
      fc.property(fc.constantFrom("us-east-1", "eu-west-2", "ap-southeast-2", "us-gov-west-1"), (region) => {
        expect(connectChannelRegion(connectTwoWayChannel(region))).toBe(region);
      }),
    );
    expect(connectChannelRegion("arn:aws:sns:us-east-1:123456789012:topic")).toBeUndefined();
  });
});

describe("smsRequestToken", () => {
  const base = {
    ownerUrn: `urn:pulumi:dev::p::${SMS_NUMBER_TYPE}::sms`,
    generation: 0,
    inputs: {
      isoCountryCode: "US",
      messageType: "TRANSACTIONAL",
      numberCapabilities: ["SMS", "VOICE"],
      numberType: "TOLL_FREE",
      region: "us-east-1",
    },
  };

  it("fits RequestPhoneNumber's ClientToken pattern and ignores the order of capabilities", () => {
    const token = smsRequestToken(base);
    expect(token).toMatch(/^[!-~]{1,64}$/);
    expect(smsRequestToken({ ...base, inputs: { ...base.inputs, numberCapabilities: ["VOICE", "SMS"] } })).toBe(token);
  });

  it("changes with the owner, the generation and every number-forcing input", () => {
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.constantFrom("isoCountryCode", "messageType", "numberType", "registrationId", "region"),
        fc.string({ minLength: 1, maxLength: 8 }),
        (generation, key, suffix) => {
          const id = { ...base, generation };
          const token = smsRequestToken(id);
          expect(smsRequestToken({ ...id, generation: generation + 1 })).not.toBe(token);
          expect(smsRequestToken({ ...id, ownerUrn: id.ownerUrn + suffix })).not.toBe(token);
          const inputs = { ...id.inputs, [key]: `${(id.inputs as Record<string, unknown>)[key] ?? ""}${suffix}` };
          expect(smsRequestToken({ ...id, inputs })).not.toBe(token);
          expect(smsRequestToken({ ...id, inputs: { ...id.inputs, numberCapabilities: ["SMS"] } })).not.toBe(token);
        },
      ),
    );
    expect(() => smsRequestToken({ ...base, generation: -1 })).toThrow(/generation/);
  });
});

describe("judgeSmsDelete", () => {
  const outputs = {
    phoneNumber: "+12065550123",
    phoneNumberId: "phone-0123456789abcdef0123456789abcdef",
    arn: ARN,
    deletionProtectionEnabled: false,
  };

  it("says which number a delete releases, for all three resource kinds", () => {
    expect(judgeSmsDelete({ type: SMS_NUMBER_TYPE, name: "sms", outputs })).toEqual({
      releases: {
        phoneNumber: "+12065550123",
        phoneNumberId: "phone-0123456789abcdef0123456789abcdef",
        arn: ARN,
        region: "eu-west-2",
      },
    });
    expect(
      judgeSmsDelete({
        type: PULUMI_AWS_SMS_NUMBER_TYPE,
        name: "n",
        outputs: { id: "phone-1", arn: ARN, phoneNumber: "+1" },
      })?.releases,
    ).toMatchObject({ phoneNumberId: "phone-1", phoneNumber: "+1" });
    expect(
      judgeSmsDelete({
        type: TERRAFORM_SMS_NUMBER_TYPE,
        name: "aws_pinpointsmsvoicev2_phone_number.x",
        outputs: { id: "phone-2", phone_number: "+2", arn: ARN },
      })?.releases,
    ).toMatchObject({ phoneNumberId: "phone-2", phoneNumber: "+2" });
    expect(judgeSmsDelete({ type: "pulumi-nodejs:dynamic/connect:PhoneNumber", name: "x", outputs })).toBeUndefined();
    expect(judgeSmsDelete({ type: SMS_NUMBER_TYPE, name: "sms", outputs, retainOnDelete: true })).toEqual({});
  });

  it("refuses a protected number with the number and the two-step fix, whatever the kind", () => {
    const ours = judgeSmsDelete({
      type: SMS_NUMBER_TYPE,
      name: "sms",
      inputs: { deletionProtectionEnabled: false },
      outputs: { ...outputs, deletionProtectionEnabled: true },
    });
    expect(ours?.refused?.reason).toBe("deletion-protection");
    expect(ours?.refused?.message).toContain(
      'OriginationNumber "sms" (+12065550123, phone-0123456789abcdef0123456789abcdef) has deletion protection on',
    );
    expect(ours?.refused?.message).toContain(
      "1) set deletionProtectionEnabled: false, changing nothing else, and run `pulumi up`; 2) then remove the resource",
    );
    const tf = judgeSmsDelete({
      type: TERRAFORM_SMS_NUMBER_TYPE,
      name: "aws_pinpointsmsvoicev2_phone_number.x",
      outputs: { id: "phone-2", deletion_protection_enabled: true },
    });
    expect(tf?.refused?.message).toContain("deletion_protection_enabled = false");
    const aws = judgeSmsDelete({
      type: PULUMI_AWS_SMS_NUMBER_TYPE,
      name: "n",
      outputs: { id: "phone-1", deletionProtectionEnabled: true },
    });
    expect(aws?.refused?.reason).toBe("deletion-protection");
  });

  it("refuses a number in a pool unless forceDisassociate, and only the OriginationNumber knows its pool", () => {
    const inPool = { ...outputs, poolId: "pool-1" };
    expect(judgeSmsDelete({ type: SMS_NUMBER_TYPE, name: "sms", outputs: inPool })?.refused).toMatchObject({
      reason: "pool",
      message: expect.stringContaining("pool-1"),
    });
    expect(
      judgeSmsDelete({ type: SMS_NUMBER_TYPE, name: "sms", inputs: { forceDisassociate: true }, outputs: inPool })
        ?.refused,
    ).toBeUndefined();
    expect(judgeSmsDelete({ type: PULUMI_AWS_SMS_NUMBER_TYPE, name: "n", outputs: inPool })?.refused).toBeUndefined();
  });

  it("never says a delete is safe when protection is on in the last known state", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SMS_NUMBER_TYPE, PULUMI_AWS_SMS_NUMBER_TYPE),
        fc.boolean(),
        fc.option(fc.string(), { nil: undefined }),
        (type, input, poolId) => {
          const j = judgeSmsDelete({
            type,
            name: "n",
            inputs: { deletionProtectionEnabled: input },
            outputs: { ...outputs, deletionProtectionEnabled: true, poolId },
          });
          expect(j?.refused?.reason).toBe("deletion-protection");
        },
      ),
    );
  });
});

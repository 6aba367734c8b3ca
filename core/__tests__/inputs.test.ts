import { PHONE_NUMBER_SET_TYPE, PHONE_NUMBER_TYPE, UNKNOWN, findInputRefusals, inputRefusals } from "..";
import { PULUMI_AWS_CONNECT_NUMBER_TYPE } from "../connect/kinds";
import { SMS_NUMBER_TYPE } from "../sms/kinds";

const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/aaaa-1111";
const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;

describe("inputRefusals: the provider's refusal of a resource's inputs, by its type", () => {
  it("a PhoneNumber: the number not in E.164, and an input its kind does not take, each with the fix", () => {
    const refusals = inputRefusals(PHONE_NUMBER_TYPE, {
      ownerUrn: urn(PHONE_NUMBER_TYPE, "bad"),
      targetArn: INSTANCE,
      phoneNumber: "+1 (800) 555-0100",
      prefixx: "+1800",
      __provider: "serialized",
    });
    expect(refusals.map((r) => r.reason)).toEqual([
      'PhoneNumber "bad": prefixx = "+1800": is not an input of PhoneNumber, so it would be ignored. Did you mean prefix?',
      'PhoneNumber "bad": phoneNumber = "+1 (800) 555-0100": is not an E.164 phone number. Remove spaces and punctuation: "+18005550100".',
    ]);
  });

  it("a PhoneNumberSet: a country Connect does not offer, a count that is no count", () => {
    const refusals = inputRefusals(PHONE_NUMBER_SET_TYPE, {
      ownerUrn: urn(PHONE_NUMBER_SET_TYPE, "fleet"),
      targetArn: INSTANCE,
      countryCode: "us",
      type: "DID",
      count: -1,
    });
    expect(refusals.map((r) => r.reason)).toEqual([
      'PhoneNumberSet "fleet": countryCode = "us": must be upper case. Write "US".',
      'PhoneNumberSet "fleet": count = -1: must be a whole number >= 0. Give how many numbers of any prefix the set holds.',
    ]);
  });

  it("an OriginationNumber: a message type SMS does not know", () => {
    const refusals = inputRefusals(SMS_NUMBER_TYPE, {
      ownerUrn: urn(SMS_NUMBER_TYPE, "alerts"),
      isoCountryCode: "US",
      messageType: "TRANSACTIONALL",
      numberCapabilities: ["SMS"],
      numberType: "TOLL_FREE",
    });
    expect(refusals.map((r) => r.reason)).toEqual([
      'OriginationNumber "alerts": messageType = "TRANSACTIONALL": is not a message type. Use one of TRANSACTIONAL, PROMOTIONAL.',
    ]);
  });

  it("never refuses a value unknown at preview: the provider checks it at apply", () => {
    expect(inputRefusals(PHONE_NUMBER_TYPE, { ownerUrn: UNKNOWN, targetArn: UNKNOWN, phoneNumber: UNKNOWN })).toEqual(
      [],
    );
    expect(
      inputRefusals(PHONE_NUMBER_SET_TYPE, {
        ownerUrn: urn(PHONE_NUMBER_SET_TYPE, "fleet"),
        targetArn: UNKNOWN,
        countryCode: UNKNOWN,
        type: "DID",
        prefixes: { "+1212": UNKNOWN },
        phoneNumbers: [UNKNOWN],
      }),
    ).toEqual([]);
    expect(
      inputRefusals(SMS_NUMBER_TYPE, {
        ownerUrn: urn(SMS_NUMBER_TYPE, "alerts"),
        isoCountryCode: UNKNOWN,
        messageType: UNKNOWN,
        numberCapabilities: UNKNOWN,
        numberType: UNKNOWN,
      }),
    ).toEqual([]);
  });

  it("has nothing to say of another provider's kind", () => {
    expect(inputRefusals(PULUMI_AWS_CONNECT_NUMBER_TYPE, { phoneNumber: "nonsense", prefixx: 1 })).toEqual([]);
  });
});

describe("findInputRefusals: the refusals a failed preview's error quotes", () => {
  it("reads them out of Pulumi's diagnostic, each once", () => {
    const [refusal] = inputRefusals(PHONE_NUMBER_TYPE, {
      ownerUrn: urn(PHONE_NUMBER_TYPE, "bad"),
      targetArn: INSTANCE,
      phoneNumber: "+1 (800) 555-0100",
    });
    const diagnostic = `pulumi-nodejs:dynamic/connect:PhoneNumber resource 'bad': property phoneNumber value {+1 (800) 555-0100} has a problem: ${refusal.reason}\n`;
    expect(findInputRefusals(diagnostic + diagnostic)).toBe(refusal.reason);
  });

  it("finds none in another error", () => {
    expect(findInputRefusals("error: the program failed on purpose")).toBeUndefined();
    expect(findInputRefusals('PhoneNumberSet "fleet": the set holds 2 numbers its declaration no longer wants')).toBe(
      undefined,
    );
  });
});

import { PHONE_NUMBER_COUNTRY_CODES, PHONE_NUMBER_TYPES } from "../../core/validation/enums";
import { E164_PATTERN, PREFIX_PATTERN } from "../../core/validation/phone";
import { MAX_DESCRIPTION_LENGTH, MAX_TAGS, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from "../../core/validation/tags";
import { CONNECT, SMS } from "../aws-model/services";
import { TRAIT, enumValues, patternRegExp, shapeOf } from "../aws-model/smithy";
import { describeViolations, structureViolations } from "../aws-model/validate";

const connect = (name: string) => `com.amazonaws.connect#${name}`;
const traitOf = (name: string, trait: string) => shapeOf(CONNECT.model, connect(name)).traits?.[trait];

describe("the vendored AWS models (emulator/aws-model)", () => {
  it("compile: every pattern is a valid Unicode regular expression, and the corrected phone patterns match real numbers", () => {
    for (const service of [CONNECT, SMS]) {
      for (const shape of Object.values(service.model.shapes)) {
        const pattern = shape.traits?.[TRAIT.pattern];
        if (typeof pattern === "string") expect(() => patternRegExp(pattern)).not.toThrow();
      }
    }
    expect(patternRegExp(traitOf("PhoneNumber", TRAIT.pattern) as string).test("+12065550100")).toBe(true);
    expect(patternRegExp(traitOf("PhoneNumberPrefix", TRAIT.pattern) as string).test("+1206")).toBe(true);
  });

  // core/ checks a user's declaration before any call; it must hold the same limits AWS's model states.
  it("agree with core's own copy of Connect's enums and limits", () => {
    expect([...PHONE_NUMBER_COUNTRY_CODES].sort()).toEqual(
      enumValues(CONNECT.model, { target: connect("PhoneNumberCountryCode") })!.sort(),
    );
    expect([...PHONE_NUMBER_TYPES].sort()).toEqual(
      enumValues(CONNECT.model, { target: connect("PhoneNumberType") })!.sort(),
    );
    expect(E164_PATTERN.source).toBe(traitOf("PhoneNumber", TRAIT.pattern));
    expect(PREFIX_PATTERN.source).toBe(traitOf("PhoneNumberPrefix", TRAIT.pattern));
    expect(traitOf("TagMap", TRAIT.length)).toEqual({ min: 1, max: MAX_TAGS });
    expect(traitOf("TagKey", TRAIT.length)).toEqual({ min: 1, max: MAX_TAG_KEY_LENGTH });
    expect(traitOf("TagValue", TRAIT.length)).toEqual({ min: 0, max: MAX_TAG_VALUE_LENGTH });
    expect(traitOf("PhoneNumberDescription", TRAIT.length)).toEqual({ min: 0, max: MAX_DESCRIPTION_LENGTH });
  });

  it("word a refusal as AWS does, naming each member at fault", () => {
    const violations = structureViolations(SMS.model, "com.amazonaws.pinpointsmsvoicev2#RequestPhoneNumberRequest", {
      MessageType: "TRANSACTIONAL",
      NumberCapabilities: ["SMS", "FAX"],
      NumberType: "LONG_CODE",
      Tags: [{ Key: "\n", Value: "v" }],
    });
    expect(describeViolations(violations)).toBe(
      "3 validation errors detected: " +
        "Value null at 'IsoCountryCode' failed to satisfy constraint: Member must not be null; " +
        "Value 'FAX' at 'NumberCapabilities.2.member' failed to satisfy constraint: Member must satisfy enum value set: [SMS, VOICE, MMS, RCS]; " +
        "Value '\n' at 'Tags.1.member.Key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^.+$",
    );
  });
});

import fc from "fast-check";
import { UNKNOWN } from "../../unknown";
import { HeldSmsNumber, SMS_FORCING_INPUTS, SmsNumberInputs, forcingSmsInputs, meetsSms, wantedSmsNumber } from "..";

const held: fc.Arbitrary<HeldSmsNumber> = fc.record({
  phoneNumberId: fc.constantFrom("phone-1", "phone-2"),
  isoCountryCode: fc.constantFrom("US", "CA"),
  messageType: fc.constantFrom("TRANSACTIONAL", "PROMOTIONAL"),
  numberCapabilities: fc.constantFrom(["SMS"], ["SMS", "VOICE"], ["VOICE", "SMS"]),
  numberType: fc.constantFrom("TOLL_FREE", "LONG_CODE"),
  registrationId: fc.option(fc.constantFrom("reg-1", "reg-2"), { nil: undefined }),
  region: fc.constantFrom("us-east-1", "us-west-2"),
});

const inputs: fc.Arbitrary<SmsNumberInputs> = fc.oneof(
  fc.record({
    isoCountryCode: fc.constantFrom("US", "CA"),
    messageType: fc.constantFrom("TRANSACTIONAL", "PROMOTIONAL"),
    numberCapabilities: fc.constantFrom(["SMS"], ["VOICE", "SMS"]),
    numberType: fc.constantFrom("TOLL_FREE", "LONG_CODE"),
    registrationId: fc.option(fc.constantFrom("reg-1", "reg-2"), { nil: undefined }),
    region: fc.option(fc.constantFrom("us-east-1", "us-west-2"), { nil: undefined }),
  }),
  fc.record({
    phoneNumberId: fc.constantFrom(
      "phone-1",
      "phone-2",
      "arn:aws:sms-voice:us-west-2:123456789012:phone-number/phone-2",
    ),
  }),
);

/** The provider's rule before core/sms held it (provider/sms/diff.ts), as the oracle. */
function oracleReplaces(h: HeldSmsNumber, i: SmsNumberInputs): boolean {
  const region = i.region ?? (i.phoneNumberId?.startsWith("arn:") ? i.phoneNumberId.split(":")[3] : undefined);
  if (region !== undefined && region !== h.region) return true;
  if (i.phoneNumberId !== undefined)
    return i.phoneNumberId.slice(i.phoneNumberId.lastIndexOf("/") + 1) !== h.phoneNumberId;
  const set = (c: readonly string[] | undefined) => [...(c ?? [])].sort().join(",");
  return (
    i.isoCountryCode !== h.isoCountryCode ||
    i.messageType !== h.messageType ||
    i.numberType !== h.numberType ||
    set(i.numberCapabilities) !== set(h.numberCapabilities) ||
    (i.registrationId !== undefined && i.registrationId !== h.registrationId)
  );
}

describe("core/sms: the wanted SMS number, meetsSms and forcingSmsInputs", () => {
  it("forcingSmsInputs is empty exactly when the held number meets the inputs (the provider's former rule as oracle)", () => {
    fc.assert(
      fc.property(held, inputs, (h, i) => {
        const wanted = wantedSmsNumber(i);
        expect(forcingSmsInputs(h, wanted).length > 0).toBe(oracleReplaces(h, i));
        expect(meetsSms(h, wanted)).toBe(!oracleReplaces(h, i));
      }),
    );
  });

  it("an input the resource gives, unknown at preview, always forces, unless ignoreChanges names it", () => {
    fc.assert(
      fc.property(held, inputs, fc.constantFrom(...SMS_FORCING_INPUTS), (h, i, key) => {
        fc.pre((i as Record<string, unknown>)[key] !== undefined);
        const wanted = wantedSmsNumber({ ...i, [key]: UNKNOWN });
        const forced = forcingSmsInputs(h, wanted);
        expect(forced).toContain(key);
        expect(forcingSmsInputs(h, wanted, forced)).toEqual([]);
      }),
    );
  });

  it("capabilities are a set, and an unknown adopted id leaves the region unknown", () => {
    expect(wantedSmsNumber({ numberCapabilities: ["VOICE", "SMS"] }).numberCapabilities).toEqual(["VOICE", "SMS"]);
    expect(wantedSmsNumber({ numberCapabilities: ["SMS", UNKNOWN] }).unknown).toEqual(["numberCapabilities"]);
    expect(wantedSmsNumber({ phoneNumberId: UNKNOWN })).toMatchObject({
      mode: "adopt",
      unknown: ["phoneNumberId", "region"],
    });
  });
});

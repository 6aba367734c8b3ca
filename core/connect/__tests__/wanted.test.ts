import fc from "fast-check";
import { UNKNOWN } from "../../unknown";
import { matchesPrefix } from "../../validation/phone";
import { CONNECT_FORCING_INPUTS, ConnectNumberInputs, HeldNumber, forcingInputs, meets, wantedNumber } from "..";

const REGIONS = ["us-east-1", "eu-west-2"];
const ACCOUNT = "123456789012";
const instanceArn = (region: string) => `arn:aws:connect:${region}:${ACCOUNT}:instance/i-1`;
const numberArn = (region: string, id: string) => `arn:aws:connect:${region}:${ACCOUNT}:phone-number/${id}`;

const held: fc.Arbitrary<
  Required<Pick<HeldNumber, "phoneNumberId" | "phoneNumber" | "countryCode" | "type" | "region">>
> = fc.record({
  phoneNumberId: fc.constantFrom("n-1", "n-2"),
  phoneNumber: fc.constantFrom("+18005550100", "+18885550101", "+442071838750"),
  countryCode: fc.constantFrom("US", "GB"),
  type: fc.constantFrom("DID", "TOLL_FREE"),
  region: fc.constantFrom(...REGIONS),
});

/** Inputs of every mode, with a target in some region (or an instance id, placed by stack config). */
const inputs: fc.Arbitrary<ConnectNumberInputs> = fc
  .record({
    mode: fc.constantFrom("specific", "search", "adopt-id", "adopt-arn", "adopt-number"),
    phoneNumber: fc.constantFrom("+18005550100", "+18885550101", "+442071838750"),
    id: fc.constantFrom("n-1", "n-2"),
    countryCode: fc.constantFrom("US", "GB"),
    type: fc.constantFrom("DID", "TOLL_FREE"),
    prefix: fc.option(fc.constantFrom("+1800", "+1888", "+44"), { nil: undefined }),
    region: fc.constantFrom(...REGIONS),
    byInstanceId: fc.boolean(),
  })
  .map((x) => {
    const target = x.byInstanceId ? { instanceId: "i-1" } : { targetArn: instanceArn(x.region) };
    switch (x.mode) {
      case "specific":
        return { ...target, phoneNumber: x.phoneNumber };
      case "search":
        return { ...target, countryCode: x.countryCode, type: x.type, prefix: x.prefix };
      case "adopt-id":
        return { ...target, phoneNumberId: x.id };
      case "adopt-arn":
        return { ...target, phoneNumberId: numberArn(x.region, x.id) };
      default:
        return { ...target, phoneNumber: x.phoneNumber, adopt: true };
    }
  });

/** The provider's rule before core/connect held it (provider/runtime/ownership.ts meetsInputs), as the oracle. */
function oracleMeets(h: HeldNumber, i: ConnectNumberInputs, defaultRegion: string): boolean {
  const region =
    i.targetArn !== undefined
      ? i.targetArn.split(":")[3]
      : i.phoneNumberId?.startsWith("arn:")
        ? i.phoneNumberId.split(":")[3]
        : defaultRegion;
  if (h.region !== region) return false;
  if (i.phoneNumberId !== undefined)
    return i.phoneNumberId.slice(i.phoneNumberId.lastIndexOf("/") + 1) === h.phoneNumberId;
  if (i.phoneNumber !== undefined) return i.phoneNumber === h.phoneNumber;
  return (
    h.countryCode === i.countryCode &&
    h.type === i.type &&
    (i.prefix === undefined || matchesPrefix(h.phoneNumber!, i.prefix))
  );
}

describe("core/connect: the wanted number, meets and forcingInputs", () => {
  it("forcingInputs is empty exactly when the held number meets the inputs (the provider's former rule as oracle)", () => {
    fc.assert(
      fc.property(held, inputs, fc.constantFrom(...REGIONS), (h, i, defaultRegion) => {
        const wanted = wantedNumber(i, { defaultRegion });
        expect(forcingInputs(h, wanted).length === 0).toBe(oracleMeets(h, i, defaultRegion));
        expect(meets(h, wanted)).toBe(oracleMeets(h, i, defaultRegion));
      }),
      { numRuns: 3000 },
    );
  });

  it("for the number the old inputs hold, new inputs force nothing iff that number meets them", () => {
    fc.assert(
      fc.property(held, inputs, inputs, (h, before, after) => {
        fc.pre(meets(h, wantedNumber(before, { defaultRegion: h.region })));
        const wanted = wantedNumber(after, { defaultRegion: h.region });
        expect(forcingInputs(h, wanted).length === 0).toBe(meets(h, wanted));
      }),
    );
  });

  it("an input the resource gives, unknown at preview, always forces a new number, unless ignoreChanges names it", () => {
    fc.assert(
      fc.property(held, inputs, fc.constantFrom(...CONNECT_FORCING_INPUTS), (h, i, key) => {
        fc.pre(i[key] !== undefined);
        const withUnknown = { ...i, [key]: UNKNOWN };
        const forced = forcingInputs(h, wantedNumber(withUnknown));
        expect(forced.length).toBeGreaterThan(0);
        expect(meets(h, wantedNumber(withUnknown))).toBe(false);
        expect(forcingInputs(h, wantedNumber(withUnknown), forced)).toEqual([]);
      }),
    );
  });

  it("a fact the state lacks forces nothing, but is never taken as met", () => {
    fc.assert(
      fc.property(held, inputs, (h, i) => {
        const wanted = wantedNumber(i, { defaultRegion: h.region });
        const partial: HeldNumber = { phoneNumberId: h.phoneNumberId };
        expect(forcingInputs(partial, wanted).filter((k) => k !== "phoneNumberId")).toEqual([]);
        if (wanted.phoneNumberId === undefined) expect(meets(partial, wanted)).toBe(false);
      }),
    );
  });

  it("parses once: the target's region before the region input, an adopted ARN as its id, stack config only for an instance id", () => {
    expect(
      wantedNumber({ targetArn: instanceArn("eu-west-2"), region: "us-east-1", phoneNumber: "+18005550100" }),
    ).toMatchObject({ mode: "specific", region: "eu-west-2", regionInput: "targetArn" });
    expect(wantedNumber({ phoneNumberId: numberArn("eu-west-2", "n-9") })).toMatchObject({
      mode: "adopt",
      phoneNumberId: "n-9",
      region: "eu-west-2",
    });
    expect(
      wantedNumber({ instanceId: "i-1", countryCode: "US", type: "DID" }, { defaultRegion: "us-east-1" }),
    ).toMatchObject({ mode: "search", region: "us-east-1", regionInput: "region" });
    expect(wantedNumber({ phoneNumber: UNKNOWN, targetArn: UNKNOWN })).toMatchObject({
      mode: "specific",
      unknown: ["phoneNumber", "targetArn"],
    });
  });
});

import { ClaimPhoneNumberCommand, SearchAvailablePhoneNumbersCommand } from "@aws-sdk/client-connect";
import { Fixture, startFixture } from "../../emulator/__tests__/fixture";
import { heldByNumber } from "../inventory";

describe("heldByNumber against the emulator", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(() => f.stop());

  // ListPhoneNumbersV2's PhoneNumberPrefix takes at most 11 digits (AWS's model): a UK number has 12.
  it("finds a held number longer than a prefix may be", async () => {
    const [available] = (
      await f.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          InstanceId: f.instanceId,
          PhoneNumberCountryCode: "GB",
          PhoneNumberType: "DID",
          MaxResults: 1,
        }),
      )
    ).AvailableNumbersList!;
    const phoneNumber = available.PhoneNumber!;
    expect(phoneNumber.length).toBeGreaterThan(12);
    const claimed = await f.connect.send(
      new ClaimPhoneNumberCommand({ InstanceId: f.instanceId, PhoneNumber: phoneNumber }),
    );
    expect(await heldByNumber(f.connect, phoneNumber)).toMatchObject({ phoneNumber, arn: claimed.PhoneNumberArn });
  });
});

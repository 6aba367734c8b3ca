import {
  ClaimPhoneNumberCommand,
  DescribePhoneNumberCommand,
  PhoneNumberCountryCode,
  PhoneNumberType,
  SearchAvailablePhoneNumbersCommand,
} from "@aws-sdk/client-connect";
import { Fixture, startFixture } from "./fixture";

describe("emulator: numbers for any valid prefix, and reset to the start-up settings, through @aws-sdk/client-connect", () => {
  let f: Fixture;
  afterEach(() => f.stop());

  const search = async (country: PhoneNumberCountryCode, type: PhoneNumberType, prefix?: string) =>
    (
      await f.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          TargetArn: f.instanceArn,
          PhoneNumberCountryCode: country,
          PhoneNumberType: type,
          PhoneNumberPrefix: prefix,
          MaxResults: 10,
        }),
      )
    ).AvailableNumbersList!;

  it("offers Manhattan DIDs for +1212 and London for +44 20, and a claim by number records its country and type", async () => {
    f = await startFixture({ quota: 10 });
    const manhattan = await search("US", "DID", "+1212");
    expect(manhattan).toHaveLength(10);
    expect(
      manhattan.every(
        (n) => n.PhoneNumber!.startsWith("+1212") && n.PhoneNumberCountryCode === "US" && n.PhoneNumberType === "DID",
      ),
    ).toBe(true);
    const london = await search("GB", "DID", "+4420");
    expect(london.every((n) => n.PhoneNumber!.startsWith("+4420"))).toBe(true);
    const freephone = (await search("GB", "TOLL_FREE"))[0].PhoneNumber!;
    const { PhoneNumberId } = await f.connect.send(
      new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber: freephone }),
    );
    const described = await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId }));
    expect(described.ClaimedPhoneNumberSummary).toMatchObject({
      PhoneNumber: freephone,
      PhoneNumberCountryCode: "GB",
      PhoneNumberType: "TOLL_FREE",
    });
    expect(await search("CA", "TOLL_FREE")).toEqual([]);
  });

  it("resets to the settings it was started with, not the defaults", async () => {
    f = await startFixture({ quota: 7, windowDays: 30, seed: 9 });
    const before = await search("US", "DID", "+1415");
    await f.emu.control.settings({ quota: 1, windowDays: 1, seed: 2 });
    await f.emu.control.seed({ count: 1 });
    await f.emu.control.reset();
    const info = await f.emu.control.info();
    expect(info.settings).toMatchObject({ quota: 7, windowDays: 30, seed: 9, claimDelayMs: 0 });
    expect(await search("US", "DID", "+1415")).toEqual(before);
    await f.emu.control.reset({ quota: 3 });
    expect((await f.emu.control.info()).settings).toMatchObject({ quota: 3, windowDays: 30, seed: 9 });
  });
});

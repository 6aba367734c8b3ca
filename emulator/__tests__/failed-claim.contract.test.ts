import {
  ClaimPhoneNumberCommand,
  DescribePhoneNumberCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-connect";
import { Fixture, startFixture } from "./fixture";

describe("emulator: a FAILED claim may be retried for a day, as AWS documents", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture({ quota: 20 });
  });
  afterEach(() => f.stop());

  const claim = (PhoneNumber: string) =>
    f.connect.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber }));
  const status = async (id: string) =>
    (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary
      ?.PhoneNumberStatus;

  it("lets the account claim its FAILED number again within a day; after it, the number is back in the inventory", async () => {
    await f.emu.control.fault({
      kind: "claim-failed",
      message: "The target has reached its limit of total claimed numbers.",
    });
    const failed = await claim("+12065550100");
    expect(await status(failed.PhoneNumberId!)).toEqual({
      Status: "FAILED",
      Message: "The target has reached its limit of total claimed numbers.",
    });
    const retried = await claim("+12065550100");
    expect(await status(retried.PhoneNumberId!)).toEqual({ Status: "CLAIMED" });
    expect((await f.emu.control.events()).map((e) => e.action)).toEqual(["claim", "claim"]);

    await f.emu.control.fault({ kind: "claim-failed" });
    const lapsing = await claim("+12065550101");
    await f.emu.control.clock({ advanceDays: 1 });
    // Gone from the account with no release (no event, no cooldown): a claim of it is a new claim.
    await expect(status(lapsing.PhoneNumberId!)).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect((await f.emu.control.events()).map((e) => e.action)).toEqual(["claim", "claim", "claim"]);
    const again = await claim("+12065550101");
    expect(await status(again.PhoneNumberId!)).toEqual({ Status: "CLAIMED" });
  });
});

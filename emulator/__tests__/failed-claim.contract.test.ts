import {
  ClaimPhoneNumberCommand,
  DescribePhoneNumberCommand,
  InvalidParameterException,
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

  it("lets the account claim its FAILED number again within a day, and not after", async () => {
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
    await claim("+12065550101");
    await f.emu.control.clock({ advanceDays: 1 });
    await expect(claim("+12065550101")).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

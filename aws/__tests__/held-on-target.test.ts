import { ClaimPhoneNumberCommand } from "@aws-sdk/client-connect";
import { Fixture, startFixture } from "../../emulator/__tests__/fixture";
import { MAX_DESCRIBED_PER_TARGET, TargetHolding } from "../held-on-target";
import { FAILED_TAG } from "../../core";

describe("TargetHolding: the room on a target, told from FAILED claims by describing no more than it must", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(() => f.stop());

  const failedClaim = async (phoneNumber: string) => {
    await f.emu.control.fault({ kind: "claim-failed" });
    await f.connect.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber: phoneNumber }));
  };
  const settled = async (quota: number, need: number) => {
    const holding = await TargetHolding.read(f.connect, f.instanceArn);
    await holding.settleRoom(quota, need);
    return { held: holding.held, described: holding.described };
  };

  it("describes nothing while the listing leaves room", async () => {
    await f.emu.control.seed({ count: 5 });
    expect(await settled(10, 5)).toEqual({ held: 5, described: 0 });
  });

  it("finds the room a FAILED claim leaves, describing only as many numbers as the room lacks", async () => {
    await failedClaim("+12065550100");
    await f.emu.control.seed({ count: 9 });
    expect(await settled(10, 1)).toEqual({ held: 9, described: 1 });
  });

  it("counts a number whose move FAILED (the provider's tag says so) as holding its place on its old target", async () => {
    await f.emu.control.seed({ count: 9 });
    const doc = await f.emu.control.state();
    Object.assign(doc.partitions[0].numbers[0], { status: "FAILED", tags: { [FAILED_TAG]: "move" } });
    await f.emu.control.restore(doc);
    expect(await settled(10, 2)).toEqual({ held: 9, described: 9 });
  });

  it("describes a full target only up to the cap and counts the numbers past it as holding (the safe side)", async () => {
    await f.emu.control.seed({ count: MAX_DESCRIBED_PER_TARGET + 10 });
    await failedClaim("+12065550100");
    expect(await settled(MAX_DESCRIBED_PER_TARGET + 11, 1)).toEqual({
      held: MAX_DESCRIBED_PER_TARGET + 11,
      described: MAX_DESCRIBED_PER_TARGET,
    });
  });
});

import { ClaimPhoneNumberCommand, DescribePhoneNumberCommand } from "@aws-sdk/client-connect";
import { NumbersStack, numbersStack } from "./numbers-fixture";

describe("provider: a PhoneNumberSet with adoptExisting leaves another tool's FAILED claim alone, and says so", () => {
  let s: NumbersStack;
  beforeAll(async () => {
    s = await numbersStack({ quota: 100 }, "test/e2e/programs/sets");
  });
  afterAll(() => s?.cleanup());

  it("adopts the CLAIMED numbers of its target, not the FAILED one, naming it, its status and the fix", async () => {
    const seeded = await s.emu.control.seed({
      numbers: [{ targetArn: s.instanceArn, countryCode: "US", type: "DID" }],
    });
    // Another tool's claim that AWS reports FAILED (kept for the account for a day, holding no number).
    await s.emu.control.fault({
      kind: "claim-failed",
      message: "The target has reached its limit of total claimed numbers.",
    });
    const failed = await s.connect.send(
      new ClaimPhoneNumberCommand({ TargetArn: s.instanceArn, PhoneNumber: "+12065550100" }),
    );
    const statusOf = async () =>
      (await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: failed.PhoneNumberId! })))
        .ClaimedPhoneNumberSummary?.PhoneNumberStatus?.Status;
    // The emulator answers a claim IN_PROGRESS and settles it after its claim delay, as AWS does.
    let status = await statusOf();
    for (let i = 0; i < 50 && status === "IN_PROGRESS"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await statusOf();
    }
    expect(status).toBe("FAILED");

    await s.ws.pulumiOk([
      "config",
      "set",
      "sets",
      JSON.stringify([
        { name: "ported", target: "instance", countryCode: "US", type: "DID", adoptExisting: true, count: 1 },
      ]),
      "--non-interactive",
    ]);
    const up = await s.upOk();
    expect(up.stdout + up.stderr).toContain(
      `does not adopt +12065550100 (${failed.PhoneNumberId}): its claim by another tool has status FAILED (The target has reached its limit of total claimed numbers.), so it holds no number.`,
    );
    expect(up.stdout + up.stderr).toContain("once it is CLAIMED the next `pulumi up` adopts it");
    const numbers = JSON.parse((await s.ws.pulumiOk(["stack", "output", "sets", "--json"])).stdout).ported as Array<{
      phoneNumberId: string;
      origin: string;
    }>;
    expect(numbers.filter((n) => n.origin === "adopt").map((n) => n.phoneNumberId)).toEqual([
      seeded.numbers[0].phoneNumberId,
    ]);
    expect(numbers.map((n) => n.phoneNumberId)).not.toContain(failed.PhoneNumberId);
    const after = await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: failed.PhoneNumberId! }));
    expect(after.ClaimedPhoneNumberSummary?.Tags?.["connect-numbers:stack"]).toBeUndefined();
  });
});

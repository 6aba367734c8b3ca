import {
  ClaimPhoneNumberCommand,
  DescribePhoneNumberCommand,
  InvalidParameterException,
  ReleasePhoneNumberCommand,
  SearchAvailablePhoneNumbersCommand,
} from "@aws-sdk/client-connect";
import { Fixture, startFixture } from "./fixture";

const DAY = 86_400_000;

describe("emulator: the 200% churn rule, enforced on its own", () => {
  let f: Fixture;
  afterEach(() => f.stop());

  async function available(count: number): Promise<string[]> {
    const out: string[] = [];
    let NextToken: string | undefined;
    while (out.length < count) {
      const page = await f.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          TargetArn: f.instanceArn,
          PhoneNumberCountryCode: "US",
          PhoneNumberType: "DID",
          MaxResults: 10,
          NextToken,
        }),
      );
      out.push(...page.AvailableNumbersList!.map((n) => n.PhoneNumber!));
      NextToken = page.NextToken;
    }
    return out.slice(0, count);
  }
  const claim = (PhoneNumber: string) =>
    f.connect.send(new ClaimPhoneNumberCommand({ TargetArn: f.instanceArn, PhoneNumber }));
  const release = (PhoneNumberId: string) => f.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId }));

  it("holds AWS's worked example: quota 99, 99 held; release 99, claim 99, release 99 ⇒ the next claim is blocked", async () => {
    f = await startFixture({ quota: 99 });
    const held = (await f.emu.control.seed({ count: 99 })).numbers;
    for (const n of held) await release(n.phoneNumberId);
    const claimed = [];
    for (const n of await available(99)) claimed.push((await claim(n)).PhoneNumberId!);
    for (const id of claimed) await release(id); // releases always go through, even past the budget
    const [next] = await available(1);
    const err = await claim(next).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect((err as Error).message).toMatch(
      /Claims are blocked: 297 claims and releases in the last 180 days reach 200% of the phone number quota \(99, budget 198\)/,
    );
    expect((await f.emu.control.events()).length).toBe(297);
  });

  it("allows the claim that reaches the budget exactly, refuses the one after, and frees up as events age out", async () => {
    f = await startFixture({ quota: 5, windowDays: 30 });
    await f.emu.control.clock({ freeze: true });
    const numbers = await available(12);
    const ids = [];
    for (const n of numbers.slice(0, 5)) ids.push((await claim(n)).PhoneNumberId!);
    for (const id of ids.slice(0, 4)) await release(id);
    await f.emu.control.clock({ advanceDays: 1 });
    await claim(numbers[5]); // 10th event: = budget
    await expect(claim(numbers[6])).rejects.toThrow(/Claims are possible again from/);
    await f.emu.control.clock({ advanceMs: 29 * DAY - 1 });
    await expect(claim(numbers[6])).rejects.toBeInstanceOf(InvalidParameterException);
    await f.emu.control.clock({ advanceMs: 1 }); // the first events are exactly 30 days old: out of the window
    await expect(claim(numbers[6])).resolves.toHaveProperty("PhoneNumberId");
  });

  it("can surface a blocked claim as FAILED instead, and a claim above the active quota turns FAILED", async () => {
    f = await startFixture({ quota: 1, blockedClaim: "failed" });
    const numbers = await available(3);
    await claim(numbers[0]);
    const overActive = await claim(numbers[1]);
    const status = async (id: string) =>
      (await f.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary!
        .PhoneNumberStatus!;
    expect(await status(overActive.PhoneNumberId!)).toEqual({
      Status: "FAILED",
      Message: expect.stringContaining("limit of total claimed numbers"),
    });
    const blocked = await claim(numbers[2]);
    expect(await status(blocked.PhoneNumberId!)).toEqual({
      Status: "FAILED",
      Message: expect.stringContaining("Claims are blocked"),
    });
    expect((await f.emu.control.events()).map((e) => e.action)).toEqual(["claim", "claim"]);
  });
});

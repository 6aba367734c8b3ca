import { DescribePhoneNumberCommand } from "@aws-sdk/client-connect";
import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * Two resources of one program declaring one specific number, through a real `pulumi up`: whichever claims it first
 * keeps it, and the other is told the number is declared twice, with both names — on a fresh `up` (where the loser
 * of the race meets the number just claimed) and on the next alike; never "held under its old name, add an alias".
 */
describe("provider: one number declared by two resources", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  it("says `declared twice` with both names on a fresh up and on the next, and claims the number once", async () => {
    s = await numbersStack();
    const number = { target: "instance", phoneNumber: "+18005550100", deletionProtection: false };
    await s.declare([
      { name: "front-desk", ...number },
      { name: "support", ...number },
    ]);
    const both =
      /\+18005550100 is declared twice: `(front-desk|support)` and `(front-desk|support)` \(urn:pulumi:dev::numbers::pulumi-nodejs:dynamic\/connect:PhoneNumber::(front-desk|support), which holds it\): one number cannot belong to two resources\. Remove one declaration, or give it another number\./;
    for (const run of ["fresh", "next"]) {
      const r = await s.up();
      expect(r.code).not.toBe(0);
      const output = `${r.stdout}\n${r.stderr}`;
      expect({ run, output }).toEqual({ run, output: expect.stringMatching(both) });
      expect(output).not.toContain("under its old name");
      const [, loser, winner] = output.match(both)!;
      expect(loser).not.toBe(winner);
    }
    expect((await s.emu.control.events()).filter((e) => e.action === "claim")).toHaveLength(1);
  });
});

/**
 * A number two PhoneNumberSets list, or a set and a PhoneNumber, through the real CLI: refused at preview (each set's
 * check registers its numbers with the deployment), before either takes it from the other, so no later release of
 * one releases a number the other declares (campaign seed -302265911). Following the refusal's advice then goes
 * through at no churn.
 */
describe("provider: one number declared by a PhoneNumberSet and another resource", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  it("refuses two sets, and a set and a PhoneNumber, listing one number at preview, taking and releasing nothing", async () => {
    s = await numbersStack({}, "test/e2e/programs/sets");
    const sets = (list: Array<Record<string, unknown>>) => s!.declareSets(list);
    const front = { name: "front", target: "instance", phoneNumbers: ["+18005550100"] };
    await sets([front]);
    await s.upOk();
    const first = await s.emu.control.events();
    const claimed = first.length;

    // Whichever set Pulumi registers second is refused (the engine registers them in parallel): it names both.
    const twoSets =
      /PhoneNumberSet "(back|front)": \+18005550100 is declared twice: `(back|front)` and `(back|front)`: one number cannot belong to two resources\. Remove one declaration, or give it another number\. A PhoneNumberSet declares it in phoneNumbers/;
    await sets([front, { name: "back", target: "instance", phoneNumbers: ["+18005550100", "+18005550101"] }]);
    const preview = await s.ws.pulumi(["preview", "--non-interactive"]);
    expect(preview.code).not.toBe(0);
    expect(`${preview.stdout}\n${preview.stderr}`).toMatch(twoSets);
    const up = await s.up();
    expect(up.code).not.toBe(0);
    expect(`${up.stdout}\n${up.stderr}`).toMatch(twoSets);

    // A PhoneNumber is created before the sets are checked (they dependsOn it, as a hand-out needs): it takes the
    // number from the set at no churn, and the set is refused, naming both.
    await sets([front]);
    await s.declare([{ name: "desk", target: "instance", phoneNumber: "+18005550100" }]);
    const single = await s.up();
    expect(single.code).not.toBe(0);
    expect(`${single.stdout}\n${single.stderr}`).toMatch(
      /PhoneNumberSet "front": \+18005550100 is declared twice: `front` and `desk`: one number cannot belong to two resources\./,
    );
    expect((await s.emu.control.events()).slice(claimed)).toEqual([]);

    // The advice: take it out of one declaration. The PhoneNumber's delete hands the number back to the set that
    // lists it (no release), and the second set claims only its own number.
    await s.declare([]);
    await sets([front, { name: "back", target: "instance", phoneNumbers: ["+18005550101"] }]);
    await s.upOk();
    const after = (await s.emu.control.events()).slice(claimed);
    expect(after.map((e) => `${e.action} ${e.phoneNumber}`)).toEqual(["claim +18005550101"]);
    const held = await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: first[0].phoneNumberId }));
    expect(held.ClaimedPhoneNumberSummary?.Tags?.["connect-numbers:urn"]).toMatch(/PhoneNumberSet::front$/);
  });
});

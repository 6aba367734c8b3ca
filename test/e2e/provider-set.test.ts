import { DescribePhoneNumberCommand, ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import { ownerKey } from "../../core";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const SET_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";

interface SetNumberOut {
  phoneNumber: string;
  phoneNumberId: string;
  arn: string;
  prefix: string;
  group: string;
  origin: string;
}

describe("provider: a PhoneNumberSet of 30 numbers through the real Pulumi CLI against the emulator", () => {
  let s: NumbersStack;
  beforeAll(async () => {
    s = await numbersStack({ quota: 100 }, "test/e2e/programs/sets");
  });
  afterAll(() => s?.cleanup());

  const local = { name: "local", target: "instance", countryCode: "US", type: "DID", prefixes: { "+1212": 15, "+1415": 10 }, count: 4, phoneNumbers: ["+18005550100"] };
  const declareSets = (sets: Array<Record<string, unknown>>) => s.ws.pulumiOk(["config", "set", "sets", JSON.stringify(sets), "--non-interactive"]);
  const events = async () => (await s.emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`);
  const setNumbers = async (name = "local"): Promise<SetNumberOut[]> => JSON.parse((await s.ws.pulumiOk(["stack", "output", "sets", "--json"])).stdout)[name] ?? [];
  const held = async () => ((await s.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1000 }))).ListPhoneNumbersSummaryList ?? []).map((n) => n.PhoneNumber!).sort();

  it("claims every number of the set, each with its own ownership tags, and previews no change after", async () => {
    await declareSets([local]);
    await s.upOk();
    const numbers = await setNumbers();
    expect(numbers).toHaveLength(30);
    expect(numbers.filter((n) => n.prefix === "+1212" && n.phoneNumber.startsWith("+1212"))).toHaveLength(15);
    expect(numbers.filter((n) => n.prefix === "+1415" && n.phoneNumber.startsWith("+1415"))).toHaveLength(10);
    expect(numbers.filter((n) => n.group === "any")).toHaveLength(4);
    expect(numbers.find((n) => n.phoneNumber === "+18005550100")).toMatchObject({ group: "number:+18005550100", origin: "claim" });
    const urn = `urn:pulumi:dev::sets::${SET_TYPE}::local`;
    const one = (await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: numbers[0].phoneNumberId }))).ClaimedPhoneNumberSummary!;
    expect(one).toMatchObject({ TargetArn: s.instanceArn, Tags: expect.objectContaining({ "connect-numbers:owner": ownerKey(urn), "connect-numbers:stack": "sets/dev" }) });
    expect(await events()).toHaveLength(30);
    const { digest } = await s.ws.previewJson();
    expect(digest.steps.filter((st) => st.op !== "same")).toEqual([]);
  });

  it("grows by the difference: claims only the new numbers", async () => {
    const before = await setNumbers();
    await declareSets([{ ...local, prefixes: { "+1212": 20, "+1415": 10 } }]);
    await s.upOk();
    const after = await setNumbers();
    expect(after).toHaveLength(35);
    expect(after.filter((n) => n.prefix === "+1212")).toHaveLength(20);
    expect(before.every((b) => after.some((a) => a.phoneNumberId === b.phoneNumberId))).toBe(true);
    expect((await events()).slice(30)).toEqual(after.filter((a) => !before.some((b) => b.phoneNumberId === a.phoneNumberId)).map(() => expect.stringMatching(/^claim \+1212/)));
  });

  it("refuses a shrink that names nothing at preview, listing the candidates, and releases nothing", async () => {
    await declareSets([{ ...local, prefixes: { "+1212": 18, "+1415": 10 } }]);
    const r = await s.ws.preview();
    expect(r.code).not.toBe(0);
    const candidates = (await setNumbers()).filter((n) => n.prefix === "+1212").map((n) => n.phoneNumber);
    expect(r.stdout + r.stderr).toContain("names none of them in release");
    expect(candidates.some((c) => (r.stdout + r.stderr).includes(c))).toBe(true);
    expect(await events()).toHaveLength(35);
  });

  it("shrinks by name: releases exactly the numbers named", async () => {
    const gone = (await setNumbers()).filter((n) => n.prefix === "+1212").slice(0, 2);
    await declareSets([{ ...local, prefixes: { "+1212": 18, "+1415": 10 }, release: gone.map((g) => g.phoneNumber) }]);
    await s.upOk();
    const after = await setNumbers();
    expect(after).toHaveLength(33);
    expect(after.some((a) => gone.some((g) => g.phoneNumberId === a.phoneNumberId))).toBe(false);
    expect((await events()).slice(35).sort()).toEqual(gone.map((g) => `release ${g.phoneNumber}`).sort());
    expect(await held()).not.toEqual(expect.arrayContaining([gone[0].phoneNumber]));
  });

  it("moves every number to another target in place: no claim, no release", async () => {
    const before = await setNumbers();
    await declareSets([{ ...local, target: "tdg", prefixes: { "+1212": 18, "+1415": 10 } }]);
    await s.upOk();
    const after = await setNumbers();
    expect(after.map((a) => a.phoneNumberId).sort()).toEqual(before.map((b) => b.phoneNumberId).sort());
    for (const n of after.slice(0, 5)) {
      expect((await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: n.phoneNumberId }))).ClaimedPhoneNumberSummary!.TargetArn).toBe(s.tdgArn);
    }
    expect(await events()).toHaveLength(37);
  });

  it("takes a number from a single PhoneNumber into the set, and gives one out to a PhoneNumber, at no churn", async () => {
    const setArgs = { ...local, target: "tdg", prefixes: { "+1212": 18, "+1415": 10 } };
    await s.declare([{ name: "single", target: "tdg", phoneNumber: "+18005550199" }]);
    await declareSets([setArgs]);
    await s.upOk();
    expect(await events()).toHaveLength(38);
    // In: the PhoneNumber is removed and the set declares its number.
    await s.declare([]);
    await declareSets([{ ...setArgs, phoneNumbers: ["+18005550100", "+18005550199"] }]);
    await s.upOk();
    expect(await events()).toHaveLength(38);
    expect((await setNumbers()).find((n) => n.phoneNumber === "+18005550199")).toMatchObject({ origin: "hand-over", group: "number:+18005550199" });
    // Out: the set no longer declares +18005550100 and a PhoneNumber does.
    await s.declare([{ name: "out", target: "tdg", phoneNumber: "+18005550100" }]);
    await declareSets([{ ...setArgs, phoneNumbers: ["+18005550199"] }]);
    await s.upOk();
    expect(await events()).toHaveLength(38);
    expect((await setNumbers()).some((n) => n.phoneNumber === "+18005550100")).toBe(false);
    expect((await s.outputs()).numbers.out).toBe("+18005550100");
  });

  it("destroys: releases every number once, and leaves nothing held", async () => {
    const count = (await setNumbers()).length + 1;
    const r = await s.ws.destroy();
    expect(r.code).toBe(0);
    const all = await events();
    expect(all.slice(38).filter((e) => e.startsWith("release"))).toHaveLength(count);
    expect(all.slice(38).filter((e) => e.startsWith("claim"))).toHaveLength(0);
    expect(await held()).toEqual([]);
  });
});

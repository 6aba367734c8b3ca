import { ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as path from "node:path";
import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * A PhoneNumberSet's members through the real CLI: the order of its `numbers` output (growth appends, so a diff of
 * the outputs shows only the new numbers, and state written in the old order by number diffs clean), and a member
 * AWS reports FAILED (retried on the next `up`, never leaked, never held twice).
 */

const SET_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";

interface Member {
  phoneNumber: string;
  phoneNumberId: string;
  status: string;
  group: string;
}

function helpers(s: NumbersStack) {
  const declareSets = (sets: Array<Record<string, unknown>>) => s.declareSets(sets);
  const members = async (): Promise<Member[]> => {
    const set = (await s.ws.stackExport()).deployment.resources?.find((r) => r.type === SET_TYPE);
    return (set?.outputs?.numbers as Member[]) ?? [];
  };
  const changes = async () => (await s.ws.previewJson()).digest.steps.filter((st) => st.op !== "same");
  const claims = async () => (await s.emu.control.events()).filter((e) => e.action === "claim");
  const heldIds = async () =>
    ((await s.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1000 }))).ListPhoneNumbersSummaryList ?? [])
      .map((n) => n.PhoneNumberId!)
      .sort();
  return { declareSets, members, changes, claims, heldIds };
}

describe("a PhoneNumberSet's numbers output keeps its order: growth appends", () => {
  let s: NumbersStack;
  beforeAll(async () => {
    s = await numbersStack({ quota: 100 }, "test/e2e/programs/sets");
  });
  afterAll(() => s?.cleanup());

  const local = (prefixes: Record<string, number>) => ({
    name: "local",
    target: "instance",
    countryCode: "US",
    type: "DID",
    prefixes,
  });

  it("appends the numbers a growth claims after the ones held (even those that sort before them), and the next up changes nothing", async () => {
    const { declareSets, members, changes } = helpers(s);
    await declareSets([local({ "+1415": 3 })]);
    await s.upOk();
    const first = (await members()).map((m) => m.phoneNumberId);
    expect(first).toHaveLength(3);
    // +1212 sorts before +1415: an order by number would put the new ones first.
    await declareSets([local({ "+1212": 2, "+1415": 3 })]);
    await s.upOk();
    const grown = await members();
    expect(grown.map((m) => m.phoneNumberId).slice(0, 3)).toEqual(first);
    expect(grown.slice(3).map((m) => m.group)).toEqual(["prefix:+1212", "prefix:+1212"]);
    expect(await changes()).toEqual([]);
    await s.upOk();
    expect((await members()).map((m) => m.phoneNumberId)).toEqual(grown.map((m) => m.phoneNumberId));
  });

  it("keeps state written in the old order (by number): it diffs clean, and a growth appends to it", async () => {
    const { declareSets, members, changes } = helpers(s);
    const exported = await s.ws.stackExport();
    const set = exported.deployment.resources!.find((r) => r.type === SET_TYPE)!;
    const numbers = set.outputs!.numbers as Member[];
    numbers.sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber));
    const old = numbers.map((m) => m.phoneNumberId);
    const file = path.join(s.ws.root, "old-order.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    await s.ws.pulumiOk(["stack", "import", "--file", file]);
    expect(await changes()).toEqual([]);
    await declareSets([local({ "+1212": 2, "+1415": 4 })]);
    await s.upOk();
    const grown = await members();
    expect(grown.map((m) => m.phoneNumberId).slice(0, old.length)).toEqual(old);
    expect(grown).toHaveLength(old.length + 1);
  });
});

describe("a PhoneNumberSet member AWS reports FAILED", () => {
  let s: NumbersStack;
  beforeAll(async () => {
    s = await numbersStack({ quota: 100 }, "test/e2e/programs/sets");
  });
  afterAll(() => s?.cleanup());

  it("fails the up with one error naming the set, the number and the fix, keeps it in state, and the next up claims that number again: one number per slot, none leaked", async () => {
    const { declareSets, members, changes, claims, heldIds } = helpers(s);
    await s.emu.control.fault({
      kind: "claim-failed",
      message: "The target has reached its limit of total claimed numbers.",
    });
    await declareSets([{ name: "pool", target: "instance", countryCode: "US", type: "DID", count: 3 }]);
    const failed = await s.ws.up();
    expect(failed.code).not.toBe(0);
    const said = failed.stdout + failed.stderr;
    const bad = (await members()).find((m) => m.status === "FAILED");
    expect(bad).toBeDefined();
    expect(said).toContain(
      `PhoneNumberSet "pool": AWS reports the claim of ${bad!.phoneNumber} FAILED: The target has reached its limit of total claimed numbers.`,
    );
    // The set's fix, not a PhoneNumber's: removing the set would release every number it holds.
    expect(said).toContain(
      `then run \`pulumi up\`: the set claims that slot again (the same number while AWS holds it for the failed claim, one day). To do without it, lower \`count\` or name ${bad!.phoneNumber} in \`release\`.`,
    );
    expect(said).not.toContain("remove the resource");

    await s.upOk();
    const after = await members();
    expect(after.map((m) => m.status)).toEqual(["CLAIMED", "CLAIMED", "CLAIMED"]);
    expect(after.map((m) => m.phoneNumber)).toContain(bad!.phoneNumber);
    expect(new Set(after.map((m) => m.phoneNumber)).size).toBe(3);
    expect(after.map((m) => m.phoneNumberId).sort()).toEqual(await heldIds());
    // Three claims and the retry of the failed one: no other number was claimed for its slot.
    expect((await claims()).map((e) => e.phoneNumber).sort()).toEqual(
      [...after.map((m) => m.phoneNumber), bad!.phoneNumber].sort(),
    );
    expect(await changes()).toEqual([]);
  });
});

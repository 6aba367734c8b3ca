import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { PHONE_NUMBER_SET_TYPE, ownerUrn } from "../../core";
import { Deployment, parseProviderConfig } from "../runtime";
import { checkSetWith } from "../set/runtime/engine-calls";
import { create, remove, update } from "../set/runtime/lifecycle";
import { PhoneNumberSetInputs } from "../set/shape";

/**
 * A PhoneNumberSet renamed without an alias, applied where no gate looks (`up --skip-preview`): the new set claims
 * first, then the old one's delete would release every number it holds. The delete is refused as a PhoneNumber's is
 * (core's pairing names the same pair the pack and `check` block), the old set keeps all its numbers, and a retry
 * that creates nothing refuses again while the new set is declared.
 */
describe("a set's delete in a rename without an alias", () => {
  let emu: RunningEmulator;
  let dir: string;
  let instanceArn: string;
  const deployments: Deployment[] = [];
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0, quota: 20 });
    instanceArn = (await emu.control.info()).instances[0];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-set-rename-"));
    fs.writeFileSync(path.join(dir, "history.jsonl"), "");
  });
  afterEach(async () => {
    for (const d of deployments.splice(0)) d.destroy();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One `pulumi up`'s provider process: what it learns of the program lasts for that deployment only. */
  function deployment(allowReleases?: string[]): Deployment {
    const values: Record<string, string> = {
      "connect-numbers:endpoint": emu.endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:historyFiles": path.join(dir, "history.jsonl"),
      "connect-numbers:ledger": `file:${path.join(dir, "ledger.json")}`,
      ...(allowReleases ? { "connect-numbers:allowReleases": JSON.stringify(allowReleases) } : {}),
    };
    const d = new Deployment(
      parseProviderConfig((k) => values[k], {}),
      () => undefined,
    );
    deployments.push(d);
    return d;
  }
  const set = (name: string, count: number): PhoneNumberSetInputs => ({
    targetArn: instanceArn,
    countryCode: "US",
    type: "DID",
    count,
    ownerUrn: ownerUrn({ project: "p", stack: "dev", type: PHONE_NUMBER_SET_TYPE, name }),
  });
  const releases = async () => (await emu.control.events()).filter((e) => e.action === "release");
  const held = async () => (await emu.control.state()).partitions.flatMap((p) => p.numbers.map((n) => n.id)).sort();

  it("refuses the old set's whole delete when a new set of this up searched for what its numbers meet, shrinking too", async () => {
    const s1 = await create(deployment(), set("s1", 3));
    const old = s1.outs.numbers.map((n) => n.phoneNumber).sort();
    expect(old).toHaveLength(3);

    const renames = deployment();
    const s2 = await create(renames, set("s2", 2));
    const refused = (await remove(renames, s1.id, s1.outs).catch((e: unknown) => e)) as Error;
    expect(refused).toBeInstanceOf(Error);
    expect(refused.message).toContain(
      `PhoneNumberSet "s1": refusing to release its 3 numbers (${old.join(", ")}): PhoneNumberSet "s2", created by this \`up\`, searched for new numbers`,
    );
    // The alias the refusal gives leads into a shrink by one, which the refusal says, as the pack and `check` do.
    expect(refused.message).toMatch(
      /rename with aliases: \[\{ name: "s1" \}\]\. With the alias the set holds its 3 numbers and declares 2: it shrinks by 1/,
    );
    expect(await releases()).toEqual([]);
    const all = [...s1.outs.numbers, ...s2.outs.numbers].map((n) => n.phoneNumberId).sort();
    expect(await held()).toEqual(all);

    // A retry that creates nothing: the marks hold while the program declares the new set.
    const retry = deployment();
    checkSetWith(retry, set("s2", 2));
    await expect(remove(retry, s1.id, s1.outs)).rejects.toThrow(
      /are kept for PhoneNumberSet "s2", which the program declares: an earlier `up` refused this release as a rename without an alias/,
    );
    expect(await releases()).toEqual([]);

    // The new set no longer declared: nothing wants the numbers, and the delete releases them all.
    await remove(deployment(), s1.id, s1.outs);
    expect((await releases()).map((e) => e.phoneNumber).sort()).toEqual(old);
  });

  it("a set that already existed and grows is named grown, and the way out hands the numbers to it, never removes it", async () => {
    const g = await create(deployment(), set("g", 1));
    const s1 = await create(deployment(), set("s1", 1));
    const grows = deployment();
    await update(grows, g.id, g.outs, set("g", 2));
    const refused = (await remove(grows, s1.id, s1.outs).catch((e: unknown) => e)) as Error;
    expect(refused).toBeInstanceOf(Error);
    expect(refused.message).toContain('PhoneNumberSet "g", grown by this `up`, searched for new numbers');
    expect(refused.message).toContain(
      'or hand them to PhoneNumberSet "g": list them in its phoneNumbers (a hand-over: no claim, no release for what it lists, on top of its count; the set still grows by its count, and those claims still count)',
    );
    expect(refused.message).not.toContain("created by this");
    expect(refused.message).not.toContain('remove PhoneNumberSet "g"');
    expect(await releases()).toEqual([]);
  });

  it("releases on purpose what allowReleases names: the set's name", async () => {
    const s1 = await create(deployment(), set("s1", 2));
    const values: Record<string, string> = {
      "connect-numbers:endpoint": emu.endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:historyFiles": path.join(dir, "history.jsonl"),
      "connect-numbers:ledger": `file:${path.join(dir, "ledger.json")}`,
      "connect-numbers:allowReleases": JSON.stringify(["s1"]),
    };
    const renames = new Deployment(
      parseProviderConfig((k) => values[k], {}),
      () => undefined,
    );
    deployments.push(renames);
    await create(renames, set("s2", 2));
    await remove(renames, s1.id, s1.outs);
    expect(await releases()).toHaveLength(2);
  });

  describe("a set renamed without an alias (a → b) and another removed set (p) whose number b's search meets too", () => {
    /** One `up`: b claims, then the deletes of a and p, in the order Pulumi's parallel deletes happened to run. */
    async function up(order: "a first" | "p first", allowReleases?: string[]) {
      const first = deployment();
      const a = await create(first, set("a", 2));
      const p = await create(first, set("p", 1));
      const renames = deployment(allowReleases);
      await create(renames, set("b", 2));
      const removes = { a: () => remove(renames, a.id, a.outs), p: () => remove(renames, p.id, p.outs) };
      const outcome = async (name: "a" | "p") =>
        (await removes[name]().then(
          () => "released",
          (e: Error) => e.message.match(/refusing to release/)?.[0] ?? e.message,
        )) as string;
      const [x, y]: ("a" | "p")[] = order === "a first" ? ["a", "p"] : ["p", "a"];
      const result = { [x]: await outcome(x), [y]: await outcome(y) };
      const released = (await releases()).map((e) => e.phoneNumber).sort();
      const of = (s: typeof a) => s.outs.numbers.map((n) => n.phoneNumber).sort();
      return { a: result.a, p: result.p, released, pNumbers: of(p) };
    }

    it.each(["a first", "p first"] as const)("refuses both deletes, whichever runs first (%s)", async (order) => {
      const r = await up(order);
      expect([r.a, r.p, r.released]).toEqual(["refusing to release", "refusing to release", []]);
    });

    it.each(["a first", "p first"] as const)(
      "with allowReleases naming p: releases p's number, refuses a's delete (%s)",
      async (order) => {
        const r = await up(order, ["p"]);
        expect([r.a, r.p, r.released]).toEqual(["refusing to release", "released", r.pNumbers]);
      },
    );
  });

  it("a plain removal of a set, with no new claim in the up, releases its numbers", async () => {
    const s1 = await create(deployment(), set("s1", 2));
    await remove(deployment(), s1.id, s1.outs);
    expect(await releases()).toHaveLength(2);
  });
});

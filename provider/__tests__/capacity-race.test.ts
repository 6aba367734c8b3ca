import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { PHONE_NUMBER_TYPE, ownerUrn } from "../../core";
import { Deployment, createWith, parseProviderConfig } from "../runtime";
import { PhoneNumberInputs } from "../shape";

/**
 * Two stacks claiming into one instance at once: each reads the instance before the other's claims land, so the
 * claims the second sends together can all end FAILED (AWS counts each as churn). Every error names them all, and
 * no further claim of that deployment goes into the full instance.
 */
describe("a deployment whose claims race another's into one instance", () => {
  let emu: RunningEmulator;
  let dir: string;
  let instanceArn: string;
  const made: Deployment[] = [];
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0, quota: 3 });
    instanceArn = (await emu.control.info()).instances[0];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-race-"));
    fs.writeFileSync(path.join(dir, "history.jsonl"), "");
  });
  afterEach(async () => {
    for (const d of made.splice(0)) d.destroy();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function deployment(stack: string): Deployment {
    const values: Record<string, string> = {
      "connect-numbers:endpoint": emu.endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:historyFiles": path.join(dir, "history.jsonl"),
      "connect-numbers:ledger": `file:${path.join(dir, `${stack}.json`)}`,
    };
    const d = new Deployment(
      parseProviderConfig((k) => values[k], {}),
      () => undefined,
    );
    made.push(d);
    return d;
  }
  const search = (stack: string, name: string): PhoneNumberInputs => ({
    targetArn: instanceArn,
    countryCode: "US",
    type: "DID",
    ownerUrn: ownerUrn({ project: "p", stack, type: PHONE_NUMBER_TYPE, name }),
  });
  /** ClaimPhoneNumber calls AWS counted: a FAILED claim counts as churn too. */
  const claims = async () => (await emu.control.events()).filter((e) => e.action === "claim").length;

  it("names every FAILED claim of the deployment, and sends none after them", async () => {
    const late = deployment("late");
    // The late stack reads the instance (quota 3) while it is empty, and claims one: by its count 2 places are left.
    await createWith(late, search("late", "first"));
    // Meanwhile another stack fills the instance.
    const early = deployment("early");
    await createWith(early, search("early", "a"));
    await createWith(early, search("early", "b"));
    // The late stack's next two claims go out together, both into the full instance: both end FAILED.
    const raced = await Promise.allSettled([
      createWith(late, search("late", "second")),
      createWith(late, search("late", "third")),
    ]);
    const errors = raced.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "claimed"));
    expect(errors.every((m) => m.includes("reached its limit"))).toBe(true);
    const both =
      /2 claims of this deployment into instance\/\S+ ended FAILED .*PhoneNumber "(second|third)" \(\+1\d+\), PhoneNumber "(second|third)" \(\+1\d+\)/;
    expect(errors.filter((m) => both.test(m))).toHaveLength(1);
    // A further claim is refused before AWS sees it, naming both failed claims.
    const before = (await emu.control.events()).length;
    await expect(createWith(late, search("late", "fourth"))).rejects.toThrow(
      new RegExp(`PhoneNumber "fourth": refusing to claim into instance/\\S+: ${both.source.slice(0)}`),
    );
    expect((await emu.control.events()).length).toBe(before);
    expect(await claims()).toBe(5);
  });
});

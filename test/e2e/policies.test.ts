import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const DAY = 86_400_000;
const PACK = path.join(REPO_ROOT, "policies");

describe("policies: the CrossGuard pack in `pulumi preview --policy-pack` against the emulator", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  const pack = (config: Record<string, unknown> = {}) => ({ dir: PACK, config: { "connect-phone-number-churn": { endpoint: s.emu.endpoint, region: "us-east-1", ...config } } });
  const preview = (config?: Record<string, unknown>) => s.ws.preview({ policyPacks: [pack(config)] });
  const seedChurn = (count: number, daysAgo = 10) =>
    s.emu.control.seed({ events: Array.from({ length: count }, (_, i) => ({ at: Date.now() - (daysAgo + i) * DAY, action: "release" as const })) });
  const two = [
    { name: "support", target: "instance", phoneNumber: "+18005550100", deletionProtection: true },
    { name: "sales", target: "instance", countryCode: "US", type: "DID", deletionProtection: true },
  ];

  it("passes a plan within budget, and blocks one over it with the amount and the date it frees", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare(two);
    await seedChurn(8);
    const ok = await preview();
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain("connect-phone-number-churn");

    await seedChurn(1, 30);
    const blocked = await preview();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout).toContain("[mandatory]  connect-phone-number-churn");
    expect(blocked.stdout).toContain("This plan makes 2 claims and 0 releases; the rolling 180-day window already holds 9 of 10 (200% of quota 5), so it would reach 11: 1 over.");
    const freesAt = new Date(Date.now() - 30 * DAY + 180 * DAY).toISOString().slice(0, 10);
    expect(blocked.stdout).toContain(`It would fit from ${freesAt}`);
    expect(blocked.stdout).toMatch(/claim \+18005550100 by urn:pulumi:dev::numbers::pulumi-nodejs:dynamic\/connect:PhoneNumber::support \[create\]/);
    expect(blocked.stdout).toContain("quota 5 from Service Quotas L-8F812903");
    expect(blocked.stdout).toContain("They cover only the last 90 of the 180 days");
  });

  it("counts a replacement as a claim and a release, and a removed resource as a release", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare(two);
    await s.upOk(); // 2 events
    await seedChurn(6); // 8
    await s.declare([{ ...two[0], phoneNumber: "+18005550101" }, two[1]]);
    expect((await preview()).code).toBe(0); // 8 + 2 = 10
    await seedChurn(1, 40); // 9
    const replaced = await preview();
    expect(replaced.code).not.toBe(0);
    expect(replaced.stdout).toContain("1 claim and 1 release");
    expect(replaced.stdout).toMatch(/release \+18005550100 by \S+::support \[replace\]/);

    await s.declare([two[1]]);
    const removed = await preview();
    expect(removed.code).toBe(0); // 9 + 1 = 10
    await seedChurn(1, 50);
    const over = await preview();
    expect(over.stdout).toMatch(/0 claims and 1 release.*11: 1 over/);
    expect(over.stdout).toMatch(/release \+18005550100 by \S+::support \[delete\]/);
  });

  it("catches a rename without an alias, and lets the aliased rename through with no churn", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([two[0]]);
    await s.upOk();
    await s.declare([{ ...two[0], name: "helpline" }]);
    const renamed = await preview();
    expect(renamed.code).not.toBe(0);
    expect(renamed.stdout).toContain("[mandatory]  connect-phone-number-rename");
    expect(renamed.stdout).toContain('add the option aliases: [{ name: "support" }]');
    await s.declare([{ ...two[0], name: "helpline", aliases: ["support"] }]);
    const aliased = await preview();
    expect(aliased.code).toBe(0);
    await s.upOk();
    expect((await s.emu.control.events()).map((e) => e.action)).toEqual(["claim"]);
  });

  it("still blocks (mandatory) when number-forcing inputs are unknown at preview", async () => {
    s = await numbersStack({ quota: 5 });
    await seedChurn(10);
    await s.declare([{ name: "later-number", target: "unknown-instance", countryCode: "US", type: "DID" }]);
    const result = await preview();
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("[mandatory]  connect-phone-number-churn");
    expect(result.stdout).toContain("targetArn unknown until apply: counted as a claim");
  });

  it("counts history from a file as well as from CloudTrail, once per event", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([two[0]]);
    const file = path.join(s.ws.root, "history.jsonl");
    const lines = Array.from({ length: 9 }, (_, i) => JSON.stringify({ time: new Date(Date.now() - (100 + i) * DAY).toISOString(), action: "release" }));
    fs.writeFileSync(file, lines.join("\n") + "\n");
    expect((await preview({ historyFiles: [file] })).code).toBe(0); // 9 + 1 = 10
    await seedChurn(1, 5); // CloudTrail: 10 + 1
    const blocked = await preview({ historyFiles: [file] });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout).toContain(`History from ${file}, cloudtrail`);
    expect(blocked.stdout).toContain("holds 10 of 10");
  });

  it("fails closed when the account cannot be read, or only advises with failClosed false", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([two[0]]);
    const dead = { endpoint: "http://127.0.0.1:9" };
    const closed = await preview(dead);
    expect(closed.code).not.toBe(0);
    expect(closed.stdout).toContain("The phone-number churn check could not run: inventory:");
    const open = await preview({ ...dead, failClosed: false });
    expect(open.code).toBe(0);
    expect(open.stdout).toContain("connect-phone-number-churn-unverified");
  });

  it("rejects bad policy config with a readable message", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([two[0]]);
    const result = await preview({ windowDays: "a week" });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/windowDays.*integer/i);
  });
});

import * as path from "node:path";
import { Owner, ownerFromUrn, ownershipTags } from "../../core";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";
import { startCallCounter } from "../../bench/call-counter";
import { NumbersStack, numbersStack } from "./numbers-fixture";
import {
  ACCOUNT_POLICIES,
  CHURN,
  of,
  PACK,
  packHarness,
  RENAME,
  REPORT,
  sales,
  support,
  urn,
  violations,
  warn,
} from "./policies/pack-harness";

/** Regions, each policy alone, and the AWS calls a preview makes. */
describe("policies: what the pack reads, and how often", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());
  const { preview, seedChurn } = packHarness(() => s);

  it("reads every region the stack declares numbers in, and the ones listed in regions, each with its own budget", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([support]);
    await s.upOk();
    // A number this stack holds in another region, under a resource no longer declared.
    const { targets } = await s.emu.control.seed({
      region: "us-west-2",
      targets: [{ kind: "instance", name: "west" }],
    });
    const tags = ownershipTags(ownerFromUrn(urn("west")) as Owner, "lease-1");
    await s.emu.control.seed({
      region: "us-west-2",
      numbers: [{ phoneNumber: "+12065550177", countryCode: "US", type: "DID", targetArn: targets[0], tags }],
    });

    const eastOnly = await preview(warn);
    expect(eastOnly.code).toBe(0);
    expect(violations(eastOnly.stdout)).toEqual([]);

    const both = await preview({ ...warn, regions: ["us-west-2"] });
    expect(both.code).toBe(0);
    const [report] = of(both.stdout, REPORT);
    expect(report).toContain(`+12065550177 (`);
    expect(report).toContain(`, us-west-2) held by ${urn("west")}: no longer declared`);
    expect(report).toContain("Budget (us-west-2): the rolling 180-day window holds 0 of 10; with this plan 1.");
    expect(report).toContain("Budget (us-east-1): the rolling 180-day window holds 1 of 10; with this plan 1.");
    expect(report).toContain(
      "Seen: us-east-1: tag query: 1 number tagged connect-numbers:stack=numbers/dev (GetResources, ListPhoneNumbersV2 of 1 number); us-west-2: tag query: 1 number tagged connect-numbers:stack=numbers/dev (GetResources, ListPhoneNumbersV2 of 1 number)",
    );
  });

  it("runs each policy on its own: enabled alone, the others disabled, each reaches its own verdict", async () => {
    s = await numbersStack({ quota: 5 });
    await s.declare([sales]);
    await s.upOk();
    await seedChurn(8); // 9 in the window: the rename's claim and release make 11
    await s.declare([{ ...sales, name: "sales-main" }]);

    const churnAlone = await preview(warn, CHURN);
    expect(churnAlone.code).not.toBe(0);
    expect(violations(churnAlone.stdout).map((v) => v.split("  ")[1])).toEqual([CHURN]);
    expect(of(churnAlone.stdout, CHURN)[0]).toContain(
      "This plan makes 1 claim and 1 release; the rolling 180-day window already holds 9 of 10",
    );

    const renameAlone = await preview(warn, RENAME);
    expect(renameAlone.code).not.toBe(0);
    expect(violations(renameAlone.stdout).map((v) => v.split("  ")[1])).toEqual([RENAME]);

    const reportAlone = await preview(warn, REPORT);
    expect(reportAlone.code).toBe(0);
    expect(violations(reportAlone.stdout).map((v) => v.split("  ")[1])).toEqual([REPORT]);
    expect(of(reportAlone.stdout, REPORT)[0]).toMatch(
      /This plan removes the resource holding 1 number:[^]*held by \S+::sales: no longer declared/,
    );
  });

  it("counts the AWS calls of a preview: the same for 5 numbers as for 10 (never a describe per number), from a tag query or a synced ledger's index", async () => {
    s = await numbersStack({ quota: 20 });
    const declare = (count: number) =>
      s.declare(
        Array.from({ length: count }, (_, i) => ({
          name: `n${i}`,
          target: "instance",
          phoneNumber: `+12065550${100 + i}`,
          deletionProtection: true,
        })),
      );
    const counter = await startCallCounter(s.emu.endpoint);
    const cli = (args: string[]) =>
      runProcess(path.join(REPO_ROOT, "bin/connect-numbers"), [
        "ledger",
        ...args,
        "--ledger",
        "dynamodb:team-ledger",
        "--endpoint",
        s.emu.endpoint,
        "--region",
        "us-east-1",
      ]);
    /** The pack's AWS calls (the ledger's DynamoDB reads among them) in one preview, every account policy on. */
    const calls = async (settings: Record<string, unknown> = {}, only?: string) => {
      counter.reset();
      const config = Object.fromEntries(
        ACCOUNT_POLICIES.map((p) => [
          p,
          only && p !== only
            ? { enforcementLevel: "disabled" }
            : { endpoint: counter.endpoint, region: "us-east-1", ...settings },
        ]),
      );
      const r = await s.ws.preview({ policyPacks: [{ dir: PACK, config }] });
      if (r.code !== 0) throw new Error(`preview exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      return counter.counts().byOperation;
    };
    try {
      // The per-user file ledger the provider wrote has never been reconciled: it does not vouch for the stack, and
      // one tag query finds the stack's numbers.
      // DescribePhoneNumbers: the SMS numbers, read on every preview (CrossGuard shows no deletes) by the policies
      // that list releases; the churn policy judges Connect's budget alone.
      const byTagsConnect = {
        "sts:GetCallerIdentity": 1,
        "tag:GetResources": 1,
        "connect:ListPhoneNumbersV2": 1,
        "cloudtrail:LookupEvents": 3,
        "servicequotas:GetServiceQuota": 1,
      };
      const byTags = { ...byTagsConnect, "sms-voice:DescribePhoneNumbers": 1 };
      await declare(5);
      await s.upOk();
      expect(await calls()).toEqual(byTags);
      await declare(10);
      await s.upOk();
      expect(await calls()).toEqual(byTags);
      expect(await calls({}, CHURN)).toEqual(byTagsConnect);
      console.log(
        `AWS calls of a preview, all policies, from a tag query (5 or 10 numbers): ${JSON.stringify(byTags)}`,
      );

      // One ledger for provider and pack (stack config), reconciled by a sync: the index vouches for the stack, and
      // keeps doing so across the provider's writes.
      expect((await cli(["init"])).code).toBe(0);
      expect((await cli(["sync"])).code).toBe(0);
      await s.ws.setConfig({ "connect-numbers:ledger": "dynamodb:team-ledger" });
      const byLedger = {
        "sts:GetCallerIdentity": 1,
        "dynamodb:Query": 1,
        "dynamodb:GetItem": 2,
        "cloudtrail:LookupEvents": 3,
        "servicequotas:GetServiceQuota": 1,
        "sms-voice:DescribePhoneNumbers": 1,
      };
      expect(await calls()).toEqual(byLedger);
      await declare(15);
      await s.upOk();
      expect(await calls()).toEqual(byLedger);
      console.log(
        `AWS calls of a preview, all policies, from the ledger (10 or 15 numbers): ${JSON.stringify(byLedger)}`,
      );
    } finally {
      await counter.stop();
    }
  });
});

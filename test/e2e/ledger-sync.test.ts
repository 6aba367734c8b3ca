import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import {
  ClaimPhoneNumberCommand,
  ReleasePhoneNumberCommand,
  SearchAvailablePhoneNumbersCommand,
} from "@aws-sdk/client-connect";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { cloudTrailClient, dynamoDbClient } from "../../aws/clients";
import { AwsSession, createSession } from "../../aws/session";
import { ChurnHistory, DAY_MS, defaultRule, describeCoverage, ownerFromUrn, ownershipTags } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { KvLedger, LedgerAdmin, ledgerHistory, ledgerSource, syncLedger } from "../../ledger";
import { DynamoDbStore } from "../../ledger/stores/dynamodb";

/** The ledger's sync and history source through the real SDK against the emulator (Connect, CloudTrail, DynamoDB). */
const scope = { accountId: "123456789012", region: "us-east-1" };
const URN = "urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumber::support";

/** Counts requests by operation, as AWS would bill and throttle them. */
function counted<C extends DynamoDBClient | CloudTrailClient>(client: C, calls: string[]): C {
  (client.middlewareStack as DynamoDBClient["middlewareStack"]).add(
    (next, context) => async (args) => {
      calls.push(context.commandName ?? "?");
      return next(args);
    },
    { step: "initialize", name: "countCalls" },
  );
  return client;
}

describe("ledger sync and history against the emulator", () => {
  let emu: RunningEmulator;
  let aws: AwsSession;
  let ledger: LedgerAdmin;
  let tables = 0;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 50, claimDelayMs: 0 });
    aws = createSession({ endpoint: emu.endpoint, region: emu.region });
    const store = new DynamoDbStore(
      dynamoDbClient({ endpoint: emu.endpoint, region: emu.region }),
      `sync-${++tables}`,
      emu.region,
    );
    ledger = new KvLedger(store, { clock: () => aws.clock.now() });
    await ledger.init();
  });
  afterEach(async () => {
    await ledger.close();
    aws.destroy();
    await emu.stop();
  });

  const instance = async () => (await emu.control.info()).instances[0];
  const freeNumber = async () =>
    (
      await aws.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          TargetArn: await instance(),
          PhoneNumberCountryCode: "US",
          PhoneNumberType: "DID",
          MaxResults: 1,
        }),
      )
    ).AvailableNumbersList![0].PhoneNumber!;
  const sync = () => syncLedger(ledger, { scope, aws, by: "test", graceMs: 60 * 60_000 });
  const now = async () => (await emu.control.clock()).ms;

  it("imports each CloudTrail event once, and covers the whole window after 90 days of syncs", async () => {
    const t0 = await now();
    await emu.control.seed({
      events: [
        { at: t0 - 120 * DAY_MS, action: "claim" },
        { at: t0 - 30 * DAY_MS, action: "release", phoneNumberId: randomUUID() },
      ],
    });
    const first = await sync();
    expect(first.imported).toMatchObject({ added: 1, matched: 0, known: 0 });
    expect(describeCoverage(first.coverage, t0, 180)).toMatch(
      /^91 of the 180 days of the window unseen, before .* \(ledger DynamoDB table sync-\d+ \(us-east-1\)\): churn there is not counted$/,
    );
    expect((await sync()).imported).toMatchObject({ added: 0, known: 1 });
    for (const days of [30, 30, 31]) {
      await emu.control.clock({ advanceDays: days });
      await sync();
    }
    const coverage = await ledger.coverage(scope);
    expect(describeCoverage(coverage, await now(), 180)).toMatch(/^history complete since .* \(ledger DynamoDB table/);
    // Syncs stopped for longer than CloudTrail keeps: the gap is unseen again.
    await emu.control.clock({ advanceDays: 100 });
    const late = await sync();
    expect(late.coverage.completeSince).toBeGreaterThan((await now()) - 91 * DAY_MS);
  });

  it("matches a crashed guard's reservation to its CloudTrail event, and frees the one that never reached AWS", async () => {
    await aws.connect.send(
      new SearchAvailablePhoneNumbersCommand({
        TargetArn: await instance(),
        PhoneNumberCountryCode: "US",
        PhoneNumberType: "DID",
        MaxResults: 1,
      }),
    );
    const number = await freeNumber();
    const token = randomUUID();
    const rule = defaultRule({ quota: 5 });
    const crashed = await ledger.reserve({
      scope,
      action: "claim",
      rule,
      now: aws.clock.now(),
      clientToken: token,
      phoneNumber: number,
      ownerUrn: URN,
    });
    await aws.connect.send(
      new ClaimPhoneNumberCommand({ TargetArn: await instance(), PhoneNumber: number, ClientToken: token }),
    );
    const never = await ledger.reserve({
      scope,
      action: "claim",
      rule,
      now: aws.clock.now(),
      clientToken: randomUUID(),
      phoneNumber: "+12065550199",
    });
    expect(crashed.ok && never.ok).toBe(true);
    const young = await sync();
    expect(young).toMatchObject({ imported: { matched: 1 }, freed: 0 });
    await emu.control.clock({ advanceMs: 2 * 60 * 60_000 });
    const later = await sync();
    expect(later.freed).toBe(1);
    const events = await ledger.windowEvents(scope, await now(), 180);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "claim", phoneNumber: number, phoneNumberId: expect.any(String) });
  });

  it("after a crash mid-way through a set's batch of releases, counts the release that happened once and frees the slots that never reached AWS", async () => {
    const rule = defaultRule({ quota: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const claimed = await aws.connect.send(
        new ClaimPhoneNumberCommand({ TargetArn: await instance(), PhoneNumber: await freeNumber() }),
      );
      ids.push(claimed.PhoneNumberId!);
    }
    // Destroyed ten minutes later (a response tells the session's clock so).
    await emu.control.clock({ advanceMs: 10 * 60_000 });
    await freeNumber();
    // The set's three releases take their slots in one write, before the set knows which slot is whose number;
    // a growth's slot too. The first release reaches AWS, then the process is killed: nothing is committed.
    const releases = await ledger.reserveMany({ scope, action: "release", rule, now: aws.clock.now() }, 3, false);
    const growth = await ledger.reserveMany(
      { scope, action: "claim", rule, now: aws.clock.now(), ownerUrn: URN },
      1,
      false,
    );
    expect([releases.reservationIds.length, growth.reservationIds.length]).toEqual([3, 1]);
    await aws.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: ids[0], ClientToken: randomUUID() }));

    const young = await sync();
    expect(young).toMatchObject({ imported: { added: 3, matched: 1 }, freed: 0 });
    // Inside the grace the three slots with no event stay counted: their calls may still be under way.
    expect(await ledger.windowEvents(scope, await now(), 180)).toHaveLength(7);

    await emu.control.clock({ advanceMs: 2 * 60 * 60_000 });
    for (const freed of [3, 0]) expect((await sync()).freed).toBe(freed);
    const events = await ledger.windowEvents(scope, await now(), 180);
    expect(events.map((e) => [e.action, e.phoneNumberId])).toEqual(
      expect.arrayContaining([
        ["claim", ids[0]],
        ["claim", ids[1]],
        ["claim", ids[2]],
        ["release", ids[0]],
      ]),
    );
    expect(events).toHaveLength(4);
    expect((await ledger.status(scope)).entries).toEqual({ reserved: 0, committed: 1, imported: 3 });
  });

  it("reconciles holders with the live numbers: adds from tags, drops the gone, infers a release nobody recorded", async () => {
    const owner = ownerFromUrn(URN)!;
    const claimed = await aws.connect.send(
      new ClaimPhoneNumberCommand({
        TargetArn: await instance(),
        PhoneNumber: await freeNumber(),
        Tags: ownershipTags(owner, "lease-1"),
      }),
    );
    const ghost = randomUUID();
    await ledger.putOwnership(scope, {
      service: "connect",
      phoneNumberId: ghost,
      phoneNumber: "+12065550142",
      stack: "cc/prod",
      ownerUrn: URN,
      ownerKey: owner.key,
      lease: "lease-0",
      updatedAt: (await now()) - DAY_MS,
    });
    const first = await sync();
    expect(first.ownership).toMatchObject({ added: 1, dropped: 1 });
    expect(first.inferredReleases).toBe(1);
    expect((await ledger.ownershipByStack(scope, "cc/prod")).map((o) => [o.phoneNumberId, o.lease])).toEqual([
      [claimed.PhoneNumberId, "lease-1"],
    ]);
    expect((await ledger.ownershipByOwner(scope, owner.key)).map((o) => o.phoneNumberId)).toEqual([
      claimed.PhoneNumberId,
    ]);

    await aws.connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberId }));
    await emu.control.clock({ advanceMs: 60 * 60_000 });
    const second = await sync();
    expect(second).toMatchObject({ ownership: { dropped: 1 }, inferredReleases: 0 });
    expect(await ledger.ownershipByStack(scope, "cc/prod")).toEqual([]);
    const releases = (await ledger.windowEvents(scope, await now(), 180)).filter((e) => e.action === "release");
    expect(releases.map((e) => e.phoneNumberId).sort()).toEqual([claimed.PhoneNumberId, ghost].sort());
  });

  it("drops a FAILED claim AWS let go a day after with no inferred release, and infers one for a failed move gone", async () => {
    const owner = ownerFromUrn(URN)!;
    const record = (phoneNumberId: string, failedMove?: true) =>
      ledger.putOwnership(scope, {
        service: "connect",
        phoneNumberId,
        phoneNumber: "+12065550143",
        stack: "cc/prod",
        ownerUrn: URN,
        ownerKey: owner.key,
        lease: "lease-0",
        updatedAt: 0,
        failed: true,
        ...(failedMove ? { failedMove } : {}),
      });
    const [lapsed, moved] = [randomUUID(), randomUUID()];
    await record(lapsed);
    await record(moved, true);
    const at = await now();
    const report = await sync();
    expect(report).toMatchObject({ ownership: { dropped: 2 }, inferredReleases: 1 });
    const releases = (await ledger.windowEvents(scope, at, 180)).filter((e) => e.action === "release");
    expect(releases.map((e) => e.phoneNumberId)).toEqual([moved]);
  });

  it("serves a preview of a 1,000-number stack in a handful of calls: holders, window, coverage, CloudTrail's tail", async () => {
    const owner = ownerFromUrn(URN)!;
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          ledger.putOwnership(scope, {
            service: "connect",
            phoneNumberId: randomUUID(),
            phoneNumber: `+1206555${String(i + j).padStart(4, "0")}`,
            phoneNumberArn: `arn:aws:connect:us-east-1:123456789012:phone-number/${randomUUID()}`,
            stack: "cc/prod",
            ownerUrn: `${URN}-${i + j}`,
            ownerKey: owner.key,
            lease: randomUUID(),
            updatedAt: Date.now(),
          }),
        ),
      );
    }
    await sync();
    // A claim outside any guard after the sync: only CloudTrail knows it.
    await aws.connect.send(
      new ClaimPhoneNumberCommand({ TargetArn: await instance(), PhoneNumber: await freeNumber() }),
    );

    const calls: string[] = [];
    const reader = new KvLedger(
      new DynamoDbStore(
        counted(dynamoDbClient({ endpoint: emu.endpoint, region: emu.region }), calls),
        `sync-${tables}`,
        emu.region,
      ),
    );
    const trail = counted(cloudTrailClient({ endpoint: emu.endpoint, region: emu.region }), calls);
    const held = await reader.ownershipByStack(scope, "cc/prod");
    const history = await ledgerHistory(reader, scope, { now: await now(), windowDays: 180, cloudTrail: trail });
    trail.destroy();
    await reader.close();
    expect(held).toHaveLength(1000);
    expect(ChurnHistory.build(history.events).size).toBe(1);
    expect(history.coverage.sources).toEqual([
      expect.stringMatching(/^ledger DynamoDB table .* \(account \d{12} in [a-z0-9-]+: complete from .* to .*\)$/),
      expect.stringMatching(/^cloudtrail from /),
    ]);
    console.log(`preview reads for a 1,000-number stack: ${calls.length} calls (${calls.join(", ")})`);
    expect(calls.length).toBeLessThanOrEqual(6);
  });

  it("without CloudTrail, says that churn since the last sync is unseen", async () => {
    await sync();
    await emu.control.clock({ advanceDays: 1 });
    const history = await ledgerSource(ledger, scope).load({ now: await now(), windowDays: 180 });
    // Only what the sync did not reach is unseen (before CloudTrail's 90 days, the day since), not the whole window.
    expect(history.coverage.completeSince).not.toBeNull();
    expect(describeCoverage(history.coverage, await now(), 180)).toMatch(
      /^91 of the 180 days of the window unseen, before \S+ and after \S+ \(ledger .*; churn since then unseen without CloudTrail\)/,
    );
  });
});

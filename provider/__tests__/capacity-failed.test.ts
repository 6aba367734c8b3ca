import { ClaimPhoneNumberCommand, SearchAvailablePhoneNumbersCommand } from "@aws-sdk/client-connect";
import * as fc from "fast-check";
import { RegionReader, readWindow } from "../../account";
import { AwsSession, createSession } from "../../aws/session";
import { CallCounter, startCallCounter } from "../../bench/call-counter";
import { targetKey } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { TargetCapacities } from "../runtime/capacity";
import { parseProviderConfig } from "../runtime/config";

/**
 * An instance's room as the faces read it (the provider's capacity check and the account reader the pack and `check`
 * use): a claim AWS reported FAILED holds no place, and a describe is spent only where the listed count leaves less
 * room than the claims need, and only until it decides.
 */
describe("capacity with FAILED claims on the instance", () => {
  let emu: RunningEmulator;
  let counter: CallCounter;
  let aws: AwsSession;
  let instanceArn: string;
  beforeAll(async () => {
    emu = await startEmulator({ claimDelayMs: 0, quota: 1000 });
    counter = await startCallCounter(emu.endpoint);
  });
  afterAll(async () => {
    await counter.stop();
    await emu.stop();
  });
  beforeEach(async () => {
    await emu.control.reset({ quota: 1000 });
    instanceArn = (await emu.control.info()).instances[0];
    aws = createSession({ endpoint: counter.endpoint, region: emu.region });
  });
  afterEach(() => aws.destroy());

  /** `held` CLAIMED numbers and `failed` FAILED claims on the instance, in a random order. */
  const fill = async (kinds: ReadonlyArray<"held" | "failed">) => {
    for (const kind of kinds) {
      if (kind === "failed")
        await emu.control.fault({ kind: "claim-failed", message: "The target has reached its limit." });
      const free = await aws.connect.send(
        new SearchAvailablePhoneNumbersCommand({
          TargetArn: instanceArn,
          PhoneNumberCountryCode: "US",
          PhoneNumberType: "DID",
          MaxResults: 1,
        }),
      );
      await aws.connect.send(
        new ClaimPhoneNumberCommand({ TargetArn: instanceArn, PhoneNumber: free.AvailableNumbersList![0].PhoneNumber }),
      );
    }
    counter.reset();
  };
  const describes = () => counter.counts().byOperation["connect:DescribePhoneNumber"] ?? 0;

  /** What the provider's check finds room for, and the describes it spent. */
  const providerRoom = async (quota: number, need: number) => {
    counter.reset();
    const config = parseProviderConfig(
      (k) =>
        ({
          "connect-numbers:endpoint": counter.endpoint,
          "connect-numbers:region": emu.region,
          "connect-numbers:quota": String(quota),
        })[k],
      {},
    );
    const capacities = new TargetCapacities({ accountId: "123456789012", region: emu.region }, config, aws);
    const { room, places } = await capacities.reserveMany("set", { targetArn: instanceArn }, need);
    places.release();
    return { room: room!.room, describes: describes() };
  };

  /** What the account reader (pack, `check`) says the instance holds for a plan of `need` claims into it. */
  const readerHeld = async (quota: number, need: number) => {
    counter.reset();
    const reader = new RegionReader({ region: emu.region, endpoint: counter.endpoint, ledger: "off" });
    try {
      const key = targetKey(instanceArn)!;
      const w = await readWindow(
        reader,
        { windowDays: 180, quota, instanceQuota: quota, historyFiles: [], cloudTrail: false },
        Date.now(),
        { read: "account", instances: [instanceArn], claims: { [key]: need } },
      );
      return { held: w.capacity.held![key], describes: describes() };
    } finally {
      reader.close();
    }
  };

  it("counts no FAILED claim as held, and describes nothing when the listing leaves room, or only until it decides (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<"held" | "failed">("held", "held", "failed"), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (kinds, spare, need) => {
          await emu.control.reset({ quota: 1000 });
          instanceArn = (await emu.control.info()).instances[0];
          await fill(kinds);
          const listed = kinds.length;
          const failed = kinds.filter((k) => k === "failed").length;
          const quota = listed + spare;
          const provider = await providerRoom(quota, need);
          const account = await readerHeld(quota, need);
          if (spare >= need) {
            // The listing leaves room: no describe at all.
            expect(provider).toEqual({ room: spare, describes: 0 });
            expect(account).toEqual({ held: listed, describes: 0 });
            return;
          }
          // Short by the listing: the FAILED claims found make the room, as far as the claims need it.
          const room = quota - account.held;
          expect(room).toBeGreaterThanOrEqual(Math.min(need, spare + failed));
          expect(room).toBeLessThanOrEqual(spare + failed);
          expect(provider.room).toBe(room);
          // Never more describes than numbers listed, and none once the room is enough.
          expect(account.describes).toBeLessThanOrEqual(listed);
          expect(provider.describes).toBe(account.describes);
          if (spare + failed < need) expect(account.describes).toBe(listed);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("counts the room from the account's quota where connect-numbers:quota is above it, as the account reader does", async () => {
    // Service Quotas says 3; the setting says 10. Counted from 10, a plan of 2 claims fit beside the 2 held, and AWS
    // then failed the second ("The target has reached its limit"), a FAILED claim that still counts as churn.
    await emu.control.reset({ quota: 3 });
    instanceArn = (await emu.control.info()).instances[0];
    await fill(["held", "held"]);
    expect((await providerRoom(10, 2)).room).toBe(1);
    const reader = new RegionReader({ region: emu.region, endpoint: counter.endpoint, ledger: "off" });
    try {
      const w = await readWindow(
        reader,
        { windowDays: 180, quota: 10, historyFiles: [], cloudTrail: false },
        Date.now(),
        { read: "account", instances: [instanceArn], claims: { [targetKey(instanceArn)!]: 2 } },
      );
      expect(w.capacity.quotas).toEqual({ [targetKey(instanceArn)!]: 3 });
      expect(w.quotaAboveAccount).toEqual({ configured: 10, enforced: 3 });
    } finally {
      reader.close();
    }
  });

  /**
   * L-8F812903 is a resource-level quota: an instance's own (Service Quotas with its ARN as ContextId) may be raised
   * above the account's default, or lowered below it. The room the provider finds and the one the account reader
   * reads for the pack and `check` (its quota less what it holds) must be one, with a setting and without. The reader
   * capped a setting by the account's default where the provider capped it by the instance's own: raised, the faces
   * blocked claims the provider made; lowered, they let through claims the provider (and AWS) refused.
   */
  it("counts an instance's room from its own quota where it differs from the account's, as the account reader does", async () => {
    const cases = [
      { account: 10, own: 20, held: 12, setting: undefined, room: 8 },
      { account: 10, own: 20, held: 12, setting: 15, room: 3 },
      { account: 10, own: 5, held: 3, setting: undefined, room: 2 },
      { account: 10, own: 5, held: 3, setting: 8, room: 2 },
    ];
    for (const c of cases) {
      await emu.control.reset({ quota: c.account, ratioPercent: 1000 });
      instanceArn = (await emu.control.info()).instances[0];
      await emu.control.settings({ instanceQuotas: { [instanceArn]: c.own } });
      await emu.control.seed({ count: c.held });
      const key = targetKey(instanceArn)!;
      const config = parseProviderConfig(
        (k) =>
          ({
            "connect-numbers:endpoint": counter.endpoint,
            "connect-numbers:region": emu.region,
            ...(c.setting !== undefined ? { "connect-numbers:quota": String(c.setting) } : {}),
          })[k],
        {},
      );
      const capacities = new TargetCapacities({ accountId: "123456789012", region: emu.region }, config, aws);
      const { room, places } = await capacities.reserveMany("set", { targetArn: instanceArn }, 5);
      places.release();
      const reader = new RegionReader({ region: emu.region, endpoint: counter.endpoint, ledger: "off" });
      try {
        const w = await readWindow(
          reader,
          { windowDays: 180, quota: c.setting, historyFiles: [], cloudTrail: false },
          Date.now(),
          { read: "account", instances: [instanceArn], claims: { [key]: 5 } },
        );
        const readerRoom = w.capacity.quotas[key] - w.capacity.held![key];
        expect({ ...c, provider: room!.room, reader: readerRoom }).toEqual({ ...c, provider: c.room, reader: c.room });
      } finally {
        reader.close();
      }
    }
  });
});

import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { startFixture, Fixture } from "../../emulator/__tests__/fixture";
import { MemoryLedger } from "../../ledger";
import { readHistory } from "../history";

const MINUTE = 60_000;
const DAY = 86_400_000;
const scope = { accountId: "123456789012", region: "us-east-1" };

/** Counts LookupEvents requests this client sends (each page of each event name is one). */
function countLookups(client: CloudTrailClient): { n: number } {
  const count = { n: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "LookupEventsCommand") count.n++;
      return next(args);
    },
    { step: "initialize", name: "countLookups" },
  );
  return count;
}

describe("readHistory: the guard's whole CloudTrail span in one read", () => {
  let f: Fixture;
  let now: number;
  let ledger: MemoryLedger;

  beforeEach(async () => {
    f = await startFixture();
    now = Date.now();
    // The ledger vouches for the account until an hour ago; CloudTrail delivers a release made two hours ago only
    // now (after that span passed it), and shows one made five minutes ago.
    ledger = new MemoryLedger();
    await ledger.importEvents(scope, [], now - 100 * DAY, now - 60 * MINUTE);
    await f.emu.control.seed({
      events: [
        { at: now - 120 * MINUTE, action: "release" },
        { at: now - 5 * MINUTE, action: "release" },
      ],
    });
  });
  afterEach(async () => {
    await ledger.close();
    await f.stop();
  });

  const read = (wholeCloudTrail: boolean) =>
    readHistory({
      now,
      windowDays: 180,
      files: [],
      cloudTrail: f.cloudtrail,
      ledger: { ledger, scope },
      wholeCloudTrail,
    });

  it("reads CloudTrail as often as the gates' tail read does, and hands the guard the late event too", async () => {
    const calls = countLookups(f.cloudtrail);
    const tail = await read(false);
    const tailCalls = calls.n;
    const whole = await read(true);
    expect(calls.n - tailCalls).toBe(tailCalls);

    // The gates' events and coverage are the same either way: the tail from a lag before the ledger's last instant.
    expect(whole.events.map((e) => e.at)).toEqual(tail.events.map((e) => e.at));
    expect(whole.coverage).toEqual(tail.coverage);
    expect(tail.events.map((e) => e.at)).toEqual([now - 5 * MINUTE]);

    // What the guard imports: the tail alone misses the late release; the whole span holds it.
    expect(tail.beyondLedger?.events.map((e) => e.at)).toEqual([now - 5 * MINUTE]);
    expect(whole.beyondLedger?.events.map((e) => e.at).sort()).toEqual([now - 120 * MINUTE, now - 5 * MINUTE]);
    expect(whole.beyondLedger?.from).toBeLessThanOrEqual(now - 89 * DAY);
  });
});

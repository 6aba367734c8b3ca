import * as fc from "fast-check";
import { DAY_MS, defaultRule, ownerKey } from "../../core";
import { AssertionRefusedError, KvLedger } from "../kv-ledger";
import { KvStore } from "../kv";
import { LedgerScope, Ownership } from "../types";
import { storeKinds } from "./stores";

const T = Date.parse("2026-06-01T00:00:00Z");
const scope: LedgerScope = { accountId: "123456789012", region: "us-east-1" };
const other: LedgerScope = { accountId: "123456789012", region: "eu-west-2" };
const rule = (quota: number, windowDays = 180) => defaultRule({ quota, windowDays });
const URN = "urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumber::support";
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function holder(id: string, stack: string, urn: string, lease: string): Ownership {
  return {
    service: "connect",
    phoneNumberId: id,
    phoneNumber: `+1206555${id.slice(-4)}`,
    stack,
    ownerUrn: urn,
    ownerKey: ownerKey(urn),
    lease,
    updatedAt: T,
  };
}

describe.each(storeKinds())("churn ledger contract: $name", (kind) => {
  let store: KvStore;
  let ledger: KvLedger;
  beforeAll(() => kind.setup());
  afterAll(() => kind.teardown());
  beforeEach(async () => {
    store = await kind.make();
    ledger = new KvLedger(store, { clock: () => T });
  });
  afterEach(() => ledger.close());

  it("reserves up to the limit, then refuses with the date the oldest entry leaves the window", async () => {
    const outcomes = [];
    for (let i = 0; i < 5; i++)
      outcomes.push(
        await ledger.reserve({ scope, action: i % 2 ? "release" : "claim", rule: rule(2), now: T + i * DAY_MS }),
      );
    expect(outcomes.slice(0, 4).map((o) => o.ok && o.used)).toEqual([1, 2, 3, 4]);
    expect(outcomes[4]).toEqual({ ok: false, used: 4, limit: 4, freesAt: T + 180 * DAY_MS });
    expect(await ledger.reserve({ scope: other, action: "claim", rule: rule(2), now: T })).toMatchObject({
      ok: true,
      used: 1,
    });
    expect(
      await ledger.reserve({
        scope,
        action: "claim",
        rule: defaultRule({ quota: 2, reservePercent: 50 }),
        now: T + 5 * DAY_MS,
      }),
    ).toEqual({ ok: false, used: 4, limit: 2, freesAt: T + 182 * DAY_MS });
    expect(await ledger.reserve({ scope, action: "claim", rule: rule(0), now: T })).toEqual({
      ok: false,
      used: 4,
      limit: 0,
      freesAt: null,
    });
    expect(await ledger.reserve({ scope, action: "claim", rule: rule(2), now: T + 180 * DAY_MS })).toMatchObject({
      ok: true,
      used: 4,
    });
  });

  it("stores a window item at the largest size the ledger writes", async () => {
    const item = {
      pk: "123456789012/us-east-1",
      sk: "window",
      version: 1,
      data: { entries: "x".repeat(380_000), keepDays: 180 },
    };
    await store.put(item);
    expect(String((await store.get(item.pk, item.sk))?.data.entries).length).toBe(380_000);
  });

  it("records a forced event over budget, and counts it", async () => {
    await ledger.reserve({ scope, action: "claim", rule: rule(0), now: T, force: true });
    expect(await ledger.reserve({ scope, action: "claim", rule: rule(1), now: T + 1 })).toMatchObject({
      ok: true,
      used: 2,
    });
  });

  it("frees a reservation AWS refused, never a committed one; commit is idempotent and names the number", async () => {
    const a = await ledger.reserve({ scope, action: "claim", rule: rule(1), now: T, phoneNumber: "+12065550100" });
    const b = await ledger.reserve({ scope, action: "release", rule: rule(1), now: T + 1, phoneNumberId: uuid(9) });
    if (!a.ok || !b.ok) throw new Error("expected room");
    await ledger.free(scope, a.reservationId);
    await ledger.commit(scope, b.reservationId, { phoneNumberId: uuid(9) });
    await ledger.commit(scope, b.reservationId, { phoneNumberId: uuid(9) });
    await ledger.free(scope, b.reservationId);
    const events = await ledger.windowEvents(scope, T + 2, 180);
    expect(events).toEqual([
      {
        at: T + 1,
        action: "release",
        phoneNumberId: uuid(9),
        source: `ledger ${store.description}`,
        eventId: b.reservationId,
      },
    ]);
  });

  it("records a commit whose reservation is gone anew, at the time given", async () => {
    await ledger.commit(scope, "vanished", { phoneNumberId: uuid(1), at: T + 5, action: "release" });
    expect(await ledger.windowEvents(scope, T + 10, 180)).toEqual([
      expect.objectContaining({ at: T + 5, action: "release", phoneNumberId: uuid(1) }),
    ]);
  });

  it("counts a future-stamped entry (a clock ahead), and a clock far ahead prunes nothing a window still holds", async () => {
    await ledger.reserve({ scope, action: "claim", rule: rule(1), now: T + 3_600_000 });
    expect(await ledger.reserve({ scope, action: "claim", rule: rule(1), now: T })).toMatchObject({
      ok: true,
      used: 2,
    });
    await ledger.reserve({ scope, action: "claim", rule: rule(10), now: T + 400 * DAY_MS });
    expect(await ledger.windowEvents(scope, T + 2 * 3_600_000, 180)).toHaveLength(3);
    await ledger.reserve({ scope, action: "claim", rule: rule(10), now: T + 401 * DAY_MS });
    expect((await ledger.status(scope)).entries.reserved).toBe(2);
  });

  it("counts its entries by state in the window the status asks for, as its events: the parts add up", async () => {
    await ledger.importEvents(
      scope,
      [
        { eventId: uuid(1), at: T - 100 * DAY_MS, action: "claim", phoneNumberId: uuid(3) },
        { eventId: uuid(2), at: T - DAY_MS, action: "release", phoneNumberId: uuid(3) },
      ],
      T - 150 * DAY_MS,
      T,
    );
    await ledger.reserve({ scope, action: "claim", rule: rule(10), now: T + 500 });
    const { events, status } = await ledger.snapshot(scope, T, 30);
    expect(status.entries).toEqual({ reserved: 1, committed: 0, imported: 1 });
    expect(events).toHaveLength(2);
  });

  it("keeps what a 180-day window counts even when only 30-day rules and imports have used the ledger", async () => {
    await ledger.importEvents(
      scope,
      [{ eventId: uuid(1), at: T - DAY_MS, action: "claim", phoneNumberId: uuid(3) }],
      T - 90 * DAY_MS,
      T,
    );
    await ledger.importEvents(
      scope,
      [{ eventId: uuid(2), at: T - 150 * DAY_MS, action: "release", phoneNumberId: uuid(4) }],
      T - 200 * DAY_MS,
      T,
    );
    await ledger.reserve({ scope, action: "claim", rule: rule(5, 30), now: T });
    expect((await ledger.windowEvents(scope, T, 180)).map((e) => e.eventId)).toEqual([
      uuid(1),
      uuid(2),
      expect.any(String),
    ]);
  });

  it("counts committed claims per owner for the next claim token, once per reservation", async () => {
    const r = await ledger.reserve({
      scope,
      action: "claim",
      rule: rule(5),
      now: T,
      ownerUrn: URN,
      clientToken: uuid(7),
    });
    if (!r.ok) throw new Error("expected room");
    expect(await ledger.claimsByOwner(scope, ownerKey(URN))).toBe(0);
    await ledger.commit(scope, r.reservationId, { phoneNumberId: uuid(1) });
    await ledger.commit(scope, r.reservationId, { phoneNumberId: uuid(1) });
    expect(await ledger.claimsByOwner(scope, ownerKey(URN))).toBe(1);
  });

  it("imports events once by id, takes the place of its own reservations (token, then number id), and skips what no window counts", async () => {
    const byToken = await ledger.reserve({
      scope,
      action: "claim",
      rule: rule(5),
      now: T,
      clientToken: uuid(1),
      phoneNumber: "+12065550100",
    });
    const byId = await ledger.reserve({ scope, action: "release", rule: rule(5), now: T + 10, phoneNumberId: uuid(2) });
    if (!byToken.ok || !byId.ok) throw new Error("expected room");
    await ledger.commit(scope, byId.reservationId, { phoneNumberId: uuid(2) });
    const events = [
      {
        eventId: uuid(101),
        at: T + 60_000,
        action: "claim" as const,
        clientToken: uuid(1),
        phoneNumberId: uuid(3),
        phoneNumber: "+12065550100",
      },
      { eventId: uuid(102), at: T + 70_000, action: "release" as const, phoneNumberId: uuid(2) },
      { eventId: uuid(103), at: T - 30 * DAY_MS, action: "claim" as const, phoneNumberId: uuid(4) },
      { eventId: uuid(104), at: T - 400 * DAY_MS, action: "release" as const, phoneNumberId: uuid(5) },
    ];
    expect(await ledger.importEvents(scope, events, T - 90 * DAY_MS, T + DAY_MS)).toEqual({
      added: 1,
      matched: 2,
      known: 0,
      tooOld: 1,
    });
    expect(await ledger.importEvents(scope, events.slice(0, 3), T - 90 * DAY_MS, T + DAY_MS)).toEqual({
      added: 0,
      matched: 0,
      known: 3,
      tooOld: 0,
    });
    const window = await ledger.windowEvents(scope, T + DAY_MS, 180);
    expect(window.map((e) => [e.action, e.phoneNumberId, e.eventId])).toEqual([
      ["claim", uuid(3), uuid(101)],
      ["release", uuid(2), uuid(102)],
      ["claim", uuid(4), uuid(103)],
    ]);
    expect(window.map((e) => e.at)).toEqual([T + 60_000, T + 70_000, T - 30 * DAY_MS]);
    // The reservation CloudTrail showed became the event: committing it later changes nothing.
    await ledger.commit(scope, byToken.reservationId, { phoneNumberId: uuid(3) });
    expect(await ledger.windowEvents(scope, T + DAY_MS, 180)).toHaveLength(3);
  });

  it("covers history from the start of the latest unbroken span; an assertion closes the rest", async () => {
    expect(await ledger.coverage(scope)).toEqual({ completeSince: null, sources: [`ledger ${store.description}`] });
    await ledger.importEvents(scope, [], T - 90 * DAY_MS, T);
    await ledger.importEvents(scope, [], T - 89 * DAY_MS, T + DAY_MS);
    expect((await ledger.coverage(scope)).completeSince).toBe(T - 90 * DAY_MS);
    // Syncs stopped for longer than CloudTrail keeps: only the new span counts.
    await ledger.importEvents(scope, [], T + 10 * DAY_MS, T + 100 * DAY_MS);
    expect((await ledger.coverage(scope)).completeSince).toBe(T + 10 * DAY_MS);
    await ledger.assertCompleteSince(scope, T - 100 * DAY_MS, "alice@example.com");
    expect((await ledger.coverage(scope)).completeSince).toBe(T + 10 * DAY_MS);
    // Asserted once that instant has passed (an assertion about the future is refused: see below).
    await ledger.assertCompleteSince(scope, T + 20 * DAY_MS, "bob@example.com", T + 30 * DAY_MS);
    expect((await ledger.coverage(scope)).completeSince).toBe(-Infinity);
    const status = await ledger.status(scope);
    expect(status.assertions.map((a) => [a.by, a.since, a.at])).toEqual([
      ["alice@example.com", T - 100 * DAY_MS, T],
      ["bob@example.com", T + 20 * DAY_MS, T + 30 * DAY_MS],
    ]);
    expect(status.completeUntil).toBe(T + 100 * DAY_MS);

    // Taken back: coverage falls back to the sources' spans and the assertions that stand; the record stays.
    expect(await ledger.retractAssertion(scope, T + 21 * DAY_MS, "carol")).toEqual([]);
    expect((await ledger.retractAssertion(scope, T + 20 * DAY_MS, "carol")).map((a) => a.by)).toEqual([
      "bob@example.com",
    ]);
    expect((await ledger.coverage(scope)).completeSince).toBe(T + 10 * DAY_MS);
    expect((await ledger.status(scope)).assertions.map((a) => [a.by, a.retracted])).toEqual([
      ["alice@example.com", undefined],
      ["bob@example.com", { by: "carol", at: T }],
    ]);
    expect((await ledger.status(scope)).completeUntil).toBe(T + 100 * DAY_MS);
  });

  it("a retracted assertion no longer vouches for a stack first written after it", async () => {
    await ledger.assertCompleteSince(scope, T - DAY_MS, "test");
    await ledger.putOwnership(scope, holder(uuid(1), "cc/new", URN, "l1"));
    expect(await ledger.stackIndex(scope, "cc/new")).toMatchObject({
      vouched: true,
      reason: expect.stringContaining("no numbers at the assertion by test"),
    });
    await ledger.retractAssertion(scope, T - DAY_MS, "carol");
    expect(await ledger.stackIndex(scope, "cc/new")).toMatchObject({
      vouched: false,
      reason: expect.stringContaining("never reconciled"),
    });
    expect((await ledger.status(scope)).reconciled).toBeUndefined();
  });

  it("refuses an assertion about the future, or one the churn it holds proves false, naming the events; records nothing", async () => {
    await ledger.importEvents(
      scope,
      [{ eventId: uuid(1), at: T - 10 * DAY_MS, action: "claim", phoneNumber: "+18005550100" }],
      T - 90 * DAY_MS,
      T,
    );
    await expect(ledger.assertCompleteSince(scope, T + 1, "bob")).rejects.toThrow(AssertionRefusedError);
    await expect(ledger.assertCompleteSince(scope, T + 1, "bob")).rejects.toThrow(
      `--history-complete-since ${new Date(T + 1).toISOString()} is in the future (now ${new Date(T).toISOString()})`,
    );
    await expect(ledger.assertCompleteSince(scope, T - 5 * DAY_MS, "bob")).rejects.toThrow(
      `but this ledger holds 1 before it: claim of +18005550100 at ${new Date(T - 10 * DAY_MS).toISOString()} (imported, event ${uuid(1)}). Give an instant no later than ${new Date(T - 10 * DAY_MS).toISOString()}.`,
    );
    expect((await ledger.status(scope)).assertions).toEqual([]);
    await ledger.assertCompleteSince(scope, T - 10 * DAY_MS, "bob");
    expect((await ledger.coverage(scope)).completeSince).toBe(-Infinity);
  });

  it("frees only reservations CloudTrail proves never happened: in the span, unmatched, with an identity or none", async () => {
    const r = (now: number, extra: object) => ledger.reserve({ scope, action: "claim", rule: rule(10), now, ...extra });
    await r(T, { clientToken: uuid(1) });
    await r(T + 1, {});
    await r(T + 2, { phoneNumber: "+12065550100" });
    await r(T + 5 * DAY_MS, { clientToken: uuid(2) });
    expect(await ledger.freeUnprovenReservations(scope, T - DAY_MS, T + DAY_MS)).toBe(3);
    expect((await ledger.windowEvents(scope, T + 6 * DAY_MS, 180)).map((e) => e.at)).toEqual([T + 5 * DAY_MS]);
  });

  it("after a crash mid-way through a set's batch releases, matches the slot whose release happened to its event once and frees the rest after the grace", async () => {
    const HOUR = 60 * 60_000;
    // A set's three releases reserved in one write (no number yet); the first committed, the second released in
    // AWS but killed before its commit, the third never sent. A growth's claim slot killed before its claim.
    const releases = await ledger.reserveMany({ scope, action: "release", rule: rule(10), now: T }, 3, false);
    await ledger.reserveMany({ scope, action: "claim", rule: rule(10), now: T, ownerUrn: URN }, 1, false);
    await ledger.commit(scope, releases.reservationIds[0], { phoneNumberId: uuid(1) });
    const cloudTrail = [
      { eventId: uuid(101), at: T + 1_000, action: "release" as const, phoneNumberId: uuid(1), clientToken: uuid(11) },
      { eventId: uuid(102), at: T + 2_000, action: "release" as const, phoneNumberId: uuid(2), clientToken: uuid(12) },
    ];
    expect(await ledger.importEvents(scope, cloudTrail, T - 90 * DAY_MS, T + 3_000)).toMatchObject({
      added: 0,
      matched: 2,
    });
    // Inside the grace the two slots with no event stay counted: their calls may still be in flight.
    expect(await ledger.freeUnprovenReservations(scope, T - 90 * DAY_MS, T - 1)).toBe(0);
    expect(await ledger.windowEvents(scope, T + HOUR, 180)).toHaveLength(4);
    // Past it, CloudTrail's silence proves they never happened.
    expect(await ledger.freeUnprovenReservations(scope, T - 90 * DAY_MS, T + HOUR)).toBe(2);
    const window = await ledger.windowEvents(scope, T + 2 * HOUR, 180);
    expect(window.map((e) => [e.action, e.phoneNumberId, e.eventId])).toEqual([
      ["release", uuid(1), uuid(101)],
      ["release", uuid(2), uuid(102)],
    ]);
    expect(await ledger.importEvents(scope, cloudTrail, T - 90 * DAY_MS, T + 2 * HOUR)).toMatchObject({ known: 2 });
    expect((await ledger.status(scope)).entries).toEqual({ reserved: 0, committed: 2, imported: 0 });
  });

  it("counts a batch slot's release once when CloudTrail's event came in before the guard's commit", async () => {
    const slots = await ledger.reserveMany({ scope, action: "release", rule: rule(10), now: T }, 2, false);
    const [first, second] = slots.reservationIds;
    // The sync took the second release's event for the first slot (the slots carry no number).
    await ledger.importEvents(
      scope,
      [{ eventId: uuid(102), at: T + 2_000, action: "release", phoneNumberId: uuid(2) }],
      T - 90 * DAY_MS,
      T + 3_000,
    );
    await ledger.commit(scope, second, { phoneNumberId: uuid(2) });
    await ledger.commit(scope, first, { phoneNumberId: uuid(1) });
    await ledger.commit(scope, first, { phoneNumberId: uuid(1) });
    const window = await ledger.windowEvents(scope, T + DAY_MS, 180);
    expect(window.map((e) => e.phoneNumberId).sort()).toEqual([uuid(1), uuid(2)]);
    expect((await ledger.status(scope)).entries.reserved).toBe(0);
  });

  it("matches a set's release slots that name their numbers to their own events, never to a look-alike made elsewhere", async () => {
    // The provider names each batch slot's number (a set's releases): a release made in the console meanwhile is
    // churn of its own, not one of the set's slots, whose calls may still be in flight.
    await ledger.reserveMany({ scope, action: "release", rule: rule(10), now: T }, 2, false, [
      { phoneNumberId: uuid(1), phoneNumber: "+12065550101" },
      { phoneNumberId: uuid(2), phoneNumber: "+12065550102" },
    ]);
    expect(
      await ledger.importEvents(
        scope,
        [
          { eventId: uuid(109), at: T + 1_000, action: "release", phoneNumberId: uuid(9) },
          { eventId: uuid(101), at: T + 2_000, action: "release", phoneNumberId: uuid(1) },
        ],
        T - 90 * DAY_MS,
        T + 3_000,
      ),
    ).toMatchObject({ added: 1, matched: 1 });
    const window = await ledger.windowEvents(scope, T + DAY_MS, 180);
    expect(window.map((e) => e.phoneNumberId).sort()).toEqual([uuid(1), uuid(2), uuid(9)]);
    expect((await ledger.status(scope)).entries).toEqual({ reserved: 1, committed: 1, imported: 1 });
  });

  it("counts a batch slot's claim of a number claimed once before that day as a second claim (a FAILED member retried)", async () => {
    // The member's first claim ended FAILED and a sync imported it; two hours later the set retries that number
    // under a slot of its growth (no number when reserved): AWS counts both claims, and so must the window.
    await ledger.importEvents(
      scope,
      [{ eventId: uuid(101), at: T - 2 * 60 * 60_000, action: "claim", phoneNumberId: uuid(1) }],
      T - 90 * DAY_MS,
      T,
    );
    const slot = await ledger.reserveMany({ scope, action: "claim", rule: rule(10), now: T, ownerUrn: URN }, 1, false);
    await ledger.commit(scope, slot.reservationIds[0], { phoneNumberId: uuid(1) });
    expect((await ledger.windowEvents(scope, T + 1_000, 180)).map((e) => e.phoneNumberId)).toEqual([uuid(1), uuid(1)]);
  });

  describe("a release killed in flight, then made again by the next run", () => {
    const HOUR = 60 * 60_000;
    const N = uuid(1);
    const release = (now: number) => ({
      scope,
      action: "release" as const,
      rule: rule(1),
      now,
      phoneNumberId: N,
      phoneNumber: "+12065550101",
    });
    // Another event, so the dead run's reservation takes the budget's last slot (200% of 1).
    const atTheEdge = async () => {
      await ledger.importEvents(
        scope,
        [{ eventId: uuid(100), at: T - DAY_MS, action: "claim", phoneNumberId: uuid(2) }],
        T - 90 * DAY_MS,
        T,
      );
      // The dead process: its reservation stays, nothing of it is committed or freed.
      const dead = await new KvLedger(store, { clock: () => T }).reserve(release(T));
      expect(dead).toMatchObject({ ok: true, used: 2, limit: 2 });
    };

    it("counts the release once: the retry takes no slot, and its commit replaces the dead run's reservation", async () => {
      await atTheEdge();
      const retry = await ledger.reserve(release(T + 2 * HOUR));
      expect(retry).toMatchObject({ ok: true, used: 2, limit: 2 });
      if (!retry.ok) throw new Error("expected the retry to fit");
      expect((await ledger.windowEvents(scope, T + 2 * HOUR, 180)).filter((e) => e.action === "release")).toEqual([
        expect.objectContaining({ at: T + 2 * HOUR, eventId: retry.reservationId, reservation: true }),
      ]);
      await ledger.commit(scope, retry.reservationId, { phoneNumberId: N, at: T + 2 * HOUR + 1 });
      const releases = (await ledger.windowEvents(scope, T + 3 * HOUR, 180)).filter((e) => e.action === "release");
      expect(releases).toEqual([expect.objectContaining({ at: T + 2 * HOUR + 1, eventId: retry.reservationId })]);
      expect((await ledger.status(scope)).entries).toEqual({ reserved: 0, committed: 1, imported: 1 });
      // Another release still finds the budget full: the folded release counts.
      expect(await ledger.reserve({ ...release(T + 3 * HOUR), phoneNumberId: uuid(3) })).toMatchObject({
        ok: false,
        used: 2,
      });
      // CloudTrail's event of the release is the commit's, as any commit's.
      expect(
        await ledger.importEvents(
          scope,
          [{ eventId: uuid(101), at: T + 2 * HOUR + 2, action: "release", phoneNumberId: N }],
          T - 90 * DAY_MS,
          T + 4 * HOUR,
        ),
      ).toMatchObject({ added: 0, matched: 1 });
      expect((await ledger.windowEvents(scope, T + 4 * HOUR, 180)).map((e) => e.eventId)).toEqual([
        uuid(100),
        uuid(101),
      ]);
    });

    it("lets a set's batch of releases take it with the numbers' other releases: only those need room", async () => {
      await atTheEdge();
      const batch = (numbers: string[]) =>
        ledger.reserveMany(
          { scope, action: "release", rule: rule(1), now: T + 2 * HOUR },
          numbers.length,
          false,
          numbers.map((phoneNumberId) => ({ phoneNumberId })),
        );
      expect(await batch([N, uuid(3)])).toMatchObject({ reservationIds: [], used: 2, limit: 2 });
      const slots = await batch([N]);
      expect(slots.reservationIds).toHaveLength(1);
      await ledger.commit(scope, slots.reservationIds[0], { phoneNumberId: N });
      expect((await ledger.windowEvents(scope, T + 3 * HOUR, 180)).map((e) => e.eventId)).toEqual([
        uuid(100),
        slots.reservationIds[0],
      ]);
    });

    it("keeps the dead run's reservation counted when the retry's call did nothing", async () => {
      await atTheEdge();
      const retry = await ledger.reserve(release(T + 2 * HOUR));
      if (!retry.ok) throw new Error("expected the retry to fit");
      await ledger.free(scope, retry.reservationId);
      expect((await ledger.windowEvents(scope, T + 3 * HOUR, 180)).filter((e) => e.action === "release")).toEqual([
        expect.objectContaining({ at: T, reservation: true }),
      ]);
      expect((await ledger.status(scope)).entries).toEqual({ reserved: 1, committed: 0, imported: 1 });
    });

    it("counts the release once when a sync matches CloudTrail's event to the dead run's reservation before the retry commits", async () => {
      await atTheEdge();
      const retry = await ledger.reserve(release(T + 2 * HOUR));
      if (!retry.ok) throw new Error("expected the retry to fit");
      // The dead run's call was the release: the sync proves it (same number, within a day).
      expect(
        await ledger.importEvents(
          scope,
          [{ eventId: uuid(101), at: T + 1_000, action: "release", phoneNumberId: N }],
          T - 90 * DAY_MS,
          T + 2 * HOUR,
        ),
      ).toMatchObject({ added: 0, matched: 1 });
      expect((await ledger.windowEvents(scope, T + 2 * HOUR, 180)).filter((e) => e.action === "release")).toEqual([
        expect.objectContaining({ at: T + 1_000, eventId: uuid(101) }),
      ]);
      // The retry's call was answered by AWS's replay of that release: the same event.
      await ledger.commit(scope, retry.reservationId, { phoneNumberId: N, at: T + 2 * HOUR });
      expect((await ledger.windowEvents(scope, T + 3 * HOUR, 180)).map((e) => e.eventId)).toEqual([
        uuid(100),
        uuid(101),
      ]);
      expect((await ledger.status(scope)).entries).toEqual({ reserved: 0, committed: 1, imported: 1 });
    });

    it("counts a claim reserved again under the same token and number twice: a token proves nothing once AWS forgot it", async () => {
      const claim = (now: number) => ({
        scope,
        action: "claim" as const,
        rule: rule(1),
        now,
        ownerUrn: URN,
        phoneNumber: "+12065550101",
        clientToken: uuid(7),
      });
      await new KvLedger(store, { clock: () => T }).reserve(claim(T));
      expect(await ledger.reserve(claim(T + 2 * HOUR))).toMatchObject({ ok: true, used: 2 });
    });
  });

  it("records a release the live account proves, once", async () => {
    expect(await ledger.recordInferredRelease(scope, uuid(1), "+12065550100", T)).toBe(true);
    expect(await ledger.recordInferredRelease(scope, uuid(1), "+12065550100", T + 1)).toBe(false);
    expect(await ledger.windowEvents(scope, T, 180)).toEqual([
      expect.objectContaining({ action: "release", phoneNumberId: uuid(1), at: T }),
    ]);
  });

  it("keeps who holds which number: leases guard hand-overs, one query per stack and per owner", async () => {
    const urnB = URN.replace("::support", "::sales");
    expect(await ledger.putOwnership(scope, holder(uuid(1), "cc/prod", URN, "lease-1"))).toBe(true);
    expect(await ledger.putOwnership(scope, holder(uuid(2), "cc/prod", urnB, "lease-2"))).toBe(true);
    expect(await ledger.putOwnership(scope, holder(uuid(1), "cc/prod", URN, "lease-3"), "lease-9")).toBe(false);
    expect(await ledger.putOwnership(scope, holder(uuid(1), "cc/prod", URN, "lease-3"), "lease-1")).toBe(true);
    expect((await ledger.ownershipOf(scope, uuid(1)))?.lease).toBe("lease-3");
    expect((await ledger.ownershipByStack(scope, "cc/prod")).map((o) => o.phoneNumberId)).toEqual([uuid(1), uuid(2)]);
    expect((await ledger.ownershipByOwner(scope, ownerKey(URN))).map((o) => o.lease)).toEqual(["lease-3"]);
    // Adopted by another stack: the copies move with it.
    const urnC = "urn:pulumi:dev::cc::pulumi-nodejs:dynamic/connect:PhoneNumber::support";
    expect(await ledger.putOwnership(scope, holder(uuid(1), "cc/dev", urnC, "lease-4"), "lease-3")).toBe(true);
    expect((await ledger.ownershipByStack(scope, "cc/prod")).map((o) => o.phoneNumberId)).toEqual([uuid(2)]);
    expect((await ledger.ownershipByStack(scope, "cc/dev")).map((o) => o.phoneNumberId)).toEqual([uuid(1)]);
    expect(await ledger.ownershipByOwner(scope, ownerKey(URN))).toEqual([]);
    expect(await ledger.dropOwnership(scope, uuid(1), "lease-3")).toBe(false);
    expect(await ledger.dropOwnership(scope, uuid(1), "lease-4")).toBe(true);
    expect(await ledger.ownershipOf(scope, uuid(1))).toBeUndefined();
    expect(await ledger.ownershipByStack(scope, "cc/dev")).toEqual([]);
    expect((await ledger.allOwnership(scope)).map((o) => o.phoneNumberId)).toEqual([uuid(2)]);
  });

  it("repairs copies a crash left missing or stale, from the holder records", async () => {
    await ledger.putOwnership(scope, holder(uuid(1), "cc/prod", URN, "l1"));
    await ledger.putOwnership(scope, holder(uuid(2), "cc/prod", URN.replace("::support", "::b"), "l2"));
    await store.deleteIf(`${scope.accountId}/${scope.region}#stack#cc/prod`, uuid(1));
    await store.put({
      pk: `${scope.accountId}/${scope.region}#stack#cc/prod`,
      sk: uuid(3),
      version: 1,
      data: { ...holder(uuid(3), "cc/prod", URN, "l3") },
    });
    expect((await ledger.ownershipByStack(scope, "cc/prod")).map((o) => o.phoneNumberId)).toEqual([uuid(2), uuid(3)]);
    expect(await ledger.repairOwnershipIndex(scope)).toBe(2);
    expect((await ledger.ownershipByStack(scope, "cc/prod")).map((o) => o.phoneNumberId)).toEqual([uuid(1), uuid(2)]);
    expect(await ledger.repairOwnershipIndex(scope)).toBe(0);
  });

  it("vouches for a stack's index only from a reconciliation on, and only while every write for it has finished", async () => {
    const mark = (stack: string) => ({ pk: `${scope.accountId}/${scope.region}#stack#${stack}`, sk: "#index" });
    // Written before any reconciliation: the copies may miss numbers the stack held before this ledger saw it.
    await ledger.putOwnership(scope, holder(uuid(1), "cc/old", URN, "l1"));
    const old = await ledger.stackIndex(scope, "cc/old");
    expect(old).toMatchObject({ vouched: false, reason: expect.stringContaining("never reconciled") });
    expect(old.holders.map((h) => h.phoneNumberId)).toEqual([uuid(1)]);
    expect(await ledger.stackIndex(scope, "cc/none")).toMatchObject({
      vouched: false,
      holders: [],
      reason: expect.stringContaining("no ownership of this stack"),
    });

    // A new account asserted empty before T: a stack first written after that held nothing then.
    await ledger.assertCompleteSince(scope, T - DAY_MS, "test");
    const urnB = URN.replace("prod::", "new::");
    await Promise.all(
      [1, 2, 3].map((n) => ledger.putOwnership(scope, holder(uuid(10 + n), "cc/new", `${urnB}${n}`, `l${n}`))),
    );
    const fresh = await ledger.stackIndex(scope, "cc/new");
    expect(fresh).toMatchObject({
      vouched: true,
      reason: expect.stringContaining("no numbers at the assertion by test"),
    });
    expect(fresh.holders.map((h) => h.phoneNumberId)).toEqual([uuid(11), uuid(12), uuid(13)]);
    expect(fresh.mark?.writing).toEqual([]);
    expect(await ledger.dropOwnership(scope, uuid(12), "l2")).toBe(true);
    expect((await ledger.stackIndex(scope, "cc/new")).vouched).toBe(true);

    // A write a crash cut off (its intent left in the mark): not vouched until a sync repairs and clears it.
    const item = await store.get(mark("cc/new").pk, mark("cc/new").sk);
    await store.put({
      ...item!,
      version: item!.version + 1,
      data: { ...item!.data, writing: [{ id: "crashed", since: T - 2 * 3_600_000 }] },
    });
    await store.deleteIf(`${scope.accountId}/${scope.region}#stack#cc/new`, uuid(13));
    expect(await ledger.stackIndex(scope, "cc/new")).toMatchObject({
      vouched: false,
      reason: expect.stringContaining("under way or was cut off"),
    });
    expect(await ledger.repairOwnershipIndex(scope)).toBe(1);
    await ledger.markIndexReconciled(scope, {
      stacks: ["cc/old"],
      at: T,
      by: "ledger sync by test",
      staleBefore: T - 3_600_000,
    });
    const repaired = await ledger.stackIndex(scope, "cc/new");
    expect(repaired).toMatchObject({ vouched: true, reason: expect.stringContaining("ledger sync by test") });
    expect(repaired.holders.map((h) => h.phoneNumberId)).toEqual([uuid(11), uuid(13)]);
    expect((await ledger.stackIndex(scope, "cc/old")).vouched).toBe(true);
    // A fresh intent (a deployment running now) survives the sync: the stack stays unvouched until it finishes.
    const now = await store.get(mark("cc/old").pk, mark("cc/old").sk);
    await store.put({
      ...now!,
      version: now!.version + 1,
      data: { ...now!.data, writing: [{ id: "running", since: T }] },
    });
    await ledger.markIndexReconciled(scope, {
      stacks: [],
      at: T,
      by: "ledger sync by test",
      staleBefore: T - 3_600_000,
    });
    expect((await ledger.stackIndex(scope, "cc/old")).vouched).toBe(false);
    expect(await ledger.ownershipByStack(scope, "cc/old")).toHaveLength(1);
  });

  it("agrees with a counting model under random reserve, commit, free and import (fast-check model commands)", async () => {
    const runs = kind.name === "memory" ? 200 : 8;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.commands(modelCommands(), { maxCommands: 25 }),
        async (quota, commands) => {
          const real: Real = { ledger: new KvLedger(await kind.make(), { clock: () => T }) };
          await fc.asyncModelRun(() => ({ model: { now: T, quota, entries: [], imports: 0 }, real }), commands);
          await real.ledger.close();
        },
      ),
      { numRuns: runs },
    );
  });
});

/** The model: what the window holds, by id and time; the ledger must count exactly these. */
interface Model {
  now: number;
  quota: number;
  entries: Array<{ id: string; at: number; reserved: boolean; mine: boolean }>;
  imports: number;
}
interface Real {
  ledger: KvLedger;
}
const countedAt = (m: Model) => m.entries.filter((e) => e.at > m.now - 180 * DAY_MS).length;

async function checkWindow(m: Model, r: Real): Promise<void> {
  expect((await r.ledger.windowEvents(scope, m.now, 180)).length).toBe(countedAt(m));
}

class Reserve implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly dt: number,
    readonly force: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    m.now += this.dt;
    const out = await r.ledger.reserve({ scope, action: "claim", rule: rule(m.quota), now: m.now, force: this.force });
    expect(out.ok).toBe(this.force || countedAt(m) + 1 <= m.quota * 2);
    if (out.ok) m.entries.push({ id: out.reservationId, at: m.now, reserved: true, mine: true });
    else expect(out.used).toBe(countedAt(m));
    await checkWindow(m, r);
  }
  toString = () => `reserve(+${this.dt}${this.force ? ", force" : ""})`;
}

class Import implements fc.AsyncCommand<Model, Real> {
  constructor(readonly dt: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const n = ++m.imports;
    const at = m.now + this.dt;
    await r.ledger.importEvents(
      scope,
      [{ eventId: uuid(n), at, action: "release", phoneNumberId: uuid(5000 + n) }],
      m.now - 90 * DAY_MS,
      m.now,
    );
    m.entries.push({ id: uuid(n), at, reserved: false, mine: false });
    await checkWindow(m, r);
  }
  toString = () => `import(${this.dt})`;
}

class Settle implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly how: "commit" | "free",
    readonly pick: number,
  ) {}
  check = (m: Readonly<Model>) => m.entries.some((e) => e.mine);
  async run(m: Model, r: Real): Promise<void> {
    const mine = m.entries.filter((e) => e.mine);
    const target = mine[this.pick % mine.length];
    if (this.how === "commit") {
      await r.ledger.commit(scope, target.id, { phoneNumberId: uuid(9000 + this.pick) });
      target.reserved = false;
    } else {
      await r.ledger.free(scope, target.id);
      if (target.reserved) m.entries.splice(m.entries.indexOf(target), 1);
    }
    await checkWindow(m, r);
  }
  toString = () => `${this.how}(#${this.pick})`;
}

function modelCommands() {
  return [
    fc.tuple(fc.integer({ min: 0, max: 40 * DAY_MS }), fc.boolean()).map(([dt, force]) => new Reserve(dt, force)),
    fc.integer({ min: -100 * DAY_MS, max: 0 }).map((dt) => new Import(dt)),
    fc
      .tuple(fc.constantFrom("commit" as const, "free" as const), fc.nat({ max: 1000 }))
      .map(([how, pick]) => new Settle(how, pick)),
  ];
}

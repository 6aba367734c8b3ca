import fc from "fast-check";
import { ChurnHistory } from "../history";
import { PlannedOperation, claimOf, releaseOf, replacementOf } from "../plan";
import { defaultRule } from "../settings";
import { planWaves } from "../waves";
import { DAY, T0, oracleCount } from "./oracle";

const planArb = fc
  .record({
    creates: fc.integer({ min: 0, max: 6 }),
    deletes: fc.integer({ min: 0, max: 6 }),
    replaces: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ creates, deletes, replaces }) => {
    const operations: PlannedOperation[] = [];
    for (let i = 0; i < replaces; i++) operations.push(...replacementOf(`urn:r${i}`, "replace"));
    for (let i = 0; i < creates; i++) operations.push(claimOf(`urn:c${i}`, "create"));
    for (let i = 0; i < deletes; i++) operations.push(releaseOf(`urn:d${i}`, "delete"));
    return { operations };
  });

describe("planWaves", () => {
  it("schedules every operation, never over the limit at any instant, claims before their releases", () => {
    fc.assert(
      fc.property(
        planArb,
        fc.array(fc.integer({ min: 0, max: 200 * DAY }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(30, 180),
        fc.boolean(),
        (plan, times, quota, windowDays, atomicPairs) => {
          const rule = defaultRule({ quota, windowDays });
          const now = T0 + 200 * DAY;
          const history = ChurnHistory.build(times.map((t, i) => ({ at: T0 + t, action: "release", phoneNumberId: `h${i}` })));
          const result = planWaves({ history, plan, rule, now, atomicPairs });
          expect(result.feasible).toBe(true);
          const scheduled = result.waves.flatMap((w) => w.operations.map((op) => ({ op, at: w.at })));
          expect(scheduled).toHaveLength(plan.operations.length);
          const timeline = [...history.events.map((e) => ({ at: e.at })), ...scheduled.map((s) => ({ at: s.at }))];
          // The history alone may already be over (the planner cannot undo it): every instant the plan acts at
          // must be within the limit, counting the history and every operation scheduled so far.
          for (const { at } of scheduled) {
            expect(oracleCount(timeline, at, windowDays * DAY)).toBeLessThanOrEqual(quota * 2);
          }
          for (const s of scheduled.filter((x) => x.op.pairId && x.op.action === "release")) {
            const claim = scheduled.find((x) => x.op.pairId === s.op.pairId && x.op.action === "claim")!;
            if (atomicPairs) expect(claim.at).toBe(s.at);
            else expect(claim.at).toBeLessThanOrEqual(s.at);
          }
          result.waves.forEach((w, i) => {
            expect(w.at).toBeGreaterThanOrEqual(i === 0 ? now : result.waves[i - 1].at + 1);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("waits until a history that is already over the limit has aged out", () => {
    const now = T0 + 200 * DAY;
    const history = ChurnHistory.build([T0 + 20 * DAY + 1, now, T0 + 20 * DAY + 1].map((at, i) => ({ at, action: "release" as const, phoneNumberId: `h${i}` })));
    const result = planWaves({ history, plan: { operations: [claimOf("urn:a", "create")] }, rule: defaultRule({ quota: 1 }), now });
    expect(result.feasible && result.waves.map((w) => w.at)).toEqual([T0 + 200 * DAY + 1]);
  });

  it("splits a plan bigger than the budget across windows", () => {
    const plan = { operations: Array.from({ length: 25 }, (_, i) => releaseOf(`urn:d${i}`, "delete")) };
    const result = planWaves({ history: ChurnHistory.build([]), plan, rule: defaultRule(), now: T0 });
    expect(result.feasible && result.waves.map((w) => [w.at, w.operations.length])).toEqual([
      [T0, 10],
      [T0 + 180 * DAY, 10],
      [T0 + 360 * DAY, 5],
    ]);
  });

  it("waits for the oldest events when the window is full", () => {
    const history = ChurnHistory.build(Array.from({ length: 10 }, (_, i) => ({ at: T0 + i * DAY, action: "claim", phoneNumberId: `h${i}` })));
    const result = planWaves({ history, plan: { operations: replacementOf("urn:a", "replace") }, rule: defaultRule(), now: T0 + 20 * DAY });
    expect(result.feasible && result.waves.map((w) => [w.at, w.operations.map((o) => o.action)])).toEqual([
      [T0 + 180 * DAY, ["claim"]],
      [T0 + 181 * DAY, ["release"]],
    ]);
  });

  it("keeps a replacement in one wave when asked, waiting for two units of room", () => {
    const history = ChurnHistory.build(Array.from({ length: 9 }, (_, i) => ({ at: T0 + i * DAY, action: "claim", phoneNumberId: `h${i}` })));
    const result = planWaves({ history, plan: { operations: replacementOf("urn:a", "replace") }, rule: defaultRule(), now: T0 + 20 * DAY, atomicPairs: true });
    expect(result.feasible && result.waves.map((w) => [w.at, w.operations.map((o) => o.action)])).toEqual([[T0 + 180 * DAY, ["claim", "release"]]]);
    const tiny = planWaves({ history: ChurnHistory.build([]), plan: { operations: replacementOf("urn:a", "replace") }, rule: defaultRule({ quota: 1, ratioPercent: 100 }), now: T0, atomicPairs: true });
    expect(tiny).toMatchObject({ feasible: false, reason: "a replacement needs 2 units at once but the usable budget is 1" });
  });

  it("says why a plan can never run", () => {
    expect(planWaves({ history: ChurnHistory.build([]), plan: { operations: [claimOf("urn:a", "create")] }, rule: defaultRule({ quota: 0 }), now: T0 }))
      .toMatchObject({ feasible: false, reason: expect.stringContaining("budget is 0") });
    const full = planWaves({
      history: ChurnHistory.build([]),
      plan: { operations: replacementOf("urn:a", "replace") },
      rule: defaultRule(),
      now: T0,
      activeNumbers: 5,
    });
    expect(full).toMatchObject({ feasible: false, reason: expect.stringContaining("quota of 5") });
  });

  it("runs free releases first so claims find room under the active quota", () => {
    const plan = { operations: [claimOf("urn:new", "create"), releaseOf("urn:old", "delete")] };
    const result = planWaves({ history: ChurnHistory.build([]), plan, rule: defaultRule(), now: T0, activeNumbers: 5 });
    expect(result.feasible && result.waves[0].operations.map((o) => o.resource)).toEqual(["urn:old", "urn:new"]);
  });
});

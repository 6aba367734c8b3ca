import fc from "fast-check";
import { explainVerdict } from "../explain";
import { ChurnHistory } from "../history";
import { PlannedOperation, claimOf, releaseOf, replacementOf } from "../plan";
import { defaultRule } from "../settings";
import { evaluate } from "../verdict";
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
          const history = ChurnHistory.build(
            times.map((t, i) => ({ at: T0 + t, action: "release", phoneNumberId: `h${i}` })),
          );
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

  it("never puts more claims into a target than it can take, counting earlier waves' claims and releases", () => {
    const targets = ["instance/a", "instance/b"];
    const opArb = fc.record({
      action: fc.constantFrom("claim" as const, "release" as const),
      target: fc.constantFrom(...targets, undefined),
    });
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 12 }),
        fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })),
        fc.integer({ min: 0, max: 4 }),
        (specs, held, quotaSlack) => {
          const capacities = Object.fromEntries(
            targets.map((t, i) => [t, { quota: held[i] + (i === 0 ? quotaSlack : 1), held: held[i] }]),
          );
          const operations = specs.map((o, i) =>
            (o.action === "claim" ? claimOf : releaseOf)(`urn:${i}`, "create", { target: o.target }),
          );
          const result = planWaves({
            history: ChurnHistory.build([]),
            plan: { operations },
            rule: defaultRule({ quota: 50 }),
            now: T0,
            capacities,
          });
          const current = Object.fromEntries(targets.map((t) => [t, capacities[t].held]));
          for (const w of result.waves) {
            for (const t of targets) {
              const landing = w.operations.filter(
                (o) => o.action === "claim" && (o.target === t || o.target === undefined),
              ).length;
              expect(current[t] + landing).toBeLessThanOrEqual(capacities[t].quota);
              current[t] += landing - w.operations.filter((o) => o.action === "release" && o.target === t).length;
            }
          }
          const unscheduled = result.feasible ? [] : result.unscheduled;
          expect(result.waves.flatMap((w) => w.operations).length + unscheduled.length).toBe(operations.length);
          expect(unscheduled.every((o) => o.action === "claim")).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("waits until a history that is already over the limit has aged out", () => {
    const now = T0 + 200 * DAY;
    const history = ChurnHistory.build(
      [T0 + 20 * DAY + 1, now, T0 + 20 * DAY + 1].map((at, i) => ({
        at,
        action: "release" as const,
        phoneNumberId: `h${i}`,
      })),
    );
    const result = planWaves({
      history,
      plan: { operations: [claimOf("urn:a", "create")] },
      rule: defaultRule({ quota: 1 }),
      now,
    });
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
    const history = ChurnHistory.build(
      Array.from({ length: 10 }, (_, i) => ({ at: T0 + i * DAY, action: "claim", phoneNumberId: `h${i}` })),
    );
    const result = planWaves({
      history,
      plan: { operations: replacementOf("urn:a", "replace") },
      rule: defaultRule(),
      now: T0 + 20 * DAY,
    });
    expect(result.feasible && result.waves.map((w) => [w.at, w.operations.map((o) => o.action)])).toEqual([
      [T0 + 180 * DAY, ["claim"]],
      [T0 + 181 * DAY, ["release"]],
    ]);
  });

  it("keeps a replacement in one wave when asked, waiting for two units of room", () => {
    const history = ChurnHistory.build(
      Array.from({ length: 9 }, (_, i) => ({ at: T0 + i * DAY, action: "claim", phoneNumberId: `h${i}` })),
    );
    const result = planWaves({
      history,
      plan: { operations: replacementOf("urn:a", "replace") },
      rule: defaultRule(),
      now: T0 + 20 * DAY,
      atomicPairs: true,
    });
    expect(result.feasible && result.waves.map((w) => [w.at, w.operations.map((o) => o.action)])).toEqual([
      [T0 + 180 * DAY, ["claim", "release"]],
    ]);
    const tiny = planWaves({
      history: ChurnHistory.build([]),
      plan: { operations: replacementOf("urn:a", "replace") },
      rule: defaultRule({ quota: 1, ratioPercent: 100 }),
      now: T0,
      atomicPairs: true,
    });
    expect(tiny).toMatchObject({
      feasible: false,
      reason: "a replacement needs 2 units at once but the usable budget is 1",
    });
  });

  it("says why a plan can never run", () => {
    expect(
      planWaves({
        history: ChurnHistory.build([]),
        plan: { operations: [claimOf("urn:a", "create")] },
        rule: defaultRule({ quota: 0 }),
        now: T0,
      }),
    ).toMatchObject({ feasible: false, reason: expect.stringContaining("budget is 0") });
    const full = planWaves({
      history: ChurnHistory.build([]),
      plan: { operations: replacementOf("urn:a", "replace").map((o) => ({ ...o, target: "instance/a" })) },
      rule: defaultRule(),
      now: T0,
      capacities: { "instance/a": { quota: 5, held: 5 } },
      atomicPairs: true,
    });
    expect(full).toMatchObject({
      feasible: false,
      waves: [],
      reason: expect.stringContaining("holds 5 of its quota of 5"),
    });
  });

  it("runs free releases a wave before the claims they make room for: one apply claims before it releases", () => {
    const plan = {
      operations: [
        claimOf("urn:new", "create", { target: "instance/a" }),
        releaseOf("urn:old", "delete", { target: "instance/a" }),
      ],
    };
    const result = planWaves({
      history: ChurnHistory.build([]),
      plan,
      rule: defaultRule(),
      now: T0,
      capacities: { "instance/a": { quota: 5, held: 5 } },
    });
    expect(result.feasible && result.waves.map((w) => [w.at, w.operations.map((o) => o.resource)])).toEqual([
      [T0, ["urn:old"]],
      [T0, ["urn:new"]],
    ]);
  });

  it("schedules only the claims a target can take, and leaves the rest unscheduled with the reason (the issue's lock-out)", () => {
    // Quota 5 per instance, 3 held, 5 events in the window; the plan claims 6 searched numbers into the instance.
    const history = ChurnHistory.build(
      Array.from({ length: 5 }, (_, i) => ({
        at: T0 - (i + 1) * DAY,
        action: "claim" as const,
        phoneNumberId: `p${i}`,
      })),
    );
    const plan = {
      operations: Array.from({ length: 6 }, (_, i) => claimOf(`urn:n${i}`, "create", { target: "instance/a" })),
    };
    const result = planWaves({
      history,
      plan,
      rule: defaultRule(),
      now: T0,
      capacities: { "instance/a": { quota: 5, held: 3 } },
      atomicPairs: true,
    });
    expect(result.feasible).toBe(false);
    expect(result.waves.map((w) => w.operations.length)).toEqual([2]);
    expect(!result.feasible && result.unscheduled.map((o) => o.resource)).toEqual([
      "urn:n2",
      "urn:n3",
      "urn:n4",
      "urn:n5",
    ]);
    expect(!result.feasible && result.reason).toContain("4 claims into instance/a cannot come");
  });

  it("leaves a set's growth by what fits that its target cannot take waiting, not the schedule infeasible", () => {
    // A set growing by what fits asks for 3 claims into an instance with room for 2: the provider claims 2 and says
    // the third waits for room (core/set-growth.ts), so the schedule is the one wave of 2 and the third waits.
    const plan = {
      operations: Array.from({ length: 3 }, (_, i) => ({
        ...claimOf("urn:pulumi:dev::p::connect-numbers:index:PhoneNumberSet::pool", "grow", { target: "instance/a" }),
        phoneNumber: `+1212555000${i}`,
        fitsLater: true,
      })),
    };
    const result = planWaves({
      history: ChurnHistory.build([]),
      plan,
      rule: defaultRule(),
      now: T0,
      capacities: { "instance/a": { quota: 5, held: 3 } },
      atomicPairs: true,
    });
    expect(result.feasible).toBe(true);
    expect(result.waves.map((w) => w.operations.length)).toEqual([2]);
    expect(result.feasible && result.waiting.map((o) => o.phoneNumber)).toEqual(["+12125550002"]);
    // The same claims of a set that grows whole cannot come: that stays an infeasible schedule.
    const whole = planWaves({
      history: ChurnHistory.build([]),
      plan: { operations: plan.operations.map((o) => ({ ...o, fitsLater: false })) },
      rule: defaultRule(),
      now: T0,
      capacities: { "instance/a": { quota: 5, held: 3 } },
    });
    expect(whole).toMatchObject({ feasible: false, reason: expect.stringContaining("1 claim into instance/a") });
  });
});

describe("planWaves and a PhoneNumberSet's batch (the provider takes it all or nothing)", () => {
  const SET = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::big";
  const OTHER = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::other";
  const rule = defaultRule({ quota: 2 }); // limit 4 in a 180-day window
  const now = T0 + 200 * DAY;
  const historyOf = (ages: number[]) =>
    ChurnHistory.build(ages.map((age, i) => ({ at: now - age, action: "release" as const, phoneNumberId: `h${i}` })));
  const batchWaves = (ops: PlannedOperation[], resource: string, waves: { operations: PlannedOperation[] }[]) =>
    waves.filter((w) => w.operations.some((op) => op.resource === resource && ops.includes(op)));

  it("schedules a set's releases whole, in one wave at the instant the whole batch fits", () => {
    const releases = Array.from({ length: 3 }, () => releaseOf(SET, "delete"));
    // 3 events in the window: room for 1 now, for all 3 once two of them age out (at 10 and 20 days' age left).
    const history = historyOf([170 * DAY, 160 * DAY, DAY]);
    const result = planWaves({ history, plan: { operations: releases }, rule, now });
    expect(result.feasible).toBe(true);
    expect(result.waves).toEqual([{ at: now - 160 * DAY + 180 * DAY, operations: releases }]);
  });

  it("every face's verdict words for a set's batch say when the whole batch fits, the instant its wave runs", () => {
    const releases = Array.from({ length: 3 }, () => releaseOf(SET, "delete"));
    const history = historyOf([170 * DAY, 160 * DAY, DAY]);
    const words = explainVerdict(evaluate({ history, plan: { operations: releases }, rule, now }));
    const [wave] = planWaves({ history, plan: { operations: releases }, rule, now }).waves;
    expect(words).toContain(
      `To go ahead: PhoneNumberSet "big" makes its 3 releases as one batch, which the provider takes whole and no schedule splits: ` +
        `wait, the whole batch fits from ${new Date(wave.at).toISOString()} (connect-numbers plan-waves schedules it then), or ask AWS Support for a quota exception.`,
    );
    // The provider names the set by its label: the same words.
    const provider = releases.map((op) => ({ ...op, resource: 'PhoneNumberSet "big"' }));
    expect(explainVerdict(evaluate({ history, plan: { operations: provider }, rule, now }))).toBe(words);
    expect(
      explainVerdict(evaluate({ history: historyOf([]), plan: { operations: [...releases, ...releases] }, rule, now })),
    ).toContain(
      'PhoneNumberSet "big" makes its 6 releases as one batch, which the provider takes whole and no schedule splits: release fewer numbers a change',
    );
  });

  it("never schedules a set's batch larger than the whole budget, and says so", () => {
    const releases = Array.from({ length: 5 }, () => releaseOf(SET, "delete"));
    const other = releaseOf("urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::one", "delete");
    const result = planWaves({ history: historyOf([]), plan: { operations: [...releases, other] }, rule, now });
    expect(result.feasible).toBe(false);
    expect(result.waves).toEqual([{ at: now, operations: [other] }]);
    if (result.feasible) throw new Error("feasible");
    expect(result.unscheduled).toHaveLength(5);
    expect(result.reason).toContain(
      'PhoneNumberSet "big" makes 5 releases as one batch, more than the whole usable budget of 4',
    );
  });

  it('never splits a whole growth (growBy "all") over its instance\'s room: no wave, and growBy "fits" advice', () => {
    const I = "instance/i-1";
    const claims = (resource: string, n: number) =>
      Array.from({ length: n }, () => claimOf(resource, "create", { target: I }));
    const big = claims(SET, 3);
    const result = planWaves({
      history: historyOf([]),
      plan: { operations: big },
      rule: defaultRule({ quota: 100 }),
      now,
      capacities: { [I]: { quota: 10, held: 8 } },
    });
    expect(result.feasible).toBe(false);
    expect(result.waves).toEqual([]);
    if (result.feasible) throw new Error("feasible");
    expect(result.reason).toContain('PhoneNumberSet "big" grows by 3 numbers, whole (growBy "all")');
    expect(result.reason).toContain('declare growBy: "fits" on it');

    // Two sets on one instance: the first that fits goes whole, the other gets no wave.
    const other = claims(OTHER, 2);
    const two = planWaves({
      history: historyOf([]),
      plan: { operations: [...other, ...big] },
      rule: defaultRule({ quota: 100 }),
      now,
      capacities: { [I]: { quota: 10, held: 6 } },
    });
    expect(two.feasible).toBe(false);
    expect(two.waves).toEqual([{ at: now, operations: other }]);
    expect(two.feasible === false && two.reason).toContain('PhoneNumberSet "big" grows by 3 numbers');
  });

  it("property: every set's batch lands whole in one wave, within the limit at every instant, or in no wave", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ releases: fc.integer({ min: 0, max: 6 }), claims: fc.integer({ min: 0, max: 6 }) }), {
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: 0, max: 200 * DAY }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        (sets, ages, quota) => {
          const operations = sets.flatMap((s, i) => [
            ...Array.from({ length: s.releases }, () => releaseOf(`${SET}${i}`, "delete")),
            ...Array.from({ length: s.claims }, () => claimOf(`${SET}${i}`, "create")),
          ]);
          const history = historyOf(ages);
          const result = planWaves({ history, plan: { operations }, rule: defaultRule({ quota }), now });
          sets.forEach((_, i) => {
            const batch = operations.filter((op) => op.resource === `${SET}${i}`);
            const carried = batchWaves(batch, `${SET}${i}`, result.waves);
            const fits = batch.length <= quota * 2;
            expect(carried).toHaveLength(batch.length > 0 && fits ? 1 : 0);
            if (carried.length === 1)
              expect(carried[0].operations.filter((op) => batch.includes(op))).toHaveLength(batch.length);
          });
          expect(result.feasible).toBe(
            operations.length === 0 || sets.every((s) => s.releases + s.claims <= quota * 2),
          );
          const timeline = [...history.events, ...result.waves.flatMap((w) => w.operations.map(() => ({ at: w.at })))];
          for (const w of result.waves) expect(oracleCount(timeline, w.at, 180 * DAY)).toBeLessThanOrEqual(quota * 2);
        },
      ),
      { numRuns: 200 },
    );
  });
});

import fc from "fast-check";
import { capacityOverruns } from "../capacity";
import { ChurnHistory } from "../history";
import { claimOf, releaseOf } from "../plan";
import {
  deferFittingGrowth,
  deferredGrowthSentence,
  growByFitsAdvice,
  setGrowthWaitsSentence,
  waitingForRoomSentences,
  growByFitsOptions,
  growthFitIn,
  growthThatFits,
  growthsAcrossWaves,
} from "../set-growth";
import { defaultRule } from "../settings";
import { evaluate } from "../verdict";
import { planWaves } from "../waves";
import { DAY, T0 } from "./oracle";

const SET = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::big";
const rule = defaultRule({ quota: 100 }); // limit 200 in a 180-day window
const W = 180 * DAY;
const seeded = (n: number, at = T0 - 10 * DAY) =>
  ChurnHistory.build(
    Array.from({ length: n }, (_, i) => ({
      at: at - i * 60_000,
      action: "release" as const,
      phoneNumberId: `pn-${i}`,
    })),
  );
const growth = (n: number, fitsLater: boolean) =>
  Array.from({ length: n }, () => claimOf(SET, "create", fitsLater ? { fitsLater: true } : {}));

describe("growthThatFits: the rule the ledger reserves by and the gates count by", () => {
  it("grants what fits by what fits, and says when the rest fits with the granted counted from now", () => {
    const counted = Array.from({ length: 180 }, (_, i) => T0 - 10 * DAY - i * 60_000);
    const g = growthThatFits(counted, 30, 200, W, T0, { partial: true });
    // 10 of the old events must age out: the 10th oldest leaves the window.
    const tenthOldest = [...counted].sort((a, b) => a - b)[9];
    expect(g).toEqual({ fit: 20, freesAt: tenthOldest + W });
    expect(growthThatFits(counted, 30, 200, W, T0, { partial: false }).fit).toBe(0);
    expect(growthThatFits(counted, 20, 200, W, T0, { partial: false })).toEqual({ fit: 20, freesAt: null });
  });

  it("never grants more than the room, and the rest always fits at freesAt (or never, when the set outgrows the budget)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: W - 1 }), { maxLength: 60 }),
        fc.nat(80),
        fc.nat(50),
        (ages, count, limit) => {
          const counted = ages.map((a) => T0 - a);
          const g = growthThatFits(counted, count, limit, W, T0, { partial: true });
          expect(g.fit).toBe(Math.max(0, Math.min(count, limit - counted.length)));
          if (g.fit === count) return expect(g.freesAt).toBeNull();
          if (g.freesAt === null) return expect(counted.length + count - limit).toBeGreaterThan(counted.length + g.fit);
          const after = [...counted, ...Array.from({ length: g.fit }, () => T0)];
          expect(after.filter((t) => t > g.freesAt! - W).length + count - g.fit).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});

describe("growthFitIn: what of a waiting growth the window has room for now, as a preview asks it", () => {
  it("counts a claim once that the ledger and CloudTrail both record, as the gates do (breaker: 0 fit, not 8)", () => {
    // 180 releases and the set's 20 claims: 200 of the 208 a quota of 104 allows. The guard committed each claim in
    // the ledger (its own id); CloudTrail since the last sync shows it again (its EventId). Twice: 220, none fit.
    const claims = Array.from({ length: 20 }, (_, i) => ({
      at: T0 - DAY + i * 1_000,
      action: "claim" as const,
      phoneNumberId: `pn-set-${i}`,
    }));
    const history = ChurnHistory.build([
      ...seeded(180).events,
      ...claims.map((c, i) => ({ ...c, eventId: `reservation-${i}`, source: "ledger" })),
      ...claims.map((c, i) => ({ ...c, at: c.at + 2_000, eventId: `trail-${i}`, source: "cloudtrail" })),
    ]);
    const raised = defaultRule({ quota: 104 });
    const fit = growthFitIn({ history, count: 10, rule: raised, now: T0, force: false });
    expect(fit).toEqual({ fit: 8, freesAt: expect.any(Number) });
    // The same window as the gates count it: their plan keeps 8 of the 10.
    const gates = deferFittingGrowth({ history, plan: { operations: growth(10, true) }, rule: raised, now: T0 });
    expect(gates.deferred).toEqual([{ resource: SET, now: fit.fit, deferred: 2, freesAt: fit.freesAt }]);
  });
});

describe("deferFittingGrowth: the plan as the provider applies a growth by what fits", () => {
  it("keeps the part that fits after every other operation, and defers the rest with when it can come", () => {
    const plan = { operations: [releaseOf("urn:x", "delete"), ...growth(30, true)] };
    const { plan: now, deferred } = deferFittingGrowth({ history: seeded(180), plan, rule, now: T0 });
    expect(now.operations).toHaveLength(20);
    expect(deferred).toEqual([{ resource: SET, now: 19, deferred: 11, freesAt: expect.any(Number) }]);
    expect(evaluate({ history: seeded(180), plan: now, rule, now: T0 }).ok).toBe(true);
    expect(deferredGrowthSentence(deferred[0])).toMatch(
      /^PhoneNumberSet "big": growBy "fits": 19 claims fit the churn budget now; 11 did not fit the churn budget now and wait; there is room from \d{4}-/,
    );
  });

  it("leaves a plan without such sets as it is, and a set growing whole is offered the same split", () => {
    const plan = { operations: growth(30, false) };
    expect(deferFittingGrowth({ history: seeded(180), plan, rule, now: T0 }).plan).toBe(plan);
    const [offer] = growByFitsOptions({ history: seeded(180), plan, rule, now: T0 });
    const [fits] = deferFittingGrowth({
      history: seeded(180),
      plan: { operations: growth(30, true) },
      rule,
      now: T0,
    }).deferred;
    expect(offer).toEqual(fits);
  });

  it("plan-waves spreads the growth over waves, the last when all the deferred part fits", () => {
    const waves = planWaves({ history: seeded(180), plan: { operations: growth(30, true) }, rule, now: T0 });
    const [d] = deferFittingGrowth({
      history: seeded(180),
      plan: { operations: growth(30, true) },
      rule,
      now: T0,
    }).deferred;
    if (!waves.feasible) throw new Error("no schedule");
    // The earliest schedule: what fits now, then each claim as soon as an old event ages out; the last when all fit.
    expect(waves.waves[0].at).toBe(T0);
    expect(waves.waves[0].operations).toHaveLength(20);
    expect(waves.waves.at(-1)!.at).toBe(d.freesAt);
    expect(waves.waves.flatMap((w) => w.operations)).toHaveLength(30);
    expect(growthsAcrossWaves(waves.waves)).toEqual([
      { resource: SET, claims: [20, ...Array.from({ length: 10 }, () => 1)] },
    ]);
  });
});

describe("a set's growth and its instance's room: whole or nothing, or what fits room and budget", () => {
  const I = "instance/i-1";
  const on = (ops: ReturnType<typeof growth>) => ops.map((op) => ({ ...op, target: I }));
  const capacities = { [I]: { quota: 10, held: 7 } };

  it("growing by what fits takes the room left after the plan's other claims, and says the rest waits for room", () => {
    const other = claimOf("urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::one", "create", { target: I });
    const plan = { operations: [other, ...on(growth(6, true))] };
    const { plan: now, deferred } = deferFittingGrowth({ history: seeded(0), plan, rule, now: T0, capacities });
    expect(now.operations).toHaveLength(3);
    expect(capacityOverruns(now.operations, capacities)).toEqual([]);
    expect(deferred).toEqual([
      {
        resource: SET,
        now: 2,
        deferred: 4,
        freesAt: null,
        short: { target: I, quota: 10, held: 7, room: 2, pending: 1 },
      },
    ]);
    // 10 - 7 is 3: the sentence names the plan's other claim that takes the third place.
    expect(deferredGrowthSentence(deferred[0])).toBe(
      `PhoneNumberSet "big": growBy "fits": 2 claims fit now; 4 wait for room on ${I}: it holds 7 of its quota of 10 ("Phone numbers per instance", L-8F812903), and 1 claim of this deployment is on its way into it, room for 2. ` +
        `To let them come: release numbers on ${I} first (in an earlier apply: a release lands after the claims of its own apply), claim on another instance, or ask AWS Support for a higher "Phone numbers per instance" quota (L-8F812903) for it; then run \`pulumi up\`.`,
    );
  });

  it("says one claim in the singular, and none as none (each sentence of a set growing by what fits)", () => {
    const short = { target: I, quota: 10, held: 9, room: 1 };
    expect(deferredGrowthSentence({ resource: SET, now: 1, deferred: 1, freesAt: null, short })).toMatch(
      new RegExp(`^PhoneNumberSet "big": growBy "fits": 1 claim fits now; 1 waits for room on ${I}: `),
    );
    expect(deferredGrowthSentence({ resource: SET, now: 1, deferred: 1, freesAt: T0 + DAY })).toMatch(
      /^PhoneNumberSet "big": growBy "fits": 1 claim fits the churn budget now; 1 did not fit the churn budget now and waits;/,
    );
    expect(waitingForRoomSentences(on(growth(1, true)))).toEqual([
      expect.stringMatching(
        new RegExp(`^PhoneNumberSet "big": growBy "fits": 1 claim waits for room on ${I}; no wave carries it\\. `),
      ),
    ]);
    expect(setGrowthWaitsSentence('PhoneNumberSet "big"', 1, T0)).toMatch(
      /^PhoneNumberSet "big": growBy "fits": 1 number waits for room/,
    );
    const full = { target: I, quota: 10, held: 10, room: 0 };
    expect(growByFitsAdvice({ resource: SET, now: 0, deferred: 4, freesAt: null, short: full })).toContain(
      'declare growBy: "fits" on it (it claims nothing while the instance is full, and the rest once there is room)',
    );
    expect(growByFitsAdvice({ resource: SET, now: 0, deferred: 4, freesAt: T0 + DAY })).toBe(
      `PhoneNumberSet "big": none of its 4 claims fit the churn budget now; to claim each as the budget has room (all by ${new Date(T0 + DAY).toISOString()}), declare growBy: "fits" on it (\`connect-numbers plan-waves\` shows the schedule).`,
    );
    expect(growByFitsAdvice({ resource: SET, now: 1, deferred: 3, freesAt: T0 + DAY })).toMatch(
      /^PhoneNumberSet "big": 1 of its 4 claims fits the churn budget now; to claim that one now and the other 3 from /,
    );
  });

  it("growing whole, a set short of room is refused whole, with the room and the ways out", () => {
    const plan = { operations: on(growth(6, false)) };
    const [offer] = growByFitsOptions({ history: seeded(0), plan, rule, now: T0, capacities });
    expect(offer).toMatchObject({ now: 3, deferred: 3, short: { room: 3 } });
    expect(growByFitsAdvice(offer)).toMatch(
      /^PhoneNumberSet "big" grows by 6 numbers, whole \(growBy "all"\), but instance\/i-1 holds 7 of its quota of 10 \("Phone numbers per instance", L-8F812903\): room for 3\. Nothing of the growth is claimed\. To go ahead: declare growBy: "fits" on it \(it claims what fits now, at most 3, and the rest once there is room\), declare 3 fewer, or release numbers on instance\/i-1 first/,
    );
  });

  it("never keeps more than the room or the budget takes, and says each claim that waits", () => {
    fc.assert(
      fc.property(fc.nat(12), fc.nat(12), fc.nat(200), fc.nat(20), (held, want, used, others) => {
        const caps = { [I]: { quota: 10, held } };
        const other = Array.from({ length: others }, (_, i) => claimOf(`urn:x${i}`, "create", { target: I }));
        const plan = { operations: [...other, ...on(growth(want, true))] };
        const { plan: now, deferred } = deferFittingGrowth({
          history: seeded(used),
          plan,
          rule,
          now: T0,
          capacities: caps,
        });
        const kept = now.operations.filter((op) => op.resource === SET).length;
        const room = Math.max(0, 10 - held - others);
        const budget = Math.max(0, 200 - used - others);
        expect(kept).toBe(Math.min(want, room, budget));
        expect(deferred.reduce((n, d) => n + d.deferred, 0)).toBe(want - kept);
        if (want > room) expect(deferred[0].short?.room).toBe(room);
      }),
    );
  });
});

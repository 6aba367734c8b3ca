import fc from "fast-check";
import { explainVerdict } from "../explain";
import { ChurnEvent, ChurnHistory } from "../history";
import { Plan, claimOf, releaseOf, replacementOf } from "../plan";
import { defaultRule } from "../settings";
import { evaluate } from "../verdict";
import { DAY, T0, oracleCount } from "./oracle";

const ops = (claims: number, releases: number): Plan => ({
  operations: [
    ...Array.from({ length: claims }, (_, i) => claimOf(`urn:new-${i}`, "create")),
    ...Array.from({ length: releases }, (_, i) => releaseOf(`urn:old-${i}`, "delete")),
  ],
});

const history = (evs: Array<Pick<ChurnEvent, "at" | "action">>) =>
  ChurnHistory.build(evs.map((e, i) => ({ ...e, phoneNumberId: `pn-${i}` })));

describe("evaluate: AWS's worked example", () => {
  // Q = 99, 99 numbers claimed before the window; release 99, claim 99, release 99 ⇒ the next claim is refused.
  const rule = defaultRule({ quota: 99 });
  const before = Array.from({ length: 99 }, () => ({ at: T0 - 400 * DAY, action: "claim" as const }));

  it("allows release 99 + claim 99 (198 = budget)", () => {
    const v = evaluate({ history: history(before), plan: ops(99, 99), rule, now: T0 });
    expect(v).toMatchObject({ ok: true, budget: 198, used: 0, projected: 198, overBy: 0 });
  });

  it("refuses the third batch: release 99 more takes the window to 297", () => {
    const done = [
      ...before,
      ...Array.from({ length: 99 }, () => ({ at: T0 - 2 * DAY, action: "release" as const })),
      ...Array.from({ length: 99 }, () => ({ at: T0 - DAY, action: "claim" as const })),
    ];
    const v = evaluate({ history: history(done), plan: ops(0, 99), rule, now: T0 });
    expect(v).toMatchObject({ ok: false, used: 198, projected: 297, overBy: 99, blockedBy: ["over-budget"] });
    expect(v.freesAt).toBe(T0 - 2 * DAY + 180 * DAY); // the 99 releases age out; the 99 claims stay
    const next = evaluate({ history: history(done), plan: ops(1, 0), rule, now: T0 });
    expect(next.ok).toBe(false);
  });
});

describe("evaluate: tables", () => {
  it("stops counting an event exactly W days old, for both window lengths", () => {
    for (const windowDays of [30, 180]) {
      const rule = defaultRule({ quota: 1, windowDays });
      const h = history([
        { at: T0, action: "claim" },
        { at: T0 + 1, action: "release" },
      ]);
      expect(evaluate({ history: h, plan: ops(1, 0), rule, now: T0 + windowDays * DAY }).used).toBe(1);
      expect(evaluate({ history: h, plan: ops(1, 0), rule, now: T0 + windowDays * DAY }).ok).toBe(true);
      const early = evaluate({ history: h, plan: ops(1, 0), rule, now: T0 + windowDays * DAY - 1 });
      expect(early).toMatchObject({ ok: false, used: 2, freesAt: T0 + windowDays * DAY });
    }
  });

  it("passes an empty plan whatever the window holds", () => {
    const h = history(Array.from({ length: 20 }, (_, i) => ({ at: T0 + i, action: "release" })));
    const v = evaluate({ history: h, plan: { operations: [] }, rule: defaultRule(), now: T0 + DAY });
    expect(v).toMatchObject({ ok: true, used: 20, overBy: 0, freesAt: T0 + DAY });
    expect(explainVerdict(v)).toContain("no phone numbers");
  });

  it("with an empty history, allows exactly the budget", () => {
    const rule = defaultRule(); // quota 5 ⇒ budget 10
    expect(evaluate({ history: history([]), plan: ops(5, 5), rule, now: T0 }).ok).toBe(true);
    const over = evaluate({ history: history([]), plan: ops(6, 5), rule, now: T0 });
    expect(over).toMatchObject({ ok: false, overBy: 1, freesAt: null, blockedBy: ["plan-exceeds-budget"] });
    expect(explainVerdict(over)).toMatch(/more than the whole budget of 10.*split it/);
  });

  it("over the budget by a number pending delete, says how to keep the number and unblock the stack (breaker3 M1)", () => {
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::sales";
    const h = history(Array.from({ length: 10 }, (_, i) => ({ at: T0 + i, action: "release" })));
    const pending = releaseOf(urn, "pending-delete", { phoneNumber: "+12065550100" });
    const v = evaluate({ history: h, plan: { operations: [pending] }, rule: defaultRule(), now: T0 + DAY });
    expect(v.ok).toBe(false);
    expect(explainVerdict(v)).toContain(
      `pulumi stack export | jq 'del(.deployment.resources[] | select(.urn == "${urn}" and .delete == true))' > state.json && pulumi stack import --file state.json`,
    );
    expect(explainVerdict(v)).toContain('phoneNumber: "+12065550100" and adopt: true');
    // A plain removal over the budget is no pending delete: no state surgery is offered.
    const removal = evaluate({
      history: h,
      plan: { operations: [releaseOf(urn, "delete")] },
      rule: defaultRule(),
      now: T0 + DAY,
    });
    expect(explainVerdict(removal)).not.toContain("stack import");
  });

  it("with quota 0, refuses any churn and says it never fits", () => {
    const v = evaluate({ history: history([]), plan: ops(1, 0), rule: defaultRule({ quota: 0 }), now: T0 });
    expect(v).toMatchObject({ ok: false, budget: 0, freesAt: null });
  });

  it("refuses claims a target cannot take: its quota less what it holds, with the apply's own releases still held", () => {
    const rule = defaultRule({ quota: 2 });
    const on = (target: string | undefined, action: "claim" | "release", name: string) =>
      (action === "claim" ? claimOf : releaseOf)(`urn:${name}`, "create", { target });
    const capacities = { "instance/a": { quota: 2, held: 2 }, "instance/b": { quota: 2, held: 1 } };
    const fits = evaluate({
      history: history([]),
      plan: { operations: [on("instance/b", "claim", "x")] },
      rule,
      now: T0,
      capacities,
    });
    expect(fits).toMatchObject({ ok: true, overCapacity: [] });
    const full = evaluate({
      history: history([]),
      plan: { operations: [on("instance/a", "claim", "x")] },
      rule,
      now: T0,
      capacities,
    });
    expect(full).toMatchObject({
      ok: false,
      overCapacity: [{ target: "instance/a", quota: 2, held: 2, claims: 1, resources: ["urn:x"] }],
      blockedBy: ["over-active-quota"],
    });
    expect(explainVerdict(full)).toContain("3 numbers active on instance/a, more than the quota of 2 per instance");
    expect(explainVerdict(full)).toContain("L-8F812903");
    // Pulumi claims before it releases within one apply: the release makes room only for a later one (plan-waves).
    const sameApply = evaluate({
      history: history([]),
      plan: { operations: [on("instance/a", "release", "y"), on("instance/a", "claim", "x")] },
      rule,
      now: T0,
      capacities,
    });
    expect(sameApply.blockedBy).toEqual(["over-active-quota"]);
    // A claim whose target is unknown at preview could land on the fullest instance.
    const unknown = evaluate({
      history: history([]),
      plan: { operations: [on(undefined, "claim", "x")] },
      rule,
      now: T0,
      capacities,
    });
    expect(unknown).toMatchObject({ ok: false, overCapacity: [{ target: "instance/a" }] });
    // A target whose quota and held count are not known is not compared.
    expect(
      evaluate({
        history: history([]),
        plan: { operations: [on("traffic-distribution-group/t", "claim", "x")] },
        rule,
        now: T0,
        capacities,
      }).ok,
    ).toBe(true);
  });

  it("says plainly when the account is over budget before the plan, even for a plan that adds nothing", () => {
    const h = history(Array.from({ length: 12 }, (_, i) => ({ at: T0 + i * DAY, action: "claim" as const })));
    const v = evaluate({ history: h, plan: ops(0, 0), rule: defaultRule(), now: T0 + 20 * DAY });
    expect(v).toMatchObject({ ok: true, overBefore: 2, nextFitsAt: T0 + 2 * DAY + 180 * DAY });
    expect(explainVerdict(v)).toContain("The account is already over budget before this plan (12 of 10, 2 over)");
  });

  it("holds back the reserve", () => {
    const rule = defaultRule({ quota: 10, reservePercent: 25 }); // budget 20, reserve 5, limit 15
    const v = evaluate({ history: history([]), plan: ops(8, 8), rule, now: T0 });
    expect(v).toMatchObject({ ok: false, budget: 20, reserved: 5, limit: 15, overBy: 1 });
    expect(explainVerdict(v)).toContain("5 held in reserve");
  });

  it("counts a replacement twice and names its resource", () => {
    const v = evaluate({
      history: history([]),
      plan: { operations: replacementOf("urn:a", "replace") },
      rule: defaultRule(),
      now: T0,
    });
    expect(v.planned).toEqual({ claims: 1, releases: 1 });
    expect(v.contributions).toEqual([
      expect.objectContaining({ resource: "urn:a", claims: 1, releases: 1, reasons: ["replace"] }),
    ]);
  });

  it("explains an over-budget plan with the amount and the date it frees", () => {
    const h = history(Array.from({ length: 9 }, (_, i) => ({ at: T0 + i * DAY, action: "release" })));
    const v = evaluate({ history: h, plan: ops(1, 1), rule: defaultRule(), now: T0 + 10 * DAY });
    expect(explainVerdict(v)).toBe(
      "This plan makes 1 claim and 1 release; the rolling 180-day window already holds 9 of 10 (200% of quota 5), so it would reach 11: 1 over. " +
        "Going over blocks every new claim in the account until old events age out. It would fit from 2026-06-30T00:00:00.000Z, when older events leave the window. " +
        "To go ahead: split the change (connect-numbers plan-waves gives a safe schedule), wait, or ask AWS Support for a quota exception.",
    );
  });
});

describe("evaluate: properties against a replay", () => {
  const arb = fc.record({
    quota: fc.integer({ min: 0, max: 12 }),
    windowDays: fc.constantFrom(30, 180, 7),
    reservePercent: fc.integer({ min: 0, max: 50 }),
    times: fc.array(fc.integer({ min: 0, max: 300 * DAY }), { maxLength: 60 }),
    claims: fc.integer({ min: 0, max: 8 }),
    releases: fc.integer({ min: 0, max: 8 }),
    nowOffset: fc.integer({ min: 0, max: 320 * DAY }),
  });

  it("is ok exactly when the replayed window plus the plan stays within the limit, and fits from freesAt on", () => {
    fc.assert(
      fc.property(arb, (x) => {
        const rule = defaultRule({ quota: x.quota, windowDays: x.windowDays, reservePercent: x.reservePercent });
        const evs = x.times.map((t) => ({ at: T0 + t, action: "claim" as const }));
        const now = T0 + x.nowOffset;
        const v = evaluate({ history: history(evs), plan: ops(x.claims, x.releases), rule, now });
        const windowMs = x.windowDays * DAY;
        const limit = Math.floor(x.quota * 2) - Math.floor((Math.floor(x.quota * 2) * x.reservePercent) / 100);
        const churn = x.claims + x.releases;
        const known = evs.filter((e) => e.at <= now);
        const fitsAt = (t: number) => churn === 0 || oracleCount(known, t, windowMs) + churn <= limit;
        expect(v.limit).toBe(limit);
        expect(v.ok).toBe(fitsAt(now));
        if (churn > limit) expect(v.freesAt).toBeNull();
        else {
          expect(v.freesAt).not.toBeNull();
          expect(fitsAt(v.freesAt!)).toBe(true);
          if (v.freesAt! > now) expect(fitsAt(v.freesAt! - 1)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("explainVerdict: reservations of deployments that never finished", () => {
  const rule = defaultRule({ quota: 5 });
  // Budget 10: 7 events counted, 3 of them slots a killed deployment reserved and never settled.
  const events: ChurnEvent[] = [
    ...Array.from({ length: 4 }, (_, i) => ({ at: T0 - DAY, action: "claim" as const, phoneNumberId: `pn-${i}` })),
    ...Array.from({ length: 3 }, (_, i) => ({
      at: T0 - 2 * 60_000,
      action: "release" as const,
      eventId: `reservation-${i}`,
      reservation: true as const,
    })),
  ];

  it("says how many of the counted are reservations, and the sync that frees them", () => {
    const v = evaluate({ history: ChurnHistory.build(events), plan: ops(4, 0), rule, now: T0 });
    expect(v).toMatchObject({ ok: false, used: 7, reservations: 3, blockedBy: ["over-budget"] });
    expect(explainVerdict(v)).toMatch(
      /To go ahead: .*\. 3 of the 7 counted are reservations of deployments that have not finished \(or died\): if none is running, `connect-numbers ledger sync --ledger <the ledger> --region <region>` frees those AWS has no record of once they are older than the grace \(an hour\) and CloudTrail's lag \(about 15 minutes\)\.$/,
    );
  });

  it("names the ledger and region the face read the window from in the sync it gives", () => {
    const v = evaluate({ history: ChurnHistory.build(events), plan: ops(4, 0), rule, now: T0 });
    const words = explainVerdict(v, { ledger: "dynamodb:team-ledger?region=eu-west-2", region: "eu-west-2" });
    expect(words).toContain(
      "`connect-numbers ledger sync --ledger 'dynamodb:team-ledger?region=eu-west-2' --region eu-west-2` frees those",
    );
    expect(words).not.toContain("<the ledger>");
  });

  it("counts a reservation another source records as an event that happened, and says nothing of it", () => {
    const recorded = events.map((e, i) => (e.reservation ? { ...e, phoneNumberId: `pn-r${i}` } : e));
    const trail = recorded
      .filter((e) => e.reservation)
      .map((e) => ({ at: e.at, action: e.action, phoneNumberId: e.phoneNumberId, source: "cloudtrail" }));
    const v = evaluate({ history: ChurnHistory.build([...recorded, ...trail]), plan: ops(4, 0), rule, now: T0 });
    expect(v).toMatchObject({ used: 7, reservations: 0 });
    expect(explainVerdict(v)).not.toMatch(/reservations/);
  });
});

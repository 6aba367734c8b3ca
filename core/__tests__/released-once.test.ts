import fc from "fast-check";
import { explainVerdict } from "../explain";
import { ChurnEvent, ChurnHistory } from "../history";
import { claimOf, releaseOf } from "../plan";
import { defaultRule } from "../settings";
import { evaluate } from "../verdict";
import { planWaves } from "../waves";
import { DAY, T0 } from "./oracle";

/** A budget of 2 (10% of 20, nothing held in reserve), as the e2e's stack at its edge. */
const rule = defaultRule({ quota: 20, ratioPercent: 10, reservePercent: 0 });
const windowMs = rule.windowDays * DAY;
const now = T0;

/** The window a run killed in flight leaves: the claim it made before, and its open reservation of pn-1's release. */
const edge = (release: Partial<ChurnEvent> = {}) =>
  ChurnHistory.build([
    { at: now - 2 * DAY, action: "claim", phoneNumberId: "pn-1", phoneNumber: "+18005550100", eventId: "c" },
    { at: now - 60_000, action: "release", phoneNumberId: "pn-1", eventId: "r", reservation: true, ...release },
  ]);
const releaseOfPn1 = releaseOf("urn:support", "delete", { phoneNumber: "+18005550100", phoneNumberId: "pn-1" });

describe("a number id is released once: a planned release the window already holds adds nothing", () => {
  it("at the budget's edge, the release of a number an earlier run left in flight fits, and says why once; no other release does", () => {
    const v = evaluate({ history: edge(), plan: { operations: [releaseOfPn1] }, rule, now });
    expect(v).toMatchObject({ ok: true, used: 2, limit: 2, projected: 2, freesAt: now });
    const text = explainVerdict(v);
    expect(text).toContain(
      "The release of +18005550100 (pn-1) is already counted in the window: a release left in flight by an earlier run; a number is released once, so it adds nothing.",
    );
    expect(text.match(/already counted/g)).toHaveLength(1);
    const waves = planWaves({ history: edge(), plan: { operations: [releaseOfPn1] }, rule, now });
    expect(waves).toMatchObject({ feasible: true, waves: [{ at: now, operations: [releaseOfPn1] }] });

    // A release of another id, of no known id, or of one whose release has left the window still counts.
    const other = releaseOf("urn:support", "delete", { phoneNumberId: "pn-2" });
    const anonymous = releaseOf("urn:support", "delete", { phoneNumber: "+18005550100" });
    for (const op of [other, anonymous])
      expect(evaluate({ history: edge(), plan: { operations: [op] }, rule, now })).toMatchObject({
        ok: false,
        projected: 3,
        alreadyCounted: [],
      });
    const old = edge({ at: now - windowMs });
    expect(evaluate({ history: old, plan: { operations: [releaseOfPn1] }, rule, now }).alreadyCounted).toEqual([]);
  });

  it("a commit or CloudTrail's event of that release counts it as much as a reservation", () => {
    const v = evaluate({
      history: edge({ reservation: undefined, source: "cloudtrail" }),
      plan: { operations: [releaseOfPn1] },
      rule,
      now,
    });
    expect(v).toMatchObject({ ok: true, projected: 2 });
    expect(explainVerdict(v)).toContain(`its release at ${new Date(now - 60_000).toISOString()} (cloudtrail)`);
  });

  it("the release counts when it is made: a claim beside it still needs a slot, which frees when the old claim leaves", () => {
    const plan = { operations: [releaseOfPn1, claimOf("urn:sales", "create")] };
    const v = evaluate({ history: edge(), plan, rule, now });
    expect(v).toMatchObject({ ok: false, projected: 3, overBy: 1, freesAt: now - 2 * DAY + windowMs });
    const waves = planWaves({ history: edge(), plan, rule, now });
    expect(waves.feasible && waves.waves.map((w) => w.at)).toEqual([now, now - 2 * DAY + windowMs]);
  });

  /**
   * The apply-time guard's rule, replayed one operation at a time (the ledger's countedEntries): a release of an id
   * whose release the window holds, or an earlier operation of this plan made, is that event again.
   */
  const guardAllows = (events: readonly ChurnEvent[], ops: ReadonlyArray<{ claim: boolean; id?: string }>) => {
    const inWindow = events.filter((e) => e.at > now - windowMs && e.at <= now);
    const released = new Set(inWindow.filter((e) => e.action === "release").map((e) => e.phoneNumberId));
    let count = inWindow.length;
    for (const op of ops) {
      if (op.claim || op.id === undefined || !released.has(op.id)) count++;
      if (!op.claim && op.id !== undefined) released.add(op.id);
    }
    return count <= budget;
  };
  const budget = 4;
  const wider = defaultRule({ quota: 40, ratioPercent: 10, reservePercent: 0 });

  it("property: the verdict and the waves let through exactly what the guard allows, one operation after another", () => {
    const id = fc.option(fc.constantFrom("pn-0", "pn-1", "pn-2", "pn-3", "pn-4"), { nil: undefined });
    const event = fc.record({
      // Distinct ids per release (a number id is released once); claims may share an id with nothing.
      ageDays: fc.integer({ min: 0, max: 200 }),
      action: fc.constantFrom<ChurnEvent["action"]>("claim", "release"),
      reservation: fc.boolean(),
      id,
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 6 }),
        fc.array(fc.record({ claim: fc.boolean(), id }), { maxLength: 4 }),
        (raw, rawOps) => {
          const seen = new Set<string>();
          const events: ChurnEvent[] = raw
            .filter((e) => e.action === "claim" || e.id === undefined || (!seen.has(e.id) && !!seen.add(e.id)))
            .map((e, i) => ({
              at: now - e.ageDays * DAY - i,
              action: e.action,
              eventId: `e${i}`,
              ...(e.action === "release" && e.id !== undefined ? { phoneNumberId: e.id } : {}),
              ...(e.reservation ? { reservation: true as const } : {}),
            }));
          const planned = new Set<string>();
          const ops = rawOps.filter(
            (o) => o.claim || o.id === undefined || (!planned.has(o.id) && !!planned.add(o.id)),
          );
          const operations = ops.map((o, i) =>
            o.claim
              ? claimOf(`urn:c${i}`, "create")
              : releaseOf(`urn:r${i}`, "delete", o.id === undefined ? {} : { phoneNumberId: o.id }),
          );
          const history = ChurnHistory.build(events);
          const allowed = guardAllows(events, ops);
          const v = evaluate({ history, plan: { operations }, rule: wider, now });
          expect(v.ok).toBe(allowed || operations.length === 0);
          const waves = planWaves({ history, plan: { operations }, rule: wider, now });
          const atOnce = waves.feasible && waves.waves.length <= 1 && (waves.waves[0]?.at ?? now) === now;
          expect(atOnce).toBe(v.ok);
        },
      ),
      { numRuns: 300 },
    );
  });
});

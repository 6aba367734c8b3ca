import { capacityOverruns, capacitySentence, claimsByTarget, instanceCapacities } from "../capacity";
import { explainVerdict } from "../explain";
import { ChurnHistory } from "../history";
import { PlannedMove, countOperations, releaseOf } from "../plan";
import { defaultRule } from "../settings";
import { evaluate } from "../verdict";
import { planWaves } from "../waves";
import { T0 } from "./oracle";

// A number moved in place from a traffic distribution group (or another instance) onto an instance: no churn, but a
// place on the instance, which AWS fails (the number left where it is) when the instance is full.
const I = "instance/i-1";
const J = "instance/i-2";
const move: PlannedMove = {
  resource: "urn:support",
  phoneNumber: "+18005550100",
  from: "traffic-distribution-group/t-1",
  to: I,
};
const full = { [I]: { quota: 2, held: 2 } };

describe("a move of a number onto an instance", () => {
  it("takes a place there as a claim does, and is no churn", () => {
    expect(instanceCapacities([], {}, () => 2, true, [move])).toEqual({ [I]: { quota: 2, held: 0 } });
    expect(claimsByTarget([], [move])).toEqual({ [I]: 1 });
    const [overrun] = capacityOverruns([], full, [move]);
    expect(overrun).toMatchObject({ target: I, claims: 1, moves: 1, resources: ["urn:support"] });
    expect(capacitySentence(overrun)).toBe(
      `${I} holds 2 of its quota of 2 ("Phone numbers per instance", L-8F812903), so it can take 0 more moves, not 1 ` +
        "(1 would end FAILED: no churn, but the number stays where it is)",
    );
    expect(capacityOverruns([], { [I]: { quota: 3, held: 2 } }, [move])).toEqual([]);
    // A target unknown at preview may be any instance: it counts against each.
    expect(capacityOverruns([], full, [{ ...move, to: undefined }])).toHaveLength(1);
  });

  it("blocks the verdict over the instance's room, without counting as churn", () => {
    const plan = { operations: [], moves: [move] };
    const v = evaluate({ history: ChurnHistory.build([]), plan, rule: defaultRule(), now: T0, capacities: full });
    expect(countOperations(plan)).toEqual({ claims: 0, releases: 0 });
    expect(v.blockedBy).toEqual(["over-active-quota"]);
    expect(v.projected).toBe(0);
    expect(explainVerdict(v)).toMatch(/move this one to another instance/);
    const fits = evaluate({
      history: ChurnHistory.build([]),
      plan,
      rule: defaultRule(),
      now: T0,
      capacities: { [I]: { quota: 3, held: 2 } },
    });
    expect(fits.ok).toBe(true);
  });

  it("is scheduled in the first wave its instance has room in, at no budget, and frees its old instance after", () => {
    const history = ChurnHistory.build([]);
    const none = planWaves({
      history,
      plan: { operations: [], moves: [move] },
      rule: defaultRule(),
      now: T0,
      capacities: full,
    });
    expect(none.feasible).toBe(false);
    expect(none.feasible ? "" : none.reason).toMatch(
      /1 move onto instance\/i-1 cannot come \(urn:support \(\+18005550100\)\).*would end FAILED: no churn, but the number stays where it is; release or move numbers off instance\/i-1 first/,
    );
    // A release on the instance makes room for the move in the next wave.
    const release = releaseOf("urn:old", "delete", { phoneNumber: "+18005550199", target: I });
    const later = planWaves({
      history,
      plan: { operations: [release], moves: [move] },
      rule: defaultRule(),
      now: T0,
      capacities: full,
    });
    expect(later.feasible).toBe(true);
    expect(later.waves.map((w) => [w.operations.length, w.moves?.length ?? 0])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    // A move off J makes room there for J's claim in the next wave, as a release does.
    const off: PlannedMove = { resource: "urn:a", from: J, to: I };
    const claimJ = { action: "claim" as const, resource: "urn:b", reason: "create" as const, target: J };
    const swap = planWaves({
      history,
      plan: { operations: [claimJ], moves: [off] },
      rule: defaultRule(),
      now: T0,
      capacities: { [I]: { quota: 2, held: 0 }, [J]: { quota: 1, held: 1 } },
    });
    expect(swap.feasible).toBe(true);
    expect(swap.waves.map((w) => [w.operations.length, w.moves?.length ?? 0])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it("is never held back by the churn budget", () => {
    const rule = defaultRule({ quota: 1 });
    const history = ChurnHistory.build(
      Array.from({ length: 5 }, (_, i) => ({
        at: T0 - 1000 * (i + 1),
        action: "claim" as const,
        phoneNumber: `+1${i}`,
      })),
    );
    const claim = { action: "claim" as const, resource: "urn:c", reason: "create" as const };
    // The window is full now: a claim waits for room.
    expect(planWaves({ history, plan: { operations: [claim] }, rule, now: T0 }).waves[0].at).toBeGreaterThan(T0);
    const result = planWaves({ history, plan: { operations: [], moves: [move] }, rule, now: T0, capacities: {} });
    expect(result.feasible).toBe(true);
    expect(result.waves).toEqual([{ at: T0, operations: [], moves: [move] }]);
  });
});

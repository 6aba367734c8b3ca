import { plural } from "./explain";
import { ChurnHistory } from "./history";
import { Plan, PlannedMove, PlannedOperation } from "./plan";
import {
  Capacities,
  TargetCapacity,
  capacityFix,
  moveLanding,
  pastRoomWords,
  quotaWords,
  roomOn,
  targetsTaken,
} from "./capacity";
import { budgetOf } from "./quota";
import { releasesAlreadyCounted } from "./released-once";
import { ChurnRule } from "./settings";
import { setBatchOf, setBatchTooBigSentence, setGrowthShortOfRoomSentence } from "./set-growth";

export interface Wave {
  /** Epoch milliseconds, UTC: apply this wave at or after this instant. */
  at: number;
  operations: PlannedOperation[];
  /** Moves applied in this wave (no churn): each takes a place on its new target, and frees its old one after. */
  moves?: PlannedMove[];
}

export type WavePlan =
  /** `waiting`: claims of sets growing by what fits (growBy "fits") that no wave can place: they wait for room. */
  | { feasible: true; waves: Wave[]; finishesAt: number; waiting: PlannedOperation[] }
  /** `waves` is what can run (possibly nothing), `unscheduled` what never can, and `reason` says why. */
  | { feasible: false; reason: string; waves: Wave[]; unscheduled: PlannedOperation[] };

export interface WaveInput {
  history: ChurnHistory;
  plan: Plan;
  rule: ChurnRule;
  now: number;
  /** The known targets' quota and held count: no wave puts more claims into a target than it can take. */
  capacities?: Capacities;
  /**
   * Keep each replacement's claim and release in one wave: Pulumi and Terraform replace a resource in one
   * apply, so a schedule they can follow never splits the pair.
   */
  atomicPairs?: boolean;
}

/**
 * The earliest schedule that never takes the window over the limit nor a target over its quota: each wave takes as
 * many operations as the window has room for at its instant, and the next wave waits for the oldest events to age
 * out. Filling early is optimal because every operation costs one unit and leaves the window sooner the sooner it
 * happens. Releases of a replacement never run before its claim; free releases come first.
 *
 * Capacity (core/capacity.ts): a wave is one apply, whose claims all land while its releases are still held, so a
 * wave puts at most quota - held claims into a target, where held counts what the earlier waves claimed and
 * released there. A release therefore makes room only for a later wave (which may run at the same instant, once
 * the earlier one is applied). A replacement's pair needs one free place: its claim lands before its release. Claims
 * no wave can place (the target stays full whatever the rest of the plan releases) are left unscheduled: they
 * would end FAILED, and a FAILED claim still counts as churn. The same claims of a set growing by what fits are not a
 * failed schedule: the provider never makes them (core/set-growth.ts) and the set says they wait for room.
 *
 * A PhoneNumberSet's batch (its releases and its whole growth, core/set-growth.ts setBatchOf) is one `pulumi up` the
 * provider takes all or nothing: a wave carries it whole, at the instant the window (and its target) has room for
 * all of it, or no wave does; a batch larger than the whole budget is never scheduled.
 *
 * A move (PlannedMove: a number moved to another target in place, no churn) costs no budget: it runs in the first wave
 * whose apply its new target has room in, taking that place as a claim does, and its old target gets the place back
 * for the next wave, as after a release. A move no wave can place is said with the claims that cannot come.
 */
export function planWaves(input: WaveInput): WavePlan {
  const { limit, windowMs } = budgetOf(input.rule);
  const batches = new Map(input.plan.operations.map((op) => [op, setBatchOf(op, input.plan.operations)]));
  const batchOf = (op: PlannedOperation) => batches.get(op) ?? [];
  const tooBig = new Set(input.plan.operations.filter((op) => batchOf(op).length > limit));
  const queue = orderForWaves(input.plan.operations.filter((op) => !tooBig.has(op)));
  const never = [...new Set([...tooBig].map((op) => op.resource))].map((resource) =>
    setBatchTooBigSentence(
      resource,
      [...tooBig].filter((op) => op.resource === resource),
      limit,
    ),
  );
  const waves: Wave[] = [];
  const infeasible = (reason?: string): WavePlan => ({
    feasible: false,
    reason: [reason, ...never].filter((x) => x !== undefined && x !== "").join("; "),
    waves,
    unscheduled: [...queue, ...tooBig],
  });
  const done = (waiting: PlannedOperation[] = []): WavePlan => ({
    feasible: true,
    waves,
    finishesAt: waves.length > 0 ? waves[waves.length - 1].at : input.now,
    waiting,
  });
  const moves = [...(input.plan.moves ?? [])];
  if (queue.length === 0 && moves.length === 0) return tooBig.size > 0 ? infeasible() : done();
  if (queue.length > 0 && limit <= 0) return infeasible(`the usable budget is ${limit}: no operation can ever run`);

  // Past events (known at `now`) then scheduled ones, in time order; `windowStart` is the oldest still counted. A
  // planned release the window already counts (core/released-once.ts) stands for that event: it counts at its wave.
  const counted = new Set(
    releasesAlreadyCounted(input.history, input.plan.operations, input.now, windowMs).map((c) => c.event),
  );
  const times: number[] = input.history.events.filter((e) => e.at <= input.now && !counted.has(e)).map((e) => e.at);
  let windowStart = 0;
  const capacities: Record<string, TargetCapacity> = Object.fromEntries(
    Object.entries(input.capacities ?? {}).map(([target, c]) => [target, { ...c }]),
  );
  const claimed = new Set<string>();
  let t = input.now;

  const apply = (wave: Wave, landing: ReadonlyMap<string, number>) => {
    for (const [target, n] of landing) capacities[target].held += n;
    for (const o of wave.operations)
      if (o.action === "release" && o.target !== undefined && o.target in capacities) capacities[o.target].held--;
    for (const m of wave.moves ?? []) if (m.from !== undefined && m.from in capacities) capacities[m.from].held--;
    waves.push(wave);
  };

  while (queue.length > 0 || moves.length > 0) {
    while (windowStart < times.length && times[windowStart] <= t - windowMs) windowStart++;
    const inWindow = times.length - windowStart;
    const wave: Wave = { at: t, operations: [] };
    const landing = new Map<string, number>();
    const fits = (ops: ReadonlyArray<Pick<PlannedOperation, "action" | "target">>) => {
      const wanted = new Map<string, number>();
      for (const op of ops)
        for (const target of targetsTaken(op, capacities)) wanted.set(target, (wanted.get(target) ?? 0) + 1);
      return [...wanted].every(([target, n]) => roomOn(capacities[target], landing.get(target)) >= n);
    };
    // Moves cost no budget: each goes in the first wave its new target has room in.
    for (const m of [...moves]) {
      if (!fits([moveLanding(m)])) continue;
      moves.splice(moves.indexOf(m), 1);
      wave.moves = [...(wave.moves ?? []), m];
      for (const target of targetsTaken(moveLanding(m), capacities))
        landing.set(target, (landing.get(target) ?? 0) + 1);
    }
    if (queue.length === 0 || inWindow >= limit) {
      if (wave.moves !== undefined) {
        apply(wave, landing);
        continue;
      }
      if (queue.length === 0) return infeasible(capacityReason([], capacities, batchOf, moves));
      // Wait until enough of the oldest events have aged out to make room for one operation.
      t = times[windowStart + (inWindow - limit)] + windowMs;
      continue;
    }
    let room = limit - inWindow;
    let short = false;
    for (let i = 0; i < queue.length && room > 0;) {
      const op = queue[i];
      const partner = input.atomicPairs && op.pairId ? queue.findIndex((o) => o !== op && o.pairId === op.pairId) : -1;
      const batch = batchOf(op);
      const taken = batch.length > 0 ? batch : partner >= 0 ? [op, queue[partner]] : [op];
      const cost = taken.length;
      const waitsForItsClaim =
        op.action === "release" && op.pairId !== undefined && (partner >= 0 || !claimed.has(op.pairId));
      if (waitsForItsClaim || !fits(taken)) {
        i++;
        continue;
      }
      if (cost > room) {
        short = true;
        i++;
        continue;
      }
      for (const o of taken) queue.splice(queue.indexOf(o), 1);
      for (const o of taken) {
        wave.operations.push(o);
        times.push(t);
        room--;
        if (o.pairId && o.action === "claim") claimed.add(o.pairId);
        for (const target of targetsTaken(o, capacities)) landing.set(target, (landing.get(target) ?? 0) + 1);
      }
    }
    if (wave.operations.length === 0 && wave.moves === undefined) {
      if (!short && tooBig.size === 0 && moves.length === 0 && queue.every((op) => op.fitsLater))
        return done([...queue]);
      if (!short) return infeasible(capacityReason(queue, capacities, batchOf, moves));
      if (room === limit) return infeasible(`a replacement needs 2 units at once but the usable budget is ${limit}`);
      // Room for some operations, but not for a whole replacement: wait for more to age out.
      t = times[windowStart] + windowMs;
      continue;
    }
    apply(wave, landing);
  }
  return tooBig.size > 0 ? infeasible() : done();
}

/** Why the operations (and moves) left can never run: the full targets their claims need, and how to make room. */
function capacityReason(
  queue: readonly PlannedOperation[],
  capacities: Capacities,
  batchOf: (op: PlannedOperation) => PlannedOperation[],
  moves: readonly PlannedMove[],
): string {
  const sets = [
    ...new Set(queue.filter((op) => op.action === "claim" && batchOf(op).length > 0).map((op) => op.resource)),
  ];
  const setReasons = sets.map((resource) =>
    setGrowthShortOfRoomSentence(
      queue.filter((op) => op.resource === resource && op.action === "claim"),
      capacities,
    ),
  );
  const byTarget = new Map<string, string[]>();
  for (const op of queue) {
    if (sets.includes(op.resource)) continue;
    for (const target of targetsTaken(op, capacities))
      if (roomOn(capacities[target]) === 0) byTarget.set(target, [...(byTarget.get(target) ?? []), op.resource]);
  }
  return [...byTarget]
    .map(([target, resources]) => {
      const c = capacities[target];
      return (
        `${plural(resources.length, "claim")} into ${target} cannot come (${resources.join(", ")}): after the waves above it holds ${c.held} of its quota of ${quotaWords(c)} ` +
        `and the plan releases nothing more there, so each ${pastRoomWords(c, 1)}; ${capacityFix(target, c.setBy)}`
      );
    })
    .concat(setReasons, movesReason(moves, capacities))
    .join("; ");
}

/** The moves no wave can place: the full target each needs. A failed move is no churn; its number stays put. */
function movesReason(moves: readonly PlannedMove[], capacities: Capacities): string[] {
  const byTarget = new Map<string, PlannedMove[]>();
  for (const m of moves)
    for (const target of targetsTaken(moveLanding(m), capacities))
      if (roomOn(capacities[target]) === 0) byTarget.set(target, [...(byTarget.get(target) ?? []), m]);
  return [...byTarget].map(([target, ms]) => {
    const c = capacities[target];
    const named = ms.map((m) => (m.phoneNumber ? `${m.resource} (${m.phoneNumber})` : m.resource)).join(", ");
    return (
      `${plural(ms.length, "move")} onto ${target} cannot come (${named}): after the waves above it holds ${c.held} of its quota of ${quotaWords(c)} ` +
      `and the plan frees nothing more there, so each ${pastRoomWords(c, 1, "move")}; ${capacityFix(target, c.setBy, "move")}`
    );
  });
}

function orderForWaves(operations: PlannedOperation[]): PlannedOperation[] {
  const rank = (op: PlannedOperation) => (op.action === "release" && !op.pairId ? 0 : op.action === "claim" ? 1 : 2);
  return operations
    .map((op, i) => ({ op, i }))
    .sort((a, b) => rank(a.op) - rank(b.op) || a.i - b.i)
    .map((x) => x.op);
}

import { ChurnHistory } from "./history";
import { Plan, PlannedOperation } from "./plan";
import { budgetOf } from "./quota";
import { ChurnRule } from "./settings";

export interface Wave {
  /** Epoch milliseconds, UTC: apply this wave at or after this instant. */
  at: number;
  operations: PlannedOperation[];
}

export type WavePlan =
  | { feasible: true; waves: Wave[]; finishesAt: number }
  | { feasible: false; reason: string; waves: Wave[] };

export interface WaveInput {
  history: ChurnHistory;
  plan: Plan;
  rule: ChurnRule;
  now: number;
  activeNumbers?: number;
  /**
   * Keep each replacement's claim and release in one wave: Pulumi and Terraform replace a resource in one
   * apply, so a schedule they can follow never splits the pair.
   */
  atomicPairs?: boolean;
}

/**
 * The earliest schedule that never takes the window over the limit: each wave takes as many operations as the
 * window has room for at its instant, and the next wave waits for the oldest events to age out. Filling early is
 * optimal because every operation costs one unit and leaves the window sooner the sooner it happens.
 * Releases of a replacement never run before its claim; free releases run first so claims find room under the
 * active-number quota.
 */
export function planWaves(input: WaveInput): WavePlan {
  const { limit, windowMs } = budgetOf(input.rule);
  const queue = orderForWaves(input.plan.operations);
  const waves: Wave[] = [];
  if (queue.length === 0) return { feasible: true, waves, finishesAt: input.now };
  if (limit <= 0) {
    return { feasible: false, reason: `the usable budget is ${limit}: no operation can ever run`, waves };
  }

  // Past events (known at `now`) then scheduled ones, in time order; `windowStart` is the oldest still counted.
  const times: number[] = input.history.events.filter((e) => e.at <= input.now).map((e) => e.at);
  let windowStart = 0;
  let active = input.activeNumbers;
  const claimed = new Set<string>();
  let t = input.now;

  while (queue.length > 0) {
    while (windowStart < times.length && times[windowStart] <= t - windowMs) windowStart++;
    const inWindow = times.length - windowStart;
    if (inWindow >= limit) {
      // Wait until enough of the oldest events have aged out to make room for one operation.
      t = times[windowStart + (inWindow - limit)] + windowMs;
      continue;
    }
    const wave: Wave = { at: t, operations: [] };
    let room = limit - inWindow;
    for (let i = 0; i < queue.length && room > 0; ) {
      const op = queue[i];
      const partner = input.atomicPairs && op.pairId ? queue.findIndex((o) => o !== op && o.pairId === op.pairId) : -1;
      const cost = partner >= 0 ? 2 : 1;
      if (!canRun(op, claimed, active, input.rule.quota) || cost > room || (input.atomicPairs && op.pairId && op.action === "release" && partner >= 0)) {
        i++;
        continue;
      }
      const taken = partner >= 0 ? [op, queue[partner]] : [op];
      for (const o of taken) queue.splice(queue.indexOf(o), 1);
      for (const o of taken) {
        wave.operations.push(o);
        times.push(t);
        room--;
        if (o.action === "claim") {
          if (o.pairId) claimed.add(o.pairId);
          if (active !== undefined) active++;
        } else if (active !== undefined) {
          active--;
        }
      }
    }
    if (wave.operations.length === 0) {
      if (room === limit && input.atomicPairs && queue.some((o) => o.pairId)) {
        return { feasible: false, reason: `a replacement needs 2 units at once but the usable budget is ${limit}`, waves };
      }
      if (room < limit) {
        // Room for some operations, but not for a whole replacement: wait for more to age out.
        t = times[windowStart] + windowMs;
        continue;
      }
      return {
        feasible: false,
        reason: `the remaining ${queue.length} operation(s) would take active numbers over the quota of ${input.rule.quota}`,
        waves,
      };
    }
    waves.push(wave);
  }
  return { feasible: true, waves, finishesAt: waves[waves.length - 1].at };
}

function canRun(op: PlannedOperation, claimed: Set<string>, active: number | undefined, quota: number): boolean {
  if (op.action === "release") return !op.pairId || claimed.has(op.pairId);
  return active === undefined || active < quota;
}

function orderForWaves(operations: PlannedOperation[]): PlannedOperation[] {
  const rank = (op: PlannedOperation) => (op.action === "release" && !op.pairId ? 0 : op.action === "claim" ? 1 : 2);
  return operations.map((op, i) => ({ op, i })).sort((a, b) => rank(a.op) - rank(b.op) || a.i - b.i).map((x) => x.op);
}

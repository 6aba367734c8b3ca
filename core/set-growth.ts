import { Capacities, TargetCapacity, capacityFix, moveLanding, quotaWords, roomOn, targetsTaken } from "./capacity";
import { agreeing, churnWords, isoDate, plural, setLabelOf } from "./explain";
import { ChurnHistory } from "./history";
import { Plan, PlannedOperation } from "./plan";
import { budgetOf } from "./quota";
import { releasesAlreadyCounted } from "./released-once";
import { ChurnRule } from "./settings";

/** What part of a growth fits the window now, and when the rest can come. */
export interface GrowthFit {
  /** Claims granted now. */
  fit: number;
  /** When the window, with the claims granted counted from now, has room for the rest; null: nothing waits, or never. */
  freesAt: number | null;
}

/**
 * The one rule of a PhoneNumberSet's growth against the window: of `count` claims, as many as the window has room for
 * now (`partial`, growBy "fits"; else all or none), and the instant the rest fit, with the claims granted now counted
 * from now. `counted` are the instants of the events in the window now (any order). The ledger's reserveMany takes
 * the slots by it, the gates count a set's growth by it (deferFittingGrowth).
 */
export function growthThatFits(
  counted: readonly number[],
  count: number,
  limit: number,
  windowMs: number,
  now: number,
  options: { partial: boolean; force?: boolean },
): GrowthFit {
  const used = counted.length;
  const room = options.force ? count : Math.max(0, Math.min(count, limit - used));
  const fit = options.partial || room === count ? room : 0;
  const after = [...counted, ...Array.from({ length: fit }, () => now)].sort((a, b) => a - b);
  const mustAgeOut = used + count - limit;
  const freesAt =
    options.force || fit === count || limit <= 0 || mustAgeOut <= 0 || mustAgeOut > after.length
      ? null
      : after[mustAgeOut - 1] + windowMs;
  return { fit, freesAt };
}

/**
 * What of `count` claims of a set growing by what fits the window has room for now, by growthThatFits over the
 * window's events, each counted once however many sources saw it (ChurnHistory merges the ledger's record of a claim
 * and CloudTrail's of the same claim): the provider's preview asks it of the window every gate reads.
 */
export function growthFitIn(input: {
  history: ChurnHistory;
  count: number;
  rule: ChurnRule;
  now: number;
  force?: boolean;
}): GrowthFit {
  const { limit, windowMs } = budgetOf(input.rule);
  return growthThatFits(countedNow(input.history, input.now, windowMs), input.count, limit, windowMs, input.now, {
    partial: true,
    force: input.force,
  });
}

/** The instants of the events the window (now − W, now] counts. */
function countedNow(history: ChurnHistory, now: number, windowMs: number): number[] {
  return history.events.filter((e) => e.at <= now && e.at > now - windowMs).map((e) => e.at);
}

/** The instance whose room held a set's growth back: its quota and held count, and the room the set found on it. */
export interface RoomShortfall extends TargetCapacity {
  target: string;
  room: number;
  /** Claims of the same deployment already landing there, besides what it holds: part of why the room is small. */
  pending?: number;
}

/** A set's claims that wait for a later `pulumi up` (growBy "fits"). */
export interface DeferredGrowth {
  resource: string;
  /** Claims made now, and claims that wait. */
  now: number;
  deferred: number;
  /** When the budget has room for the claims the target could take; null: never at this rule, or none wait for it. */
  freesAt: number | null;
  /** Set when the target has room for fewer claims than the set wants: those past it wait for room, not a date. */
  short?: RoomShortfall;
}

/**
 * The room a set's claims find on the tracked targets they land on, after `taken` claims already landing there: the
 * fullest of them (a claim whose target is unknown at preview may land on any). Undefined: no tracked target.
 */
export function roomForSet(
  claim: Pick<PlannedOperation, "action" | "target">,
  capacities: Capacities,
  taken: ReadonlyMap<string, number> = new Map(),
): RoomShortfall | undefined {
  const rooms = targetsTaken(claim, capacities).map((target) => ({
    ...capacities[target],
    target,
    room: roomOn(capacities[target], taken.get(target) ?? 0),
    ...((taken.get(target) ?? 0) > 0 ? { pending: taken.get(target) } : {}),
  }));
  return rooms.sort((a, b) => a.room - b.room)[0];
}

/**
 * The plan as the provider applies it when sets grow by what fits (their claims marked `fitsLater`): every other
 * operation first (each is all or nothing), then each such set, in plan order, takes what its target still has room
 * for (with `capacities`) and, of that, what the window has room for now, by growthThatFits. What does not fit leaves
 * the plan and is said, with when (or on what) it can come.
 */
export function deferFittingGrowth(input: {
  history: ChurnHistory;
  plan: Plan;
  rule: ChurnRule;
  now: number;
  capacities?: Capacities;
}): {
  plan: Plan;
  deferred: DeferredGrowth[];
} {
  const sets = [...new Set(input.plan.operations.filter((op) => op.fitsLater).map((op) => op.resource))];
  if (sets.length === 0) return { plan: input.plan, deferred: [] };
  const { limit, windowMs } = budgetOf(input.rule);
  const { now } = input;
  const capacities = input.capacities ?? {};
  // A planned release the window already counts stands for that event, at now (core/released-once.ts).
  const already = releasesAlreadyCounted(input.history, input.plan.operations, now, windowMs);
  const counted = countedNow(input.history.without(new Set(already.map((c) => c.event))), now, windowMs);
  const taken = new Map<string, number>();
  const land = (op: Pick<PlannedOperation, "action" | "target">, n: number) => {
    for (const t of targetsTaken(op, capacities)) taken.set(t, (taken.get(t) ?? 0) + n);
  };
  // A move takes its place on its new target in the same apply, as a claim does.
  for (const m of input.plan.moves ?? []) land(moveLanding(m), 1);
  for (const op of input.plan.operations) {
    if (op.fitsLater) continue;
    counted.push(now);
    land(op, 1);
  }
  const waiting = new Set<object>();
  const deferred: DeferredGrowth[] = [];
  for (const resource of sets) {
    const claims = input.plan.operations.filter((op) => op.fitsLater && op.resource === resource);
    const short = roomForSet(claims[0], capacities, taken);
    const wanted = Math.min(claims.length, short?.room ?? claims.length);
    const g = growthThatFits(counted, wanted, limit, windowMs, now, { partial: true });
    counted.push(...Array.from({ length: g.fit }, () => now));
    land(claims[0], g.fit);
    if (g.fit === claims.length) continue;
    claims.slice(g.fit).forEach((op) => waiting.add(op));
    deferred.push({
      resource,
      now: g.fit,
      deferred: claims.length - g.fit,
      freesAt: g.freesAt,
      ...(short !== undefined && short.room < claims.length ? { short } : {}),
    });
  }
  return { plan: { ...input.plan, operations: input.plan.operations.filter((op) => !waiting.has(op)) }, deferred };
}

/** How every face names a set: by its name when it is a URN, else as given (the provider's label). */
function setName(resource: string): string {
  return setLabelOf(resource) ?? resource;
}

/** "1 claim fits", "3 claims fit". */
const fitNow = (n: number) => `${plural(n, "claim")} ${agreeing(n, "fits", "fit")}`;

/** What a target holds of its quota, in the words of core/capacity.ts. */
function holdsOf(s: RoomShortfall): string {
  const landing = s.pending
    ? `, and ${plural(s.pending, "claim")} of this deployment ${agreeing(s.pending, "is", "are")} on ${agreeing(s.pending, "its", "their")} way into it`
    : "";
  return `holds ${s.heldKnown === false ? "at least " : ""}${s.held} of its quota of ${quotaWords(s)}${landing}`;
}

/**
 * What a set growing by what fits says, in every face's words alike (the provider's warning, the pack's report,
 * `check`'s note): how many claims wait, and from when there is room for them (the churn budget's) or on what (the
 * target's).
 */
export function deferredGrowthSentence(d: DeferredGrowth): string {
  const forRoom = d.short === undefined ? 0 : d.now + d.deferred - d.short.room;
  const forBudget = d.deferred - forRoom;
  const when =
    d.freesAt === null
      ? "never at the current rule (the budget is smaller than the set)"
      : `from ${isoDate(d.freesAt)}`;
  const budget = `${forBudget} did not fit the churn budget now and ${agreeing(forBudget, "waits", "wait")}; there is room ${when}.`;
  if (d.short === undefined)
    return (
      `${setName(d.resource)}: growBy "fits": ${fitNow(d.now)} the churn budget now; ${budget} ` +
      "Run `pulumi up` then (`connect-numbers plan-waves` shows the schedule)."
    );
  return (
    `${setName(d.resource)}: growBy "fits": ${fitNow(d.now)} now; ${forBudget > 0 ? `${budget} ` : ""}` +
    `${forRoom} ${agreeing(forRoom, "waits", "wait")} for room on ${d.short.target}: it ${holdsOf(d.short)}, room for ${d.short.room}. ` +
    `To let them come: ${capacityFix(d.short.target, d.short.setBy)}; then run \`pulumi up\`.`
  );
}

/**
 * What a set growing by what fits says at preview while its rest waits for the churn budget, and so shows no change:
 * until when (null: never at the current rule) and what to run then.
 */
export function setGrowthWaitsSentence(label: string, waiting: number, until: number | null): string {
  const head = `${label}: growBy "fits": ${plural(waiting, "number")} ${agreeing(waiting, "waits", "wait")} for room in the churn budget`;
  if (until === null)
    return `${head}, which never has room for them at the current rule (the budget is smaller than the set), so the set shows no change. To let them come: declare fewer numbers, or ask AWS Support for a higher quota.`;
  return `${head} until ${isoDate(until)}; nothing can be claimed before then, so the set shows no change. Run \`pulumi up\` from then (\`connect-numbers plan-waves\` shows the schedule).`;
}

/**
 * What a schedule says of the claims of sets growing by what fits that no wave can place (core/waves.ts `waiting`):
 * one sentence a set, in deferredGrowthSentence's words for the part that waits for room.
 */
export function waitingForRoomSentences(waiting: readonly PlannedOperation[]): string[] {
  const bySet = new Map<string, PlannedOperation[]>();
  for (const op of waiting) bySet.set(op.resource, [...(bySet.get(op.resource) ?? []), op]);
  return [...bySet].map(([resource, claims]) => {
    const target = claims[0].target ?? "its target";
    return (
      `${setName(resource)}: growBy "fits": ${plural(claims.length, "claim")} ${agreeing(claims.length, "waits", "wait")} for room on ${target}; no wave carries ${agreeing(claims.length, "it", "them")}. ` +
      `To let them come: ${capacityFix(target)}; then run \`pulumi up\`.`
    );
  });
}

/**
 * For each set that grows whole (growBy "all") in a plan that cannot take its growth now (the window's room, or with
 * `capacities` its target's): the part that would fit now and when the rest could come, were it to grow by what
 * fits. Every face that refuses such a growth says it, in growByFitsAdvice's words.
 */
export function growByFitsOptions(input: {
  history: ChurnHistory;
  plan: Plan;
  rule: ChurnRule;
  now: number;
  capacities?: Capacities;
}): DeferredGrowth[] {
  const asFits = input.plan.operations.map((op) =>
    op.action === "claim" && !op.fitsLater && op.pairId === undefined && isSet(op.resource)
      ? { ...op, fitsLater: true }
      : op,
  );
  return deferFittingGrowth({ ...input, plan: { operations: asFits } }).deferred.filter(
    (d) => !input.plan.operations.some((op) => op.resource === d.resource && op.fitsLater),
  );
}

/**
 * Why a set's whole growth (growBy "all") is refused, and the ways out: its target has room for less than the
 * growth (nothing of it is claimed), or the churn budget has room now for part of it (grow by what fits now, the
 * rest when there is room). The provider refuses in these words before its first claim; the pack and `check` say them.
 */
export function growByFitsAdvice(d: DeferredGrowth): string {
  const set = setName(d.resource);
  const total = d.now + d.deferred;
  if (d.short !== undefined) {
    const s = d.short;
    return (
      `${set} grows by ${plural(total, "number")}, whole (growBy "all"), but ${s.target} ${holdsOf(s)}: room for ${s.room}. Nothing of the growth is claimed. ` +
      `To go ahead: declare growBy: "fits" on it (it claims ${s.room === 0 ? "nothing while the instance is full" : `what fits now, at most ${s.room}`}, and the rest once there is room), declare ${total - s.room} fewer, ` +
      `or ${capacityFix(s.target, s.setBy)}.`
    );
  }
  const rest =
    d.freesAt === null
      ? "the rest never at the current rule (the set asks for more than the budget holds)"
      : `the other ${d.deferred} from ${isoDate(d.freesAt)}`;
  if (d.now === 0) {
    const when =
      d.freesAt === null
        ? "the budget never has room for all of them at the current rule"
        : `all by ${isoDate(d.freesAt)}`;
    return `${set}: none of its ${plural(total, "claim")} fit the churn budget now; to claim each as the budget has room (${when}), declare growBy: "fits" on it (\`connect-numbers plan-waves\` shows the schedule).`;
  }
  return `${set}: ${d.now} of its ${plural(total, "claim")} ${agreeing(d.now, "fits", "fit")} the churn budget now; to claim ${agreeing(d.now, "that one", "those")} now and ${rest}, declare growBy: "fits" on it (\`connect-numbers plan-waves\` shows the schedule).`;
}

/** A set whose growth a schedule spreads over several waves: its claims in each wave it takes part in. */
export interface GrowthAcrossWaves {
  resource: string;
  claims: number[];
}

export function growthsAcrossWaves(
  waves: ReadonlyArray<{ operations: readonly PlannedOperation[] }>,
): GrowthAcrossWaves[] {
  const out = new Map<string, GrowthAcrossWaves>();
  waves.forEach((w, i) => {
    for (const op of w.operations) {
      if (op.action !== "claim") continue;
      const g = out.get(op.resource) ?? { resource: op.resource, claims: [] };
      g.claims[i] = (g.claims[i] ?? 0) + 1;
      out.set(op.resource, g);
    }
  });
  return [...out.values()]
    .map((g) => ({ ...g, claims: g.claims.filter((n) => n !== undefined) }))
    .filter((g) => g.claims.length > 1);
}

/**
 * How to follow a schedule that spreads a set's growth. Only a set growing by what fits is spread (core/waves.ts
 * keeps a whole growth in one wave): each wave's `pulumi up` claims what fits then.
 */
export function growthAcrossWavesSentence(g: GrowthAcrossWaves): string {
  const rest = g.claims.slice(1).reduce((a, b) => a + b, 0);
  return `${setName(g.resource)} grows over ${g.claims.length} waves (${g.claims[0]} claims in the first, ${rest} in the others): it grows by what fits (growBy "fits"), so each wave's \`pulumi up\` claims what fits then.`;
}

const isSet = (resource: string) => setLabelOf(resource) !== undefined;

/**
 * The operations of `op`'s set that one `pulumi up` of it makes all or none (empty when `op` is not of a set's
 * batch): its releases, which the provider reserves as one batch (provider/set/runtime/releases.ts), and its growth
 * unless it grows by what fits. Claims and releases of a hand-over (paired) are scheduled as pairs, not here.
 */
export function setBatchOf(op: PlannedOperation, operations: readonly PlannedOperation[]): PlannedOperation[] {
  const inBatch = (o: PlannedOperation) => o.pairId === undefined && !o.fitsLater && isSet(o.resource);
  return inBatch(op) ? operations.filter((o) => o.resource === op.resource && inBatch(o)) : [];
}

/** Why no schedule carries a set's batch larger than the whole usable budget: the provider refuses it at any time. */
export function setBatchTooBigSentence(resource: string, batch: readonly PlannedOperation[], limit: number): string {
  const claims = batch.filter((op) => op.action === "claim").length;
  const releases = batch.length - claims;
  const fix = [
    releases > 0
      ? "release fewer numbers a change (name at most that many in its `release`, one change at a time)"
      : "",
    claims > 0 ? 'declare growBy: "fits" on it (it claims what fits, the rest later)' : "",
  ]
    .filter((x) => x !== "")
    .join(", or ");
  return (
    `${setName(resource)} makes ${churnWords({ claims, releases })} as one batch, more than the whole usable budget of ${limit}: the provider ` +
    `refuses the batch whole at any time, so no wave can carry it. To go ahead: ${fix}, or ask AWS Support for a quota exception`
  );
}

/** Why no wave carries a set's whole growth: its target never has room for all of it, in growByFitsAdvice's words. */
export function setGrowthShortOfRoomSentence(claims: readonly PlannedOperation[], capacities: Capacities): string {
  const short = roomForSet(claims[0], capacities);
  const advice = growByFitsAdvice({
    resource: claims[0].resource,
    now: 0,
    deferred: claims.length,
    freesAt: null,
    ...(short !== undefined ? { short } : {}),
  });
  return advice.replace(/\.$/, "");
}

import { quote } from "shell-quote";
import {
  WavePlan,
  agreeing,
  alreadyCountedSentence,
  growthAcrossWavesSentence,
  growthsAcrossWaves,
  isoDate,
  plural,
  waitingForRoomSentences,
} from "../core";
import { Report } from "./model";
import { LOSS_LABEL, lossKind, renameSentence } from "./words";

/** What `plan-waves` says of a report: the waves to apply, or why there is no schedule. */
export interface Schedule {
  feasible: boolean;
  /** Why no schedule (or only part of one) exists. */
  reason?: string;
  renames: number;
  waves: WavePlan["waves"];
  /** Operations no wave can carry (a claim a target cannot take). */
  unscheduled: Extract<WavePlan, { feasible: false }>["unscheduled"];
  /** Claims of sets growing by what fits that wait for room on their target: no wave carries them, nor must. */
  waiting: Extract<WavePlan, { feasible: true }>["waiting"];
  terraform: boolean;
  fitsNow: boolean;
  /** Releases the window already counts (core/released-once.ts): each adds nothing, said once. */
  alreadyCounted: string[];
  /** What the plan's reader could not see or judge: the same notes `check` prints, since they bound this schedule too. */
  notes: string[];
}

export function scheduleOf(r: Report): Schedule {
  // A schedule would apply the rename's release like any other: the number would be lost on the way.
  const renames = r.findings.renames.filter((f) => !f.accepted);
  // A release the provider (or AWS) refuses stops the apply wherever it falls: no wave can carry it. Nor may any
  // wave release a number a connect-numbers stack holds.
  const refused = [...r.findings.releases, ...r.findings.sms.releases].filter((x) => x.refused);
  const elsewhere = r.findings.releases.filter((x) => x.declaredElsewhere);
  const blocks = [
    elsewhere.length > 0
      ? `it deletes numbers connect-numbers stacks hold, which no wave may release: ${elsewhere.map((x) => x.declaredElsewhere!.message).join(" ")}`
      : "",
    refused.length > 0
      ? `it deletes what would be refused, so any wave carrying it would stop halfway: ${refused.map((x) => x.refused!.message).join(" ")}`
      : "",
  ].filter((b) => b !== "");
  const refusal =
    renames.length > 0
      ? renames.every((f) => lossKind(f) === "rename")
        ? `it renames a resource without an alias, which would lose the number: ${renames.map(renameSentence).join(" ")} Fix the rename (or ${onPurpose(renames)}) first`
        : `${[...new Set(renames.map((f) => LOSS_LABEL[lossKind(f)]))].join("; ")}: ${renames.map(renameSentence).join(" ")} Fix that (or ${onPurpose(renames)}) first`
      : blocks.length > 0
        ? blocks.join(" Also, ")
        : undefined;
  // Claims a target cannot take never go into a wave (core/waves.ts); the waves that fit are still worth applying.
  const left = refusal === undefined && !r.waves.feasible ? r.waves : undefined;
  return {
    feasible: refusal === undefined && r.waves.feasible,
    reason: refusal ?? left?.reason,
    renames: renames.length,
    waves: refusal === undefined ? r.waves.waves : [],
    unscheduled: left?.unscheduled ?? [],
    waiting: refusal === undefined && r.waves.feasible ? r.waves.waiting : [],
    terraform: r.input.format === "terraform-plan",
    fitsNow: r.verdict.ok,
    alreadyCounted: r.verdict.alreadyCounted.map(alreadyCountedSentence),
    notes: r.input.notes,
  };
}

export function scheduleJson(s: Schedule) {
  return {
    feasible: s.feasible,
    reason: s.reason,
    renames: s.renames,
    waves: s.waves.map((w) => ({
      at: isoDate(w.at),
      operations: w.operations,
      ...(w.moves ? { moves: w.moves } : {}),
    })),
    unscheduled: s.unscheduled,
    waiting: s.waiting,
    fitsNow: s.fitsNow,
    alreadyCounted: s.alreadyCounted,
    notes: s.notes,
    sets: [...growthsAcrossWaves(s.waves).map(growthAcrossWavesSentence), ...waitingForRoomSentences(s.waiting)],
  };
}

function fitWords(s: Schedule): string {
  if (!s.fitsNow) return "the plan does not fit at once";
  if (s.waves.length > 1) return "what fits now is applied now, the rest in its wave";
  return s.waiting.length > 0 ? "the rest of the plan fits now" : "the whole plan fits now";
}

/** Claims of sets growing by what fits that no wave carries: the headline says they wait, the lines below on what. */
function waitWords(waiting: number): string {
  return waiting === 0
    ? ""
    : `; ${plural(waiting, "claim")} ${agreeing(waiting, "waits", "wait")} for room, in no wave`;
}

export function scheduleText(s: Schedule): string {
  const body = scheduleLines(s);
  // A note the schedule already says (the reason there is none, a set waiting for room) is said once.
  return [body, ...s.notes.filter((n) => !body.includes(n)).map((n) => `note: ${n}`)].join("\n\n");
}

function scheduleLines(s: Schedule): string {
  const waiting = waitingForRoomSentences(s.waiting);
  if (s.waves.length === 0) {
    if (!s.feasible) return `No schedule for this plan: ${s.reason}.`;
    return waiting.length > 0
      ? waiting.join("\n")
      : "This plan claims and releases no numbers: there is nothing to schedule.";
  }
  const partial = !s.feasible;
  const head = partial
    ? `${plural(s.waves.length, "wave")} for part of the plan; ${plural(s.unscheduled.length, "operation")} cannot come.`
    : `${plural(s.waves.length, "wave")}; ${fitWords(s)}${waitWords(s.waiting.length)}.`;
  const lines = [head];
  s.waves.forEach((w, i) => {
    const moves = w.moves ?? [];
    const targets = [...new Set([...w.operations, ...moves].map((op) => op.resource))];
    // A move is no churn: said apart from the claims and releases, with the target it goes to.
    const items = [
      ...w.operations.map((op) => `${op.action}${op.phoneNumber ? ` ${op.phoneNumber}` : ""}`),
      ...moves.map((m) => `move${m.phoneNumber ? ` ${m.phoneNumber}` : ""}${m.to ? ` to ${m.to}` : ""} (no churn)`),
    ];
    lines.push(
      "",
      `wave ${i + 1}: at or after ${isoDate(w.at)}${i > 0 && w.at === s.waves[i - 1].at ? ", once wave " + i + " is applied" : ""}: ${items.join(", ")}`,
    );
    // shell-quote makes each value one word, whatever quotes, dollars, spaces or newlines a URN holds.
    lines.push(
      `  ${s.terraform ? quote(["terraform", "apply", ...targets.map((t) => `-target=${t}`)]) : quote(["pulumi", "up", ...targets.flatMap((t) => ["--target", t])])}`,
    );
  });
  for (const g of growthsAcrossWaves(s.waves)) lines.push("", growthAcrossWavesSentence(g));
  for (const w of waiting) lines.push("", w);
  for (const c of s.alreadyCounted) lines.push("", c);
  if (partial) lines.push("", `Not scheduled: ${s.reason}.`);
  return lines.join("\n");
}

/**
 * How a blocking rename is released on purpose: --allow-release, except where the provider refuses it unless the
 * stack's connect-numbers:allowReleases names it (stackOnly, whose sentence gives the command).
 */
function onPurpose(renames: readonly Report["findings"]["renames"][number][]): string {
  const stackOnly = renames.filter((f) => f.stackOnly !== undefined).length;
  if (stackOnly === 0) return "name the number with --allow-release";
  if (stackOnly === renames.length) return "release the number on purpose in the stack's config, as said above";
  return "name the number with --allow-release, or in the stack's config where said above";
}

import { ChurnHistory, LedgerOfWindow } from "../core";
import { Report, budgetChart, judge } from "../report";

/** A reminder the plan reader gives for every digest without replacement steps: true or not of this one, it is no finding. */
const CAVEAT = /^This digest shows no replacement steps\b/;

/** The report of one plan: the verdict and findings judged and worded once (report/words.ts), and the window's chart. */
export function checkReport(
  fields: Omit<Report, "ok" | "blockedBy" | "sentences" | "chart">,
  history: ChurnHistory,
  ledger?: LedgerOfWindow,
): Report {
  const { blockedBy, sentences } = judge(fields.verdict, fields.findings, ledger);
  const v = fields.verdict;
  const notes = [...fields.input.notes, ...fields.input.caveats];
  return {
    ...fields,
    input: {
      ...fields.input,
      notes: notes.filter((n) => !CAVEAT.test(n)),
      caveats: notes.filter((n) => CAVEAT.test(n)),
    },
    ok: blockedBy.length === 0,
    blockedBy,
    sentences,
    chart: budgetChart({
      history,
      now: v.now,
      windowDays: v.windowDays,
      limit: v.limit,
      // A release the window already counts adds nothing on top (core/released-once.ts).
      planned: v.planned.claims + v.planned.releases - v.alreadyCounted.length,
    }),
  };
}

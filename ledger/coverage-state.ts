import { LedgerSyncRecord as SyncRecord } from "./types";

/**
 * What the ledger has seen of an account's history, as spans of time in which every claim and release is known:
 * each `ledger sync` adds CloudTrail's span (now - 90 days to now), an assertion adds (-infinity, since). History is
 * complete from the start of the span that reaches the latest instant seen; an older span separated by a gap (syncs
 * stopped for longer than CloudTrail keeps) does not count.
 */
export interface Span {
  /** null: from the beginning of time. */
  from: number | null;
  to: number;
}

export interface Assertion {
  /** The account had no claim or release before this instant (epoch ms). */
  since: number;
  by: string;
  at: number;
}

export interface CoverageState {
  spans: Span[];
  assertions: Assertion[];
  /** The latest syncs, newest first. */
  syncs: SyncRecord[];
  /**
   * The latest instant every stack's ownership index was known complete: a sync that reconciled holders with the
   * live tags, or an assertion that the account had no claim (so held no number) before an instant. A stack first
   * written after it held nothing then (stack-marks.ts).
   */
  reconciled?: { at: number; by: string };
}

export const EMPTY_COVERAGE: CoverageState = { spans: [], assertions: [], syncs: [] };

function laterReconciliation(state: CoverageState, at: number, by: string): CoverageState["reconciled"] {
  return state.reconciled && state.reconciled.at >= at ? state.reconciled : { at, by };
}
const KEEP_SYNCS = 20;

const startOf = (s: Span) => (s.from === null ? -Infinity : s.from);

/** Adds a span, merging every span it overlaps or touches. */
export function addSpan(spans: readonly Span[], span: Span): Span[] {
  let merged = { ...span };
  const rest: Span[] = [];
  for (const s of spans) {
    if (startOf(s) <= merged.to && startOf(merged) <= s.to) {
      merged = { from: startOf(s) < startOf(merged) ? s.from : merged.from, to: Math.max(s.to, merged.to) };
    } else rest.push(s);
  }
  return [...rest, merged].sort((a, b) => startOf(a) - startOf(b));
}

/** The span that reaches furthest: the ledger's history is complete from its start to its end. */
export function latestSpan(state: CoverageState): Span | undefined {
  return state.spans.reduce<Span | undefined>((best, s) => (!best || s.to > best.to ? s : best), undefined);
}

export function recordSync(state: CoverageState, sync: SyncRecord): CoverageState {
  return {
    ...state,
    spans: addSpan(state.spans, { from: sync.from, to: sync.to }),
    syncs: [sync, ...state.syncs].slice(0, KEEP_SYNCS),
    reconciled: sync.reconciledAt === undefined ? state.reconciled : laterReconciliation(state, sync.reconciledAt, `the ledger sync by ${sync.by}`),
  };
}

/** No claim before `since` means no number held then either: every stack's index was complete (empty) at `since`. */
export function recordAssertion(state: CoverageState, assertion: Assertion): CoverageState {
  return {
    ...state,
    spans: addSpan(state.spans, { from: null, to: assertion.since }),
    assertions: [...state.assertions, assertion],
    reconciled: laterReconciliation(state, assertion.since, `the assertion by ${assertion.by} that the account had no churn before ${new Date(assertion.since).toISOString()}`),
  };
}

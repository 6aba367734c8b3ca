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
  /** Taken back (`ledger retract`): kept for the audit, no longer counted. */
  retracted?: { by: string; at: number };
}

export interface CoverageState {
  /** What history is complete over: the sources' spans and the standing assertions', merged. */
  spans: Span[];
  /**
   * The sources' spans alone (syncs, imports), so a retracted assertion can be taken out of `spans`. Absent in a
   * ledger written before assertions could be retracted: derived then (evidenceOf).
   */
  evidence?: Span[];
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

/**
 * The sources' spans. A ledger written before they were kept apart: its spans when it holds no assertion (all of
 * them are evidence then), else its kept syncs' spans (less than it saw, never more).
 */
export function evidenceOf(state: CoverageState): Span[] {
  if (state.evidence) return state.evidence;
  if (state.assertions.length === 0) return state.spans;
  return state.syncs.reduce<Span[]>((spans, s) => addSpan(spans, { from: s.from, to: s.to }), []);
}

/** A source (a sync, an import) saw every claim and release within `span`. */
export function recordEvidence(state: CoverageState, span: Span): CoverageState {
  return { ...state, spans: addSpan(state.spans, span), evidence: addSpan(evidenceOf(state), span) };
}

export function standingAssertions(state: CoverageState): Assertion[] {
  return state.assertions.filter((a) => a.retracted === undefined);
}

export function recordSync(state: CoverageState, sync: SyncRecord): CoverageState {
  return {
    ...recordEvidence(state, { from: sync.from, to: sync.to }),
    syncs: [sync, ...state.syncs].slice(0, KEEP_SYNCS),
    reconciled:
      sync.reconciledAt === undefined
        ? state.reconciled
        : laterReconciliation(state, sync.reconciledAt, `the ledger sync by ${sync.by}`),
  };
}

const assertionReconciliation = (a: Assertion) =>
  `the assertion by ${a.by} that the account had no churn before ${new Date(a.since).toISOString()}`;

/** No claim before `since` means no number held then either: every stack's index was complete (empty) at `since`. */
export function recordAssertion(state: CoverageState, assertion: Assertion): CoverageState {
  return {
    ...state,
    evidence: evidenceOf(state),
    spans: addSpan(state.spans, { from: null, to: assertion.since }),
    assertions: [...state.assertions, assertion],
    reconciled: laterReconciliation(state, assertion.since, assertionReconciliation(assertion)),
  };
}

/**
 * Takes back every standing assertion made for `since`: the spans are rebuilt from the sources' and the assertions
 * that still stand, and an index completeness the assertion alone gave falls back to the syncs'.
 */
export function retractAssertion(
  state: CoverageState,
  since: number,
  by: string,
  at: number,
): { state: CoverageState; retracted: Assertion[] } {
  const retracted = standingAssertions(state).filter((a) => a.since === since);
  if (retracted.length === 0) return { state, retracted };
  const assertions = state.assertions.map((a) => (retracted.includes(a) ? { ...a, retracted: { by, at } } : a));
  const evidence = evidenceOf(state);
  const standing = assertions.filter((a) => a.retracted === undefined);
  const spans = standing.reduce((acc, a) => addSpan(acc, { from: null, to: a.since }), evidence);
  const gave = (r: CoverageState["reconciled"]) =>
    r !== undefined && retracted.some((a) => r.at === a.since && r.by === assertionReconciliation(a));
  let reconciled = gave(state.reconciled) ? undefined : state.reconciled;
  if (reconciled === undefined) {
    const candidates = [
      ...state.syncs.flatMap((s) =>
        s.reconciledAt === undefined ? [] : [{ at: s.reconciledAt, by: `the ledger sync by ${s.by}` }],
      ),
      ...standing.map((a) => ({ at: a.since, by: assertionReconciliation(a) })),
    ];
    reconciled = candidates.reduce<CoverageState["reconciled"]>(
      (best, c) => (!best || c.at > best.at ? c : best),
      undefined,
    );
  }
  return { state: { ...state, evidence, spans, assertions, reconciled }, retracted };
}

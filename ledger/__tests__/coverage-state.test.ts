import { CoverageState, EMPTY_COVERAGE, recordAssertion, recordSync, retractAssertion } from "../coverage-state";

const DAY = 86_400_000;
const T = Date.parse("2026-06-01T00:00:00Z");
const sync = (from: number, to: number) => ({
  at: to,
  by: "nightly",
  from,
  to,
  added: 0,
  matched: 0,
  known: 0,
  freed: 0,
  ownershipFixed: 0,
  inferredReleases: 0,
});

describe("coverage state: retracting an assertion", () => {
  it("rebuilds the spans from the sources' and the assertions that stand", () => {
    let s = recordSync(EMPTY_COVERAGE, sync(T - 90 * DAY, T));
    s = recordAssertion(s, { since: T - 80 * DAY, by: "alice", at: T });
    s = recordAssertion(s, { since: T - 200 * DAY, by: "bob", at: T });
    expect(s.spans).toEqual([{ from: null, to: T }]);
    const { state, retracted } = retractAssertion(s, T - 80 * DAY, "carol", T + 1);
    expect(retracted.map((a) => a.by)).toEqual(["alice"]);
    expect(state.spans).toEqual([
      { from: null, to: T - 200 * DAY },
      { from: T - 90 * DAY, to: T },
    ]);
    expect(state.assertions.find((a) => a.by === "alice")?.retracted).toEqual({ by: "carol", at: T + 1 });
    expect(retractAssertion(state, T - 80 * DAY, "carol", T + 2).retracted).toEqual([]);
  });

  it("a ledger written before the sources' spans were kept apart falls back to its kept syncs, never to more", () => {
    const legacy: CoverageState = {
      spans: [{ from: null, to: T }],
      assertions: [{ since: T - 60 * DAY, by: "alice", at: T - 100 * DAY }],
      syncs: [sync(T - 90 * DAY, T)],
      reconciled: {
        at: T - 60 * DAY,
        by: `the assertion by alice that the account had no churn before ${new Date(T - 60 * DAY).toISOString()}`,
      },
    };
    const { state } = retractAssertion(legacy, T - 60 * DAY, "carol", T);
    expect(state.spans).toEqual([{ from: T - 90 * DAY, to: T }]);
    expect(state.reconciled).toBeUndefined();
  });
});

/**
 * Cases of the differential tests that disagree on main, by case name, with the issue item whose fix makes them
 * agree. Each runs as `it.failing` until then; remove its entry when the fix lands (the case then passes, and
 * `it.failing` says so by failing).
 */
export const KNOWN_DISAGREEMENTS: Record<string, string> = {};

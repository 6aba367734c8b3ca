/**
 * The inputs a replacement rule finds forcing, each listed once and in the order found; those in `ignored` (the
 * resource's ignoreChanges) never force.
 */
export function forcingList<K extends string>(ignored: readonly string[]): { out: K[]; add: (k: K) => void } {
  const out: K[] = [];
  const add = (k: K) => {
    if (!ignored.includes(k) && !out.includes(k)) out.push(k);
  };
  return { out, add };
}

/**
 * The inputs a replacement rule finds forcing, each listed once and in the order found; those in `ignored` (the
 * resource's ignoreChanges) never force. `unknown` says whether an input is unknown at preview: such an input counts
 * as changed, and every rule asks it first.
 */
export function forcingList<K extends string>(
  ignored: readonly string[],
  unknownInputs: readonly K[],
): { out: K[]; add: (k: K) => void; unknown: (k: K) => boolean } {
  const out: K[] = [];
  const add = (k: K) => {
    if (!ignored.includes(k) && !out.includes(k)) out.push(k);
  };
  return { out, add, unknown: (k) => unknownInputs.includes(k) };
}

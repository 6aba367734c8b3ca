/** What a kind's replacement rule is given to name the inputs that force a new number. */
export interface Forcing<K extends string> {
  /** Whether the input is unknown at preview: such an input counts as changed. */
  unknown: (k: K) => boolean;
  /** Names k as forcing. */
  add: (k: K) => void;
  /** Names k as forcing when it is unknown or `differs`: the test every input of every kind passes. */
  force: (k: K, differs: boolean) => void;
}

/**
 * A replacement rule from a kind's comparisons: it answers the inputs that force a new number for a held number and
 * a wanted one, each listed once and in the order found; those in `ignored` (the resource's ignoreChanges) never
 * force.
 */
export function forcingRule<Held, Wanted extends { unknown: readonly K[] }, K extends string>(
  compare: (held: Held, wanted: Wanted, forcing: Forcing<K>) => void,
): (held: Held, wanted: Wanted, ignored?: readonly string[]) => K[] {
  return (held, wanted, ignored = []) => {
    const out: K[] = [];
    const unknown = (k: K) => wanted.unknown.includes(k);
    const add = (k: K) => {
      if (!ignored.includes(k) && !out.includes(k)) out.push(k);
    };
    const force = (k: K, differs: boolean) => {
      if (unknown(k) || differs) add(k);
    };
    compare(held, wanted, { unknown, add, force });
    return out;
  };
}

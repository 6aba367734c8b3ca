/**
 * The numbers libphonenumber patterns accept, counted and picked by rank without listing them.
 *
 * libphonenumber's national-number patterns use a small regular-expression subset: digits, `\d`, classes such as
 * `[2-9]` or `[0-24-8]`, groups `(?:…)`, alternation, and the quantifiers `?`, `{n}` and `{n,m}`. This module
 * compiles several of them into one deterministic automaton over the digits 0-9 (built lazily from sets of NFA
 * states), accepting what every `include` pattern matches entirely and no `exclude` pattern does, and answers "how
 * many numbers of length L, with these digits allowed at each position, does it accept?" and "which is the k-th?". That is what lets the emulator offer any of billions of valid numbers under a
 * prefix without materializing a pool. No maintained package does this for JavaScript's regex dialect with
 * counting and ranking, so it is written here; the property tests in emulator/__tests__/pool.test.ts check every
 * answer against libphonenumber itself.
 */

/** Allowed digits as a 10-bit set: bit d set ⇔ digit d allowed. */
export type DigitMask = number;
export const ANY_DIGIT: DigitMask = 0x3ff;

type Node =
  | { kind: "digits"; mask: DigitMask }
  | { kind: "alt"; options: Node[] }
  | { kind: "seq"; items: Node[] }
  | { kind: "repeat"; node: Node; min: number; max: number };

class Parser {
  private at = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at !== this.source.length) this.fail("unexpected character");
    return node;
  }

  private fail(why: string): never {
    throw new Error(`unsupported phone-number pattern ${JSON.stringify(this.source)} at ${this.at}: ${why}`);
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.source[this.at] === "|") {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.source[this.at] !== "|" && this.source[this.at] !== ")")
      items.push(this.quantified(this.atom()));
    return { kind: "seq", items };
  }

  private atom(): Node {
    const c = this.source[this.at++];
    if (c >= "0" && c <= "9") return { kind: "digits", mask: 1 << Number(c) };
    if (c === "\\" && this.source[this.at] === "d") {
      this.at++;
      return { kind: "digits", mask: ANY_DIGIT };
    }
    if (c === "[") return this.digitClass();
    if (c === "(") {
      if (this.source.startsWith("?:", this.at)) this.at += 2;
      const inner = this.alternation();
      if (this.source[this.at++] !== ")") this.fail("missing )");
      return inner;
    }
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private digitClass(): Node {
    let mask = 0;
    while (this.source[this.at] !== "]") {
      const from = this.classDigit();
      let to = from;
      if (this.source[this.at] === "-") {
        this.at++;
        to = this.classDigit();
      }
      for (let d = from; d <= to; d++) mask |= 1 << d;
    }
    this.at++;
    return { kind: "digits", mask };
  }

  private classDigit(): number {
    const c = this.source[this.at++];
    if (c === "\\" && this.source[this.at] === "d") this.fail("\\d inside a class");
    if (!(c >= "0" && c <= "9")) this.fail(`unexpected ${JSON.stringify(c)} in a class`);
    return Number(c);
  }

  private quantified(node: Node): Node {
    const c = this.source[this.at];
    if (c === "?") {
      this.at++;
      return { kind: "repeat", node, min: 0, max: 1 };
    }
    if (c !== "{") return node;
    const match = /^\{(\d+)(?:,(\d+))?\}/.exec(this.source.slice(this.at));
    if (!match) return this.fail("bad quantifier");
    this.at += match[0].length;
    const min = Number(match[1]);
    return { kind: "repeat", node, min, max: match[2] === undefined ? min : Number(match[2]) };
  }
}

/** A Thompson NFA: digit edges and ε edges. */
class Nfa {
  readonly edges: Array<Array<[DigitMask, number]>> = [];
  readonly epsilon: number[][] = [];

  state(): number {
    this.edges.push([]);
    this.epsilon.push([]);
    return this.edges.length - 1;
  }

  /** Builds `node` between two new states; returns [entry, exit]. */
  build(node: Node): [number, number] {
    switch (node.kind) {
      case "digits": {
        const [a, b] = [this.state(), this.state()];
        this.edges[a].push([node.mask, b]);
        return [a, b];
      }
      case "seq": {
        const entry = this.state();
        let exit = entry;
        for (const item of node.items) {
          const [a, b] = this.build(item);
          this.epsilon[exit].push(a);
          exit = b;
        }
        return [entry, exit];
      }
      case "alt": {
        const [entry, exit] = [this.state(), this.state()];
        for (const option of node.options) {
          const [a, b] = this.build(option);
          this.epsilon[entry].push(a);
          this.epsilon[b].push(exit);
        }
        return [entry, exit];
      }
      case "repeat": {
        const entry = this.state();
        const exit = this.state();
        let at = entry;
        for (let i = 0; i < node.max; i++) {
          if (i >= node.min) this.epsilon[at].push(exit);
          const [a, b] = this.build(node.node);
          this.epsilon[at].push(a);
          at = b;
        }
        this.epsilon[at].push(exit);
        return [entry, exit];
      }
    }
  }

  closure(states: Iterable<number>): number[] {
    const seen = new Set<number>();
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...this.epsilon[s]);
    }
    return [...seen].sort((a, b) => a - b);
  }
}

/** Per-position digit constraints for numbers of one length: positions past `masks.length` allow any digit. */
export interface Shape {
  length: number;
  masks: DigitMask[];
}

const DEAD = -1;
const UNKNOWN = -2;

export interface DigitLanguage {
  /** Patterns a number must match entirely (as libphonenumber's matchesEntirely). */
  include: string[];
  /** Patterns it must not match entirely. */
  exclude?: string[];
}

/** Compiled patterns: counts and ranks the numbers of a DigitLanguage. */
export class DigitPattern {
  private readonly nfa = new Nfa();
  private readonly includeExits: number[];
  private readonly excludeExits: number[];
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  private readonly next: Int32Array[] = [];
  private readonly accepting: boolean[] = [];
  /** free[state][n]: accepted completions of exactly n more digits, any digits. */
  private readonly free: number[][] = [];
  private readonly start: number;

  constructor(readonly language: DigitLanguage) {
    const build = (source: string) => this.nfa.build(new Parser(source).parse());
    const included = language.include.map(build);
    const excluded = (language.exclude ?? []).map(build);
    this.includeExits = included.map(([, exit]) => exit);
    this.excludeExits = excluded.map(([, exit]) => exit);
    // One automaton over the union of the patterns' states is their product: a state set says which accept.
    this.start = this.dfaState(this.nfa.closure([...included, ...excluded].map(([entry]) => entry)));
  }

  /** How many accepted numbers fit the shape. */
  count(shape: Shape): number {
    return this.countFrom(this.start, 0, shape, new Map());
  }

  /** The rank-th (0-based) accepted number fitting the shape, digits in ascending order at each position. */
  nth(shape: Shape, rank: number): string {
    const memo = new Map<number, number>();
    let state = this.start;
    let digits = "";
    for (let pos = 0; pos < shape.length; pos++) {
      const mask = pos < shape.masks.length ? shape.masks[pos] : ANY_DIGIT;
      let chosen = false;
      for (let d = 0; d <= 9 && !chosen; d++) {
        if (!(mask & (1 << d))) continue;
        const to = this.step(state, d);
        if (to === DEAD) continue;
        const n = this.countFrom(to, pos + 1, shape, memo);
        if (rank < n) {
          digits += String(d);
          state = to;
          chosen = true;
        } else {
          rank -= n;
        }
      }
      if (!chosen) throw new RangeError(`rank out of range for ${JSON.stringify(this.language)}`);
    }
    return digits;
  }

  private countFrom(state: number, pos: number, shape: Shape, memo: Map<number, number>): number {
    if (pos >= shape.masks.length) return this.freeCount(state, shape.length - pos);
    const key = state * 32 + pos;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let total = 0;
    for (let d = 0; d <= 9; d++) {
      if (!(shape.masks[pos] & (1 << d))) continue;
      const to = this.step(state, d);
      if (to !== DEAD) total += this.countFrom(to, pos + 1, shape, memo);
    }
    memo.set(key, total);
    return total;
  }

  private freeCount(state: number, remaining: number): number {
    const row = this.free[state];
    if (row[remaining] !== undefined) return row[remaining];
    let total = 0;
    if (remaining === 0) total = this.accepting[state] ? 1 : 0;
    else {
      for (let d = 0; d <= 9; d++) {
        const to = this.step(state, d);
        if (to !== DEAD) total += this.freeCount(to, remaining - 1);
      }
    }
    row[remaining] = total;
    return total;
  }

  private dfaState(set: number[]): number {
    const key = set.join(",");
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.sets.length;
    this.sets.push(set);
    this.ids.set(key, id);
    this.next.push(new Int32Array(10).fill(UNKNOWN));
    const has = new Set(set);
    this.accepting.push(this.includeExits.every((e) => has.has(e)) && !this.excludeExits.some((e) => has.has(e)));
    this.free.push([]);
    return id;
  }

  private step(state: number, digit: number): number {
    const cached = this.next[state][digit];
    if (cached !== UNKNOWN) return cached;
    const targets: number[] = [];
    for (const s of this.sets[state])
      for (const [mask, to] of this.nfa.edges[s]) if (mask & (1 << digit)) targets.push(to);
    const result = targets.length === 0 ? DEAD : this.dfaState(this.nfa.closure(targets));
    this.next[state][digit] = result;
    return result;
  }
}

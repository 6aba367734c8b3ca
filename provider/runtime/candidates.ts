import { randomInt } from "node:crypto";

/** One page of SearchAvailablePhoneNumbers: up to 10 numbers, and the token of the next page if there is one. */
export interface SearchPage {
  numbers: string[];
  nextToken?: string;
}

/**
 * The numbers a deployment's searches found, handed out one per claim: resources with the same search criteria
 * that are created in parallel share the search pages instead of each searching and all racing for the same first
 * ten numbers (every lost race is a ClaimPhoneNumber call at AWS's 2 requests/second; at `--parallel 32` that was
 * five claim calls per number). Pages are followed by NextToken, so parallel claims take disjoint numbers; each page
 * is shuffled, as CloudFormation's handler does, so another deployment searching at the same time rarely picks the
 * same number. A number is handed out once per deployment: one that was lost to someone else is not offered again.
 */
export class CandidatePool {
  private readonly queues = new Map<string, { numbers: string[]; nextToken?: string; fetching?: Promise<number> }>();
  private readonly handed = new Set<string>();

  /**
   * The next number for criteria `key`, or undefined when `maxSearches` searches (this call's own, or ones it
   * waited for) found nothing new. `search` fetches one page (from the start when `nextToken` is undefined).
   */
  async take(
    key: string,
    search: (nextToken: string | undefined) => Promise<SearchPage>,
    maxSearches = 5,
  ): Promise<string | undefined> {
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = { numbers: [] }));
    for (let fruitless = 0; ;) {
      while (queue.numbers.length > 0) {
        const n = queue.numbers.shift()!;
        if (!this.handed.has(n)) {
          this.handed.add(n);
          return n;
        }
      }
      if (fruitless >= maxSearches) return undefined;
      // One search at a time per criteria: the callers waiting share its page.
      const q = queue;
      q.fetching ??= search(q.nextToken)
        .then((page) => {
          const fresh = page.numbers.filter((n) => !this.handed.has(n));
          q.numbers.push(...shuffled(fresh));
          // At the end of the results, start over: numbers freed since (a lost claim, a release) show up again.
          q.nextToken = page.nextToken;
          return fresh.length;
        })
        .finally(() => (q.fetching = undefined));
      // Only a page with nothing new counts against the caller: with more callers waiting than a page holds, a
      // caller may see several pages go to others before one is its turn (80 parallel claims of ten sets did).
      if ((await q.fetching) === 0) fruitless++;
    }
  }
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

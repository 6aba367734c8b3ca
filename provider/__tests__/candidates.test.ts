import fc from "fast-check";
import { CandidatePool, SearchPage } from "../runtime/candidates";

/** An account's available numbers, searched 10 a page with NextToken as SearchAvailablePhoneNumbers does. */
function inventory(size: number): {
  search: (token: string | undefined) => Promise<SearchPage>;
  searches: () => number;
} {
  const numbers = Array.from({ length: size }, (_, i) => `+1206555${String(i).padStart(4, "0")}`);
  let searches = 0;
  return {
    searches: () => searches,
    async search(token) {
      searches++;
      await new Promise((r) => setImmediate(r));
      const from = Number(token ?? 0);
      const to = Math.min(from + 10, numbers.length);
      return { numbers: numbers.slice(from, to), nextToken: to < numbers.length ? String(to) : undefined };
    },
  };
}

describe("CandidatePool", () => {
  it("gives every one of many parallel callers its own number while the account has enough", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 40 }), async (callers, spare) => {
        const pool = new CandidatePool();
        const account = inventory(callers + spare);
        const got = await Promise.all(Array.from({ length: callers }, () => pool.take("k", account.search)));
        expect(got.filter((n) => n === undefined)).toHaveLength(0);
        expect(new Set(got).size).toBe(callers);
      }),
      { numRuns: 40 },
    );
  });

  it("answers undefined once the searches find nothing new", async () => {
    const pool = new CandidatePool();
    const account = inventory(3);
    const got = await Promise.all(Array.from({ length: 5 }, () => pool.take("k", account.search, 2)));
    expect(got.filter((n) => n !== undefined)).toHaveLength(3);
    expect(account.searches()).toBeLessThanOrEqual(4);
  });
});

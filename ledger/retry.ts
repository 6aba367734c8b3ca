/** How often a conditional write may lose a race before the operation gives up (with 8 processes racing, a few). */
const MAX_ATTEMPTS = 200;

/**
 * Optimistic concurrency: run `attempt` until it is done, backing off with jitter after each lost race, so N
 * processes writing one item converge instead of colliding in step.
 */
export async function retrying<T>(
  what: string,
  attempt: () => Promise<{ done: true; value: T } | { done: false }>,
): Promise<T> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const outcome = await attempt();
    if (outcome.done) return outcome.value;
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 5 * 2 ** Math.min(i, 6))));
  }
  throw new Error(
    `ledger: ${what}: lost ${MAX_ATTEMPTS} conditional writes in a row to other processes; try again, and check for a runaway writer`,
  );
}

/**
 * The AWS calls this process is waiting on, so a command that waits long can say on what (cli/slow-calls.ts) instead
 * of sitting silent. Recorded at the SDK's edge (aws/attempts.ts), retries included.
 */
export interface InFlightCall {
  /** "CloudTrail", from the client's name. */
  service: string;
  /** "LookupEvents". */
  operation: string;
  /** When the call (its first attempt) started, ms since the epoch. */
  since: number;
  /** The attempts that have ended so far; the one in flight is the next. */
  attemptsEnded: () => number;
}

const calls = new Set<InFlightCall>();

/** Records a call until `end` is called. */
export function startCall(call: InFlightCall): { end(): void } {
  calls.add(call);
  return { end: () => calls.delete(call) };
}

/** The calls in flight, the longest-waiting first. */
export function inFlightCalls(): InFlightCall[] {
  return [...calls].sort((a, b) => a.since - b.since);
}

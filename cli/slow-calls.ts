import { MAX_ATTEMPTS, requestTimeoutMs } from "../aws/clients";
import { InFlightCall, inFlightCalls } from "../aws/in-flight";

/** How long a call waits before the command says so, and how often it says so again while it still waits. */
const FIRST_NOTICE_MS = 10_000;
const NOTICE_EVERY_MS = 15_000;

/** "waiting for CloudTrail LookupEvents: 12 s so far, attempt 1 of up to 6 (each times out after 30 s)". */
export function waitingSentence(call: InFlightCall, now: number): string {
  const seconds = Math.round((now - call.since) / 1000);
  return (
    `waiting for ${call.service} ${call.operation}: ${seconds} s so far, attempt ${call.attemptsEnded() + 1} of up to ` +
    `${MAX_ATTEMPTS} (each times out after ${requestTimeoutMs() / 1000} s)`
  );
}

/**
 * While a command runs, says on stderr which AWS call it has waited on for more than 10 s, and again every 15 s it
 * still waits: a slow or hanging endpoint is named instead of a silent command. A command whose calls answer in time
 * prints nothing. Returns the function that stops it.
 */
export function sayLongWaits(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): () => void {
  let lastSaid = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    const [oldest] = inFlightCalls();
    if (!oldest || now - oldest.since < FIRST_NOTICE_MS || now - lastSaid < NOTICE_EVERY_MS) return;
    lastSaid = now;
    write(`connect-numbers: ${waitingSentence(oldest, now)}`);
  }, 1_000);
  timer.unref();
  return () => clearInterval(timer);
}

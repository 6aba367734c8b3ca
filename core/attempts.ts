/**
 * Whether an AWS call that failed may still have acted. The SDK retries: its first attempt can reach AWS and be
 * committed while the answer is lost, and the retries then fail for reasons of their own (a throttle, a 5xx). The
 * final error speaks for the last attempt only, so a failed call is judged from every one of its attempts.
 */

/** One attempt of a call as the client saw it: AWS's answer (HTTP status, and the error code if it is an error), or none. */
export type Attempt = { answered: true; status: number; error?: string } | { answered: false; reason: string };

/** A failed call did certainly nothing, or may have acted. */
export type FailedCallOutcome = "nothing" | "uncertain";

/**
 * Errors AWS documents as a refusal of the request itself: a throttle, a request it cannot parse or validate, a
 * caller it does not authorise, a resource that is not there or is in use, a token used with other parameters, a
 * quota already reached. AWS does not say that these are decided before any change; we assume they are, as their
 * meaning implies (a refusal that acted would be a success). Anything not listed (an unknown 4xx included) counts
 * as possibly acted.
 */
const REFUSALS = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ThrottledException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "ServiceQuotaExceededException",
  "InvalidParameterException",
  "InvalidRequestException",
  "ValidationException",
  "SerializationException",
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignature",
  "MissingAuthenticationTokenException",
  "ExpiredTokenException",
  "ResourceNotFoundException",
  "ResourceInUseException",
  "IdempotencyException",
]);

/** "ThrottlingException:http://internal…" and "aws.protocols#ThrottlingException" name the same error. */
function errorCode(error: string): string {
  return error.split(":")[0].split("#").pop()!;
}

/**
 * Whether AWS's answer to this attempt proves the attempt acted on nothing. No answer (a socket closed, a
 * timeout, an abort) proves nothing: the request may have been committed. A 5xx neither: AWS does not say whether
 * an internal error came before or after the change. A 2xx in a failed call is an answer the client could not
 * read: it acted. A 429 is a refusal to process, whatever its code.
 */
export function attemptActedOnNothing(attempt: Attempt): boolean {
  if (!attempt.answered) return false;
  if (attempt.status === 429) return true;
  if (attempt.status < 400 || attempt.status >= 500 || attempt.error === undefined) return false;
  return REFUSALS.has(errorCode(attempt.error));
}

/**
 * A failed call did nothing only when every attempt is known to have acted on nothing; no attempt at all (the
 * client refused the request before sending it) is nothing too.
 */
export function failedCallOutcome(attempts: readonly Attempt[]): FailedCallOutcome {
  return attempts.every(attemptActedOnNothing) ? "nothing" : "uncertain";
}

/** For messages: "attempt 1: no answer (socket hang up); attempts 2-6: TooManyRequestsException (429)". */
export function describeAttempts(attempts: readonly Attempt[]): string {
  if (attempts.length === 0) return "no attempt was sent";
  const what = (a: Attempt) => (a.answered ? `${a.error ?? "success"} (${a.status})` : `no answer (${a.reason})`);
  const runs: Array<{ from: number; to: number; text: string }> = [];
  attempts.forEach((a, i) => {
    const text = what(a);
    const last = runs[runs.length - 1];
    if (last && last.text === text) last.to = i + 1;
    else runs.push({ from: i + 1, to: i + 1, text });
  });
  return runs
    .map((r) => (r.from === r.to ? `attempt ${r.from}: ${r.text}` : `attempts ${r.from}-${r.to}: ${r.text}`))
    .join("; ");
}

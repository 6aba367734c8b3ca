import type { DeserializeMiddleware, InitializeMiddleware, MiddlewareStack } from "@smithy/types";
import { Attempt, FailedCallOutcome, failedCallOutcome } from "../core/attempts";
import { startCall } from "./in-flight";

/**
 * Every attempt of every call, retries included, recorded at the SDK's edge so a failed call can be judged from
 * all of them (core/attempts.ts), not from its last error. The attempts ride on the call's final error: a
 * non-enumerable property under a global symbol, so a second copy of this module (another provider string's
 * checkout) still reads them.
 */

const CALL = Symbol.for("connect-numbers.call");
const ATTEMPTS = Symbol.for("connect-numbers.attempts");

/** What one call (one `send`) met: its service ("CloudTrail") and operation ("LookupEvents"), each attempt's answer. */
export interface CallRecord {
  service: string;
  operation: string;
  attempts: Attempt[];
}

type Carrier = Record<symbol, unknown>;

function attemptOf(err: unknown): Attempt {
  const e = (err ?? {}) as {
    name?: string;
    message?: string;
    $response?: { statusCode?: number };
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  return status === undefined
    ? { answered: false, reason: e.message ?? e.name ?? String(err) }
    : { answered: true, status, error: e.name };
}

/**
 * Adds the two recorders to a client: one outermost (initialize, high), which hands the call's attempts to its
 * final error; one inside the retry loop and the signer, around the deserializer (deserialize, high), which sees
 * each attempt's answer, parsed, or the transport's error when none came.
 */
export function recordAttempts(client: { middlewareStack: unknown }): void {
  const stack = client.middlewareStack as MiddlewareStack<object, object>;
  const call: InitializeMiddleware<object, object> = (next, context) => async (args) => {
    const attempts: Attempt[] = [];
    (context as Carrier)[ATTEMPTS] = attempts;
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    const service = (context.clientName ?? "").replace(/Client$/, "");
    const inFlight = startCall({
      service,
      operation,
      since: Date.now(),
      attemptsEnded: () => attempts.length,
    });
    try {
      return await next(args);
    } catch (err) {
      if (typeof err === "object" && err !== null && !(CALL in err)) {
        const record: CallRecord = { service, operation, attempts };
        Object.defineProperty(err, CALL, { value: record, enumerable: false });
      }
      throw err;
    } finally {
      inFlight.end();
    }
  };
  const attempt: DeserializeMiddleware<object, object> = (next, context) => async (args) => {
    const attempts = (context as Carrier)[ATTEMPTS] as Attempt[] | undefined;
    try {
      const out = await next(args);
      attempts?.push({ answered: true, status: (out.response as { statusCode?: number }).statusCode ?? 200 });
      return out;
    } catch (err) {
      attempts?.push(attemptOf(err));
      throw err;
    }
  };
  stack.add(call, { step: "initialize", priority: "high", name: "connectNumbersCallRecord", override: true });
  stack.add(attempt, { step: "deserialize", priority: "high", name: "connectNumbersAttemptRecord", override: true });
}

/**
 * The record of the call of `operation` an error (or an error it wraps, through `cause`) came from; without an
 * operation, of whichever call it came from.
 */
export function callRecordOf(err: unknown, operation?: string): CallRecord | undefined {
  for (const e of causeChain(err)) {
    const record = (e as Carrier)[CALL] as CallRecord | undefined;
    if (record !== undefined && (operation === undefined || record.operation === operation)) return record;
  }
  return undefined;
}

/** An error and those it wraps through `cause`, outermost first: at most five deep (a cycle ends there too). */
export function* causeChain(err: unknown): Generator<object> {
  for (let e = err, depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    yield e;
    e = (e as { cause?: unknown }).cause;
  }
}

/**
 * Whether the call of `operation` behind this error certainly did nothing. An error that carries no record of that
 * call (it came from another call, or from code) says nothing about it: uncertain.
 */
export function outcomeOfFailure(err: unknown, operation: string): FailedCallOutcome {
  const record = callRecordOf(err, operation);
  return record === undefined ? "uncertain" : failedCallOutcome(record.attempts);
}

import { awsDefaultRate } from "connect-numbers/aws/rate-limit";
import { ServiceError, throttling } from "../state/errors";

export type FaultKind =
  "throttle" | "internal" | "too-many-requests" | "access-denied" | "drop-after-commit" | "claim-failed" | "latency";

/** The errors a fault can answer with before the operation runs. */
export type RefusalKind = "throttle" | "internal" | "too-many-requests" | "access-denied";

export interface Fault {
  /** An operation name (ClaimPhoneNumber, LookupEvents, …) or "*" for every operation. */
  operation: string;
  kind: FaultKind;
  /** How many more calls it affects; latency without a count lasts until cleared. */
  remaining?: number;
  message?: string;
  latencyMs?: number;
  /**
   * For drop-after-commit: what the next `count` requests of the same operation meet after each lost answer (the
   * SDK's retries of a committed call, throttled at Connect's 2 requests/second, or a 5xx).
   */
  then?: { kind: RefusalKind; count: number };
}

export interface RateLimit {
  /** Every operation's rate, unless perOperation or multiplierOfAwsDefaults gives one. */
  ratePerSecond: number;
  burst: number;
  /** Requests per second by operation name (ClaimPhoneNumber, LookupEvents, …). */
  perOperation?: Record<string, number>;
  /** Each operation with a published AWS default (aws/rate-limit.ts) at N times it: 10 keeps benchmarks short. */
  multiplierOfAwsDefaults?: number;
}

/** The rate one operation gets under a limit. */
export function operationRate(limit: RateLimit, operation: string): number {
  const explicit = limit.perOperation?.[operation];
  if (explicit !== undefined) return explicit;
  const aws = limit.multiplierOfAwsDefaults === undefined ? undefined : awsDefaultRate(operation);
  return aws === undefined ? limit.ratePerSecond : aws * limit.multiplierOfAwsDefaults!;
}

const REFUSALS: FaultKind[] = ["throttle", "internal", "too-many-requests", "access-denied"];

/**
 * What the control plane has asked the emulator to get wrong. Rate limiting uses real time, not the emulator's
 * clock, because tests move the clock by days.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  rateLimit: RateLimit | undefined;
  private buckets = new Map<string, { tokens: number; last: number }>();

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
    this.rateLimit = undefined;
    this.buckets.clear();
  }

  list(): { faults: Fault[]; rateLimit?: RateLimit } {
    return { faults: this.faults.map((f) => ({ ...f })), rateLimit: this.rateLimit };
  }

  /** The error this call must fail with before it touches state, if any. */
  errorFor(operation: string, accountId: string): ServiceError | undefined {
    if (this.rateLimit && !this.takeToken(`${accountId}/${operation}`, this.rateLimit)) return throttling();
    const fault = this.take(operation, REFUSALS);
    if (!fault) return undefined;
    switch (fault.kind) {
      case "throttle":
        return throttling(fault.message ?? "Rate exceeded");
      case "access-denied":
        return new ServiceError(
          "AccessDeniedException",
          403,
          fault.message ?? `User is not authorized to perform: connect:${operation}`,
        );
      case "internal":
        return new ServiceError(
          "InternalServiceException",
          500,
          fault.message ?? "Request processing failed because of an error or failure with the service.",
        );
      default:
        return new ServiceError("TooManyRequestsException", 429, fault.message ?? "Too Many Requests");
    }
  }

  latencyFor(operation: string): number {
    const fault = this.faults.find((f) => f.kind === "latency" && (f.operation === operation || f.operation === "*"));
    if (!fault) return 0;
    this.consume(fault);
    return fault.latencyMs ?? 0;
  }

  /** Whether this call's answer is lost; a fault with `then` queues what the retries of `operation` meet next, first in line. */
  dropAfterCommit(operation: string): boolean {
    const fault = this.take(operation, ["drop-after-commit"]);
    if (fault?.then) this.faults.unshift({ operation, kind: fault.then.kind, remaining: fault.then.count });
    return fault !== undefined;
  }

  claimFailure(): string | undefined {
    const fault = this.take("ClaimPhoneNumber", ["claim-failed"]);
    return fault ? (fault.message ?? "The claim failed (fault injected by the emulator).") : undefined;
  }

  private take(operation: string, kinds: FaultKind[]): Fault | undefined {
    const fault = this.faults.find((f) => kinds.includes(f.kind) && (f.operation === operation || f.operation === "*"));
    if (fault) this.consume(fault);
    return fault;
  }

  private consume(fault: Fault): void {
    if (fault.remaining === undefined) {
      if (fault.kind !== "latency") this.faults = this.faults.filter((f) => f !== fault);
      return;
    }
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
  }

  /** One token from the bucket `key` (real time); false when it is empty. Also used for SMS and voice v2's own per-operation limits. */
  takeToken(key: string, limit: RateLimit): boolean {
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, last: now };
    const operation = key.slice(key.indexOf("/") + 1);
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.last) / 1000) * operationRate(limit, operation),
    );
    bucket.last = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens--;
    return true;
  }
}

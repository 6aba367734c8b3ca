import type { FinalizeRequestMiddleware, MiddlewareStack } from "@smithy/types";

/**
 * Client-side pacing at AWS's published request rates, so a large `up` runs at the limit instead of into throttling.
 * The SDK's adaptive retry stays underneath: it handles the throttles other processes on the account cause.
 *
 * The services a client can belong to, by their IAM prefix (what people write in a policy and in `rateLimits`).
 */
export type RateLimitedService = "connect" | "cloudtrail" | "sms-voice" | "servicequotas" | "dynamodb" | "sts" | "tag";

/**
 * Requests per second, per account and region, by `service:Operation`; `service:*` covers the service's other
 * operations. Sources (docs/design.md, "Request rates"): a Service Quotas dump (every Connect phone-number operation
 * 2/s), CloudTrail LookupEvents ("two per second, per account, per Region"), AWS End User Messaging SMS's quotas
 * page (1/s for nearly every operation). Assumed [U]: ImportPhoneNumber, UpdatePhoneNumberMetadata and Connect's
 * other operations at 2/s like the rest; SMS v2's phone-number operations at 1/s (their rows were not found).
 * Services without a row (DynamoDB on demand, STS, Service Quotas, tagging) are not paced here: AWS publishes no
 * per-operation default we rely on, and the SDK's adaptive retry covers them.
 */
export const AWS_DEFAULT_RATES: Readonly<Record<string, number>> = {
  "connect:ClaimPhoneNumber": 2,
  "connect:ReleasePhoneNumber": 2,
  "connect:DescribePhoneNumber": 2,
  "connect:UpdatePhoneNumber": 2,
  "connect:UpdatePhoneNumberMetadata": 2,
  "connect:SearchAvailablePhoneNumbers": 2,
  "connect:ListPhoneNumbers": 2,
  "connect:ListPhoneNumbersV2": 2,
  "connect:ImportPhoneNumber": 2,
  "connect:AssociatePhoneNumberContactFlow": 2,
  "connect:DisassociatePhoneNumberContactFlow": 2,
  "connect:TagResource": 2,
  "connect:UntagResource": 2,
  "connect:ListTagsForResource": 2,
  "connect:*": 2,
  "cloudtrail:LookupEvents": 2,
  "sms-voice:*": 1,
};

export interface RateLimitSettings {
  /** Scales AWS's defaults: an account that had every limit raised 10x, or the emulator at 10x. Default 1. */
  multiplier?: number;
  /**
   * Requests per second for named operations, as written in IAM ("connect:ClaimPhoneNumber"), or an operation of
   * any service ("ClaimPhoneNumber"), or a whole service ("connect:*"). Absolute: the multiplier does not scale them.
   */
  rates?: Record<string, number>;
  /** No client-side pacing at all (the SDK's retry still backs off). */
  off?: boolean;
  /** Requests that may go at once after a quiet spell; default 1 (strict pacing). */
  burst?: number;
}

/** The rate for one operation under these settings, or undefined for none. */
export function rateFor(
  service: RateLimitedService,
  operation: string,
  settings: RateLimitSettings = {},
): number | undefined {
  if (settings.off) return undefined;
  const rates = settings.rates ?? {};
  const explicit = rates[`${service}:${operation}`] ?? rates[operation] ?? rates[`${service}:*`];
  if (explicit !== undefined) return explicit;
  const base = AWS_DEFAULT_RATES[`${service}:${operation}`] ?? AWS_DEFAULT_RATES[`${service}:*`];
  return base === undefined ? undefined : base * (settings.multiplier ?? 1);
}

/**
 * AWS's default rate of an operation the emulator serves, by bare name (the emulator routes by operation name):
 * Connect first, then CloudTrail, then SMS v2.
 */
export function awsDefaultRate(operation: string): number | undefined {
  for (const service of ["connect", "cloudtrail", "sms-voice"] as const) {
    const rate = AWS_DEFAULT_RATES[`${service}:${operation}`];
    if (rate !== undefined) return rate;
  }
  return undefined;
}

export class RateLimitSettingsError extends Error {}

/**
 * Reads the one setting shared by the provider (`connect-numbers:rateLimits`), the pack (`rateLimits`) and the
 * environment (`CONNECT_NUMBERS_RATE_LIMITS`): JSON (`{"multiplier": 10, "rates": {"connect:ClaimPhoneNumber": 5}}`),
 * or the short form `x10,connect:ClaimPhoneNumber=5,burst=2`, or `off`.
 */
export function parseRateLimits(text: string): RateLimitSettings {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "off") return trimmed === "off" ? { off: true } : {};
  const fail = (why: string) =>
    new RateLimitSettingsError(
      `rateLimits = ${JSON.stringify(text)}: ${why}. Write JSON such as {"multiplier":10,"rates":{"connect:ClaimPhoneNumber":5}}, or x10,connect:ClaimPhoneNumber=5, or off.`,
    );
  const positive = (v: unknown, what: string): number => {
    const n = typeof v === "string" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0)
      throw fail(`${what} must be a number > 0, got ${JSON.stringify(v)}`);
    return n;
  };
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw fail("not valid JSON");
    }
    const o = parsed as Record<string, unknown>;
    const unknownKeys = Object.keys(o).filter((k) => !["multiplier", "rates", "off", "burst"].includes(k));
    if (unknownKeys.length > 0) throw fail(`unknown key ${unknownKeys.join(", ")}`);
    const out: RateLimitSettings = {};
    if (o.off === true) out.off = true;
    if (o.multiplier !== undefined) out.multiplier = positive(o.multiplier, "multiplier");
    if (o.burst !== undefined) out.burst = Math.max(1, Math.floor(positive(o.burst, "burst")));
    if (o.rates !== undefined) {
      if (typeof o.rates !== "object" || o.rates === null || Array.isArray(o.rates))
        throw fail("rates must be an object of operation: requests per second");
      out.rates = Object.fromEntries(Object.entries(o.rates).map(([k, v]) => [k, positive(v, k)]));
    }
    return out;
  }
  const out: RateLimitSettings = {};
  for (const part of trimmed
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (/^x/i.test(part)) {
      out.multiplier = positive(part.slice(1), "multiplier");
      continue;
    }
    const eq = part.indexOf("=");
    if (eq <= 0) throw fail(`"${part}" is not operation=rate`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "multiplier") out.multiplier = positive(value, key);
    else if (key === "burst") out.burst = Math.max(1, Math.floor(positive(value, key)));
    else out.rates = { ...out.rates, [key]: positive(value, key) };
  }
  return out;
}

/**
 * A pacer by the generic cell rate algorithm: each caller books the next free send time at once (first come, first
 * served) and sleeps until it. Written by hand: no rate-limiter package is installed, and the SDK's own
 * (DefaultRateLimiter in adaptive retry) only engages after a throttle and is per client, not per operation.
 */
export class Pacer {
  private theoreticalArrival = 0;
  private readonly intervalMs: number;

  constructor(
    readonly ratePerSecond: number,
    private readonly burst = 1,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Milliseconds the caller must wait before sending; the slot is booked. */
  book(now: number): number {
    const start = Math.max(this.theoreticalArrival, now);
    this.theoreticalArrival = start + this.intervalMs;
    return Math.max(0, start - (this.burst - 1) * this.intervalMs - now);
  }

  async take(): Promise<void> {
    const wait = this.book(performance.now());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * One pacer per account endpoint and operation in this process, shared by every client of that endpoint: two
 * sessions in one provider process share AWS's one limit. (Other processes share it too; their overflow is what the
 * SDK's retry absorbs.)
 */
const pacers = new Map<string, Pacer>();

function pacerFor(key: string, rate: number, burst: number): Pacer {
  const id = `${key}|${rate}|${burst}`;
  let pacer = pacers.get(id);
  if (!pacer) {
    pacer = new Pacer(rate, burst);
    pacers.set(id, pacer);
  }
  return pacer;
}

/** "ClaimPhoneNumberCommand" → "ClaimPhoneNumber". */
function operationOf(commandName: string | undefined): string {
  return (commandName ?? "").replace(/Command$/, "");
}

/**
 * Paces every attempt of every call, retries included: it sits after the SDK's retry middleware and before signing
 * (a request signed and then held for minutes would carry a stale signature).
 */
export function applyRateLimit(
  // Typed loosely on purpose: a @smithy type here would reach the published declarations, and @smithy/types is the
  // AWS SDK's dependency, not this package's, so a user's compiler may not find it.
  client: { middlewareStack: unknown },
  service: RateLimitedService,
  target: { region?: string; endpoint?: string },
  settings: RateLimitSettings,
): void {
  const stack = client.middlewareStack as MiddlewareStack<object, object>;
  const middleware: FinalizeRequestMiddleware<object, object> = (next, context) => async (args) => {
    const operation = operationOf(context.commandName);
    const rate = rateFor(service, operation, settings);
    if (rate !== undefined) {
      await pacerFor(
        `${target.endpoint ?? "aws"}|${target.region ?? "default"}|${service}:${operation}`,
        rate,
        settings.burst ?? 1,
      ).take();
    }
    return next(args);
  };
  stack.addRelativeTo(middleware, {
    relation: "before",
    toMiddleware: "httpSigningMiddleware",
    name: "connectNumbersRateLimit",
    override: true,
  });
}

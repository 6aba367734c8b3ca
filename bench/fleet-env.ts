import { DAY_MS } from "../core";
import { openLedger } from "../ledger/open";
import { RunningEmulator, startEmulator } from "../emulator";
import { CallCounter, startCallCounter } from "./call-counter";

/**
 * The account the fleet benchmarks run against: the emulator enforcing AWS's published per-operation rates at
 * RATE_MULTIPLIER times (aws/rate-limit.ts AWS_DEFAULT_RATES: 2/s for every Connect phone-number operation, 2/s for
 * LookupEvents), with the clients paced at the same multiple, a call counter in front, and the churn ledger in a
 * table of the emulator's embedded DynamoDB.
 */
export const RATE_MULTIPLIER = 10;
/** What the clients read (aws/clients.ts RATE_LIMITS_ENV): the same multiple of AWS's defaults. */
export const clientRateLimits = (multiplier: number) => `x${multiplier}`;
export const CLIENT_RATE_LIMITS = clientRateLimits(RATE_MULTIPLIER);
/** ClaimPhoneNumber's rate at a multiple of AWS's: 2/s × the multiple. */
export const claimRate = (multiplier: number) => 2 * multiplier;
export const CLAIM_RATE = claimRate(RATE_MULTIPLIER);
/**
 * Operations with no published AWS default (tagging GetResources, Service Quotas) are not throttled by the
 * emulator (the clients do not pace them either); AWS's burst for Connect is 5 (docs/design.md, "Request rates").
 */
const UNPUBLISHED_RATE = 1_000;
const AWS_BURST = 5;

export interface FleetAccount {
  emu: RunningEmulator;
  counter: CallCounter;
  /** The endpoint every client uses: the counter's. */
  endpoint: string;
  region: string;
  instanceArn: string;
  /** `dynamodb:<table>`: the ledger setting the benchmarks pass explicitly (stack config, env, child processes). */
  ledger: string;
  /** The multiple of AWS's rates the emulator enforces and the clients pace at. */
  multiplier: number;
  stop(): Promise<void>;
}

/**
 * `rateLimited: false`: the emulator throttles nothing (the clients must then be told `off`), to see what the rest
 * costs. `multiplier` (default RATE_MULTIPLIER): the multiple of AWS's rates, 1 for AWS's real ones.
 */
export async function fleetAccount(options: {
  quota: number;
  claimDelayMs?: number;
  table?: string;
  rateLimited?: boolean;
  multiplier?: number;
}): Promise<FleetAccount> {
  const multiplier = options.multiplier ?? RATE_MULTIPLIER;
  const emu = await startEmulator({ quota: options.quota, claimDelayMs: options.claimDelayMs ?? 0 });
  if (options.rateLimited !== false)
    await emu.control.rateLimit({
      ratePerSecond: UNPUBLISHED_RATE,
      burst: AWS_BURST,
      multiplierOfAwsDefaults: multiplier,
    });
  const counter = await startCallCounter(emu.endpoint);
  const table = options.table ?? "connect-numbers-bench";
  const info = await emu.control.info();
  // `connect-numbers ledger init --history-complete-since`: the emulator's account had no claim or release before
  // CloudTrail's 90 days (a benchmark may seed churn inside them), the README's setup for a new account.
  const ledger = (await openLedger(`dynamodb:${table}`, { endpoint: counter.endpoint, region: emu.region }))!;
  await ledger.init();
  await ledger.assertCompleteSince(
    { accountId: emu.accountId, region: emu.region },
    Date.parse(info.now) - 90 * DAY_MS,
    "connect-numbers bench",
  );
  await ledger.close();
  counter.reset();
  return {
    emu,
    counter,
    endpoint: counter.endpoint,
    region: emu.region,
    instanceArn: info.instances[0],
    ledger: `dynamodb:${table}`,
    multiplier,
    async stop() {
      await counter.stop();
      await emu.stop();
    },
  };
}

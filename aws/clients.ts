import { cloudTrailSdk, connectSdk, dynamoDbSdk, serviceQuotasSdk, smsVoiceSdk, stsSdk, taggingSdk } from "./sdk";
import "./quiet";
import { recordAttempts } from "./attempts";
import { RateLimitSettings, RateLimitedService, applyRateLimit, parseRateLimits } from "./rate-limit";

/** Where to reach AWS (or the emulator): anything unset comes from the SDK's default chain (env, profile, IMDS). */
export interface AwsSettings {
  region?: string;
  /** The emulator's endpoint, or a VPC endpoint. */
  endpoint?: string;
  profile?: string;
  /**
   * Client-side request rates (aws/rate-limit.ts). Unset: CONNECT_NUMBERS_RATE_LIMITS if set, else AWS's published
   * defaults against AWS, and none against a loopback endpoint (the emulator paces only when told to).
   */
  rateLimits?: RateLimitSettings;
}

/** The variable that sets `rateLimits` when the stack, pack or command line does not. */
export const RATE_LIMITS_ENV = "CONNECT_NUMBERS_RATE_LIMITS";

/** The region a setting names, else the environment's, in the AWS SDK's order (AWS_REGION, then AWS_DEFAULT_REGION). */
export function regionOrEnv(region: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
}

/** An endpoint on this machine: the emulator, which accepts any signature. */
export function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    return (
      ["127.0.0.1", "localhost", "[::1]"].includes(new URL(endpoint).hostname) ||
      new URL(endpoint).hostname.startsWith("127.")
    );
  } catch {
    return false;
  }
}

/** The rates in force for these settings (see AwsSettings.rateLimits). */
export function effectiveRateLimits(settings: AwsSettings, env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  if (settings.rateLimits) return settings.rateLimits;
  const fromEnv = env[RATE_LIMITS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return parseRateLimits(fromEnv);
  return isLoopback(settings.endpoint) ? { off: true } : {};
}

/** The variable that sets how long one attempt of an AWS call may wait for its answer, in seconds. */
export const REQUEST_TIMEOUT_ENV = "CONNECT_NUMBERS_REQUEST_TIMEOUT_SECONDS";

/**
 * How long one attempt of a call may wait for its answer. The SDK waits forever by default, so an endpoint that
 * accepts the connection and never answers hung a command in silence. AWS documents no answer time for these
 * operations; assumed: each answers within seconds (a page of LookupEvents is the slowest we know), so 30 s is
 * generous, and a timed-out attempt is retried like any transient failure (its outcome unknown: core/attempts.ts).
 */
export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env[REQUEST_TIMEOUT_ENV]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000;
}

/** The most attempts of one call: the SDK's adaptive strategy backs off between them. */
export const MAX_ATTEMPTS = 6;

/** Adaptive retries: the SDK's own strategy backs off under Connect's 2 requests/second limits. */
export function clientConfig(settings: AwsSettings) {
  const requestTimeout = requestTimeoutMs();
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    profile: settings.profile,
    retryMode: "adaptive",
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.min(requestTimeout, 10_000),
      requestTimeout,
      throwOnRequestTimeout: true,
    },
    // Against the emulator with no credentials configured, sign with placeholders rather than fail to find any;
    // any other endpoint (a VPC endpoint, say) keeps the SDK's credential chain.
    ...(isLoopback(settings.endpoint) && !process.env.AWS_ACCESS_KEY_ID && !settings.profile && !process.env.AWS_PROFILE
      ? { credentials: { accessKeyId: "connect-numbers-emulator", secretAccessKey: "emulator" } }
      : {}),
  };
}

/**
 * A maker of one service's clients. Every client is paced, and records each call's attempts (aws/attempts.ts) so a
 * failure is judged from all of them. The client's class is read when the first client is made: its package loads
 * then (aws/sdk.ts), not when this module does.
 */
function pacedClient<C extends { middlewareStack: unknown }>(
  clientClass: () => new (config: ReturnType<typeof clientConfig>) => C,
  service: RateLimitedService,
): (settings: AwsSettings) => C {
  return (settings) => {
    const Client = clientClass();
    const client = new Client(clientConfig(settings));
    applyRateLimit(client, service, settings, effectiveRateLimits(settings));
    recordAttempts(client);
    return client;
  };
}

export const connectClient = pacedClient(() => connectSdk.ConnectClient, "connect");
export const cloudTrailClient = pacedClient(() => cloudTrailSdk.CloudTrailClient, "cloudtrail");
export const serviceQuotasClient = pacedClient(() => serviceQuotasSdk.ServiceQuotasClient, "servicequotas");
export const dynamoDbClient = pacedClient(() => dynamoDbSdk.DynamoDBClient, "dynamodb");
export const smsVoiceClient = pacedClient(() => smsVoiceSdk.PinpointSMSVoiceV2Client, "sms-voice");
export const taggingClient = pacedClient(() => taggingSdk.ResourceGroupsTaggingAPIClient, "tag");
export const stsClient = pacedClient(() => stsSdk.STSClient, "sts");

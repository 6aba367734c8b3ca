import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConnectClient } from "@aws-sdk/client-connect";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { STSClient } from "@aws-sdk/client-sts";

/** Where to reach AWS (or the emulator): anything unset comes from the SDK's default chain (env, profile, IMDS). */
export interface AwsSettings {
  region?: string;
  /** The emulator's endpoint, or a VPC endpoint. */
  endpoint?: string;
  profile?: string;
}

/** An endpoint on this machine: the emulator, which accepts any signature. */
export function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(endpoint).hostname) || new URL(endpoint).hostname.startsWith("127.");
  } catch {
    return false;
  }
}

/** Adaptive retries: the SDK's own strategy backs off under Connect's 2 requests/second limits. */
function common(settings: AwsSettings) {
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    profile: settings.profile,
    retryMode: "adaptive",
    maxAttempts: 6,
    // Against the emulator with no credentials configured, sign with placeholders rather than fail to find any;
    // any other endpoint (a VPC endpoint, say) keeps the SDK's credential chain.
    ...(isLoopback(settings.endpoint) && !process.env.AWS_ACCESS_KEY_ID && !settings.profile && !process.env.AWS_PROFILE
      ? { credentials: { accessKeyId: "connect-numbers-emulator", secretAccessKey: "emulator" } }
      : {}),
  };
}

export function connectClient(settings: AwsSettings): ConnectClient {
  return new ConnectClient(common(settings));
}

export function cloudTrailClient(settings: AwsSettings): CloudTrailClient {
  return new CloudTrailClient(common(settings));
}

export function serviceQuotasClient(settings: AwsSettings): ServiceQuotasClient {
  return new ServiceQuotasClient(common(settings));
}

/** The Resource Groups Tagging API: numbers by ownership tag, O(1) calls per owner however many the account holds. */
export function taggingClient(settings: AwsSettings): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient(common(settings));
}

/** STS GetCallerIdentity: the account of a resource given only an instance id. */
export function stsClient(settings: AwsSettings): STSClient {
  return new STSClient(common(settings));
}

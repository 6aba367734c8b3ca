import { stsSdk } from "../aws/sdk";
import { AwsSettings, stsClient } from "../aws/clients";
import {
  ENDPOINT_SETTING,
  credentialsSentence,
  isMissingCredentials,
  isUnreachable,
  unreachableSentence,
} from "../aws/failure";
import { LedgerScope } from "./types";

/**
 * The account and region the ledger counts for: the account given, else the caller's (STS GetCallerIdentity); the
 * region of the AWS settings, else the SDK's default chain (AWS_REGION, the profile).
 */
export async function resolveScope(aws: AwsSettings, accountId?: string): Promise<LedgerScope> {
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new Error(`account "${accountId}" is not a 12-digit AWS account id`);
  const region = await configuredRegion(aws);
  if (!region) throw new Error("no AWS region: set --region, AWS_REGION or the profile's region");
  if (accountId) return { accountId, region };
  const sts = stsClient({ ...aws, region });
  try {
    let identity;
    try {
      identity = await sts.send(new stsSdk.GetCallerIdentityCommand({}));
    } catch (err) {
      // Without credentials or an endpoint that answers nothing else can be read either: --account is no fix then.
      if (isMissingCredentials(err))
        throw new Error(
          `the account could not be read from STS GetCallerIdentity: ${credentialsSentence(ENDPOINT_SETTING)}`,
        );
      if (isUnreachable(err))
        throw new Error(
          `the account could not be read from STS GetCallerIdentity: ${unreachableSentence(err, aws.endpoint, "--endpoint")}`,
        );
      throw new Error(
        `the account could not be read from STS GetCallerIdentity (${(err as Error).message}): give the account id (--account 123456789012)`,
      );
    }
    if (!identity.Account)
      throw new Error("STS GetCallerIdentity returned no account: give the account id (--account 123456789012)");
    return { accountId: identity.Account, region };
  } finally {
    sts.destroy();
  }
}

/** The region the AWS settings name or the SDK's default chain finds (AWS_REGION, the profile); undefined if none. */
export async function configuredRegion(aws: AwsSettings): Promise<string | undefined> {
  if (aws.region) return aws.region;
  const sts = stsClient(aws);
  try {
    return (await sts.config.region()) || undefined;
  } catch {
    return undefined;
  } finally {
    sts.destroy();
  }
}

/** What a ledger holds for what is known of the account and region (heldScope). */
export type HeldScope =
  | { kind: "one"; scope: LedgerScope }
  | { kind: "none"; held: LedgerScope[] }
  | { kind: "several"; matching: LedgerScope[] };

/**
 * The account and region to read a ledger for when they cannot be asked of AWS (a check that stays offline) or the
 * region is not set: the one scope the ledger holds that agrees with what is known. A face that cannot tell the
 * account of a plan and finds several in the ledger must say so, never pick one: the other account's churn is not
 * this plan's, and this plan's may be the other's.
 */
export function heldScope(held: readonly LedgerScope[], known: { accountId?: string; region?: string }): HeldScope {
  const matching = held.filter(
    (s) =>
      (known.accountId === undefined || s.accountId === known.accountId) &&
      (known.region === undefined || s.region === known.region),
  );
  if (matching.length === 1) return { kind: "one", scope: matching[0] };
  return matching.length === 0 ? { kind: "none", held: [...held] } : { kind: "several", matching };
}

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

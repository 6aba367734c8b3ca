import type { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { smsVoiceSdk } from "./sdk";
import { pages } from "./pages";
import type { PhoneNumberFilter, PhoneNumberInformation } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { AwsSettings, clientConfig } from "./clients";

/** The SMS and voice v2 edge: a client per region, reading one number with its tags, and the account's numbers. */

/**
 * AWS allows 1 request per second per operation by default: adaptive retries with room for a few seconds of
 * back-off, and otherwise aws/clients.ts's settings (placeholder credentials against the emulator).
 */
export function smsClient(settings: AwsSettings): PinpointSMSVoiceV2Client {
  return new smsVoiceSdk.PinpointSMSVoiceV2Client({ ...clientConfig(settings), maxAttempts: 10 });
}

/** One number by id or ARN; undefined when it is not in the client's account and region (or no longer). */
export async function describeSmsNumber(
  client: PinpointSMSVoiceV2Client,
  idOrArn: string,
): Promise<PhoneNumberInformation | undefined> {
  try {
    return (await client.send(new smsVoiceSdk.DescribePhoneNumbersCommand({ PhoneNumberIds: [idOrArn] })))
      .PhoneNumbers?.[0];
  } catch (err) {
    if (err instanceof smsVoiceSdk.ResourceNotFoundException) return undefined;
    throw err;
  }
}

/** Tags as a map (the API has a list of {Key, Value}); DescribePhoneNumbers carries none. */
export async function smsTags(client: PinpointSMSVoiceV2Client, arn: string): Promise<Record<string, string>> {
  const res = await client.send(new smsVoiceSdk.ListTagsForResourceCommand({ ResourceArn: arn }));
  return Object.fromEntries((res.Tags ?? []).map((t) => [t.Key!, t.Value ?? ""]));
}

export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Every number of the account in the client's region that matches the filters, DELETED ones left out. */
export async function listSmsNumbers(
  client: PinpointSMSVoiceV2Client,
  filters: PhoneNumberFilter[] = [],
): Promise<PhoneNumberInformation[]> {
  const request = { Filters: filters.length > 0 ? filters : undefined, MaxResults: 100 };
  const out: PhoneNumberInformation[] = [];
  const listing = pages(
    (NextToken) => client.send(new smsVoiceSdk.DescribePhoneNumbersCommand({ ...request, NextToken })),
    (page) => page.NextToken,
  );
  for await (const page of listing) out.push(...(page.PhoneNumbers ?? []).filter((n) => n.Status !== "DELETED"));
  return out;
}

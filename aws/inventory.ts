import { connectSdk, taggingSdk } from "./sdk";
import { pages } from "./pages";
import type { ConnectClient } from "@aws-sdk/client-connect";
import type { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";

export interface HeldNumber {
  phoneNumberId: string;
  arn: string;
  phoneNumber: string;
  countryCode?: string;
  type?: string;
  targetArn?: string;
  description?: string;
  tags: Record<string, string>;
  status?: string;
  /** The End User Messaging SMS number it was imported from (ImportPhoneNumber), from DescribePhoneNumber. */
  sourcePhoneNumberArn?: string;
}

export interface InventoryQuery {
  /** Without targets: every number of the account in the client's region. */
  targetArns?: string[];
  countryCodes?: string[];
  types?: string[];
  prefix?: string;
  /** Describe each number for tags and status (ListPhoneNumbersV2 has neither). */
  withTags?: boolean;
}

export async function listNumbers(client: ConnectClient, query: InventoryQuery = {}): Promise<HeldNumber[]> {
  const scopes: Array<string | undefined> =
    query.targetArns && query.targetArns.length > 0 ? [...new Set(query.targetArns)] : [undefined];
  const found = new Map<string, HeldNumber>();
  for (const TargetArn of scopes) {
    const listing = pages(
      (NextToken) =>
        client.send(
          new connectSdk.ListPhoneNumbersV2Command({
            TargetArn,
            MaxResults: 1000,
            NextToken,
            PhoneNumberCountryCodes: query.countryCodes as never,
            PhoneNumberTypes: query.types as never,
            PhoneNumberPrefix: query.prefix,
          }),
        ),
      (page) => page.NextToken,
    );
    for await (const page of listing) {
      for (const s of page.ListPhoneNumbersSummaryList ?? []) {
        if (!s.PhoneNumberId || !s.PhoneNumber) continue;
        found.set(s.PhoneNumberId, {
          phoneNumberId: s.PhoneNumberId,
          arn: s.PhoneNumberArn ?? "",
          phoneNumber: s.PhoneNumber,
          countryCode: s.PhoneNumberCountryCode,
          type: s.PhoneNumberType,
          targetArn: s.TargetArn,
          description: s.PhoneNumberDescription,
          tags: {},
          ...(s.SourcePhoneNumberArn ? { sourcePhoneNumberArn: s.SourcePhoneNumberArn } : {}),
        });
      }
    }
  }
  const numbers = [...found.values()];
  if (query.withTags) await describeAll(client, numbers);
  return numbers.filter((n) => n.status !== "RELEASED");
}

/**
 * AWS's PhoneNumberStatus of each of these numbers, by id (RELEASED for one no longer there): one DescribePhoneNumber
 * each, since no list call says a status.
 */
export async function statusesOf(
  client: ConnectClient,
  phoneNumberIds: readonly string[],
): Promise<Map<string, string>> {
  const numbers: HeldNumber[] = phoneNumberIds.map((id) => ({ phoneNumberId: id, arn: "", phoneNumber: "", tags: {} }));
  await describeAll(client, numbers);
  return new Map(numbers.flatMap((n) => (n.status === undefined ? [] : [[n.phoneNumberId, n.status]])));
}

/** ListPhoneNumbersV2 has no tags or status: describe each, a few at a time (the SDK backs off on throttling). */
async function describeAll(client: ConnectClient, numbers: HeldNumber[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < numbers.length) {
      const n = numbers[next++];
      try {
        const d = (await client.send(new connectSdk.DescribePhoneNumberCommand({ PhoneNumberId: n.phoneNumberId })))
          .ClaimedPhoneNumberSummary;
        n.tags = d?.Tags ?? {};
        n.status = d?.PhoneNumberStatus?.Status;
        if (d?.SourcePhoneNumberArn) n.sourcePhoneNumberArn = d.SourcePhoneNumberArn;
      } catch (err) {
        if (!(err instanceof connectSdk.ResourceNotFoundException)) throw err;
        n.status = "RELEASED"; // released between list and describe
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, numbers.length) }, worker));
}

/**
 * The Resource Groups Tagging API's type string for Connect phone numbers: "service:resourceType" as embedded in
 * the ARN (arn:aws:connect:REGION:ACCOUNT:phone-number/ID), per the API reference's rule for ResourceTypeFilters.
 * Assumed [U]: AWS documents that GetResources returns every tagged resource "whether the tagging used the Resource
 * Groups Tagging API or not", but lists no Connect phone-number example; that the index is eventually consistent
 * (a tag written a moment ago may be missing) is assumed too, so callers pair it with their own records.
 */
export const PHONE_NUMBER_RESOURCE_TYPE = "connect:phone-number";

export interface TaggedResource {
  arn: string;
  tags: Record<string, string>;
}

/** Every phone number of the client's region carrying all these tags: one call per 100 matches, none per number held. */
export async function numbersTagged(
  client: ResourceGroupsTaggingAPIClient,
  /** Tag key to value; undefined for any value of the key. */
  filters: Record<string, string | undefined>,
): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  const listing = pages(
    (PaginationToken) =>
      client.send(
        new taggingSdk.GetResourcesCommand({
          TagFilters: Object.entries(filters).map(([Key, value]) => ({
            Key,
            Values: value === undefined ? undefined : [value],
          })),
          ResourceTypeFilters: [PHONE_NUMBER_RESOURCE_TYPE],
          ResourcesPerPage: 100,
          PaginationToken,
        }),
      ),
    (page) => page.PaginationToken,
  );
  for await (const page of listing) {
    for (const m of page.ResourceTagMappingList ?? []) {
      if (!m.ResourceARN) continue;
      out.push({
        arn: m.ResourceARN,
        tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
      });
    }
  }
  return out;
}

/**
 * The number the account holds in the client's region with this E.164 form, if any: one list call by prefix.
 * PhoneNumberPrefix takes at most 11 digits (`^\+?[0-9]{1,11}$` in AWS's model), fewer than E.164's 15.
 */
export async function heldByNumber(client: ConnectClient, phoneNumber: string): Promise<HeldNumber | undefined> {
  const found = await listNumbers(client, { prefix: phoneNumber.slice(0, 12) });
  return found.find((n) => n.phoneNumber === phoneNumber);
}

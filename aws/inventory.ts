import { ConnectClient, DescribePhoneNumberCommand, ListPhoneNumbersV2Command, ResourceNotFoundException } from "@aws-sdk/client-connect";

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
  const scopes: Array<string | undefined> = query.targetArns && query.targetArns.length > 0 ? [...new Set(query.targetArns)] : [undefined];
  const found = new Map<string, HeldNumber>();
  for (const TargetArn of scopes) {
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new ListPhoneNumbersV2Command({
          TargetArn,
          MaxResults: 1000,
          NextToken,
          PhoneNumberCountryCodes: query.countryCodes as never,
          PhoneNumberTypes: query.types as never,
          PhoneNumberPrefix: query.prefix,
        }),
      );
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
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  const numbers = [...found.values()];
  if (query.withTags) await describeAll(client, numbers);
  return numbers.filter((n) => n.status !== "RELEASED");
}

/** ListPhoneNumbersV2 has no tags or status: describe each, a few at a time (the SDK backs off on throttling). */
async function describeAll(client: ConnectClient, numbers: HeldNumber[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < numbers.length) {
      const n = numbers[next++];
      try {
        const d = (await client.send(new DescribePhoneNumberCommand({ PhoneNumberId: n.phoneNumberId }))).ClaimedPhoneNumberSummary;
        n.tags = d?.Tags ?? {};
        n.status = d?.PhoneNumberStatus?.Status;
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
        n.status = "RELEASED"; // released between list and describe
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, numbers.length) }, worker));
}

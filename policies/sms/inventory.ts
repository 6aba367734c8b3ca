import { smsVoiceSdk } from "../../aws/sdk";
import type { PhoneNumberInformation, PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { ownershipFromTags } from "../../core";
import { parseSmsArn } from "../../core/sms";
import { isLoopback } from "../../aws/clients";
import { smsClient, smsTags } from "../../aws/sms";
import { ListedSms } from "./plan";

/** Where the pack reads a region's SMS numbers: one region and endpoint per reader. */
export interface SmsConnection {
  region: string;
  endpoint?: string;
}

export interface SmsInventoryRead {
  /** Every number the account holds in the region (DELETED ones left out); `owner` where its tags were read. */
  numbers: ListedSms[];
  /** How, for the messages: "SMS us-east-1: 12 numbers (DescribePhoneNumbers × 1, ListTagsForResource × 9)". */
  description: string;
}

/**
 * The one seam between the pack and the account's SMS numbers, as OwnedNumbersSource is for Connect's. The
 * ownership tags (core/owner.ts, the same the Connect resource writes) are the only record of which stack holds a
 * number, and DescribePhoneNumbers returns no tags and filters on none. So: DescribePhoneNumbers lists the region,
 * 100 numbers a page (O(pages)); tags are read (ListTagsForResource, one call each) only for candidates, the numbers
 * no unchanged declared resource names as its own. A stack whose numbers all stay costs one page; each number held
 * by someone else, or removed, or changed in this plan costs one call at 1 request/second. A ledger's ownership
 * index, or a tag query (Resource Groups Tagging API, if AWS lists sms-voice numbers there: [U]), answers the same
 * in O(pages): swapping means another implementation of this interface.
 */
export interface SmsNumbersSource {
  read(knownHeld: ReadonlySet<string>): Promise<SmsInventoryRead>;
}

/**
 * SMS and voice v2 has its own endpoint (sms-voice.<region>.amazonaws.com): the pack's `endpoint` serves it only when
 * it is the emulator (loopback, which speaks both), as for the provider (provider/sms/runtime/config.ts); else the
 * stack's `connect-numbers:smsEndpoint`, else the SDK's.
 */
export function smsConnection(
  region: string,
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SmsConnection {
  return { region, endpoint: stackSmsEndpoint(env) ?? (isLoopback(endpoint) ? endpoint : undefined) };
}

function stackSmsEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const value = (JSON.parse(env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>)["connect-numbers:smsEndpoint"];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    // The pack's settings (policies/settings.ts) refuse a PULUMI_CONFIG that is not JSON, with the message.
    return undefined;
  }
}

class DescribeThenTagsSource implements SmsNumbersSource {
  private client?: PinpointSMSVoiceV2Client;
  private listing?: Promise<{ numbers: PhoneNumberInformation[]; pages: number }>;
  private readonly tags = new Map<string, Promise<Record<string, string>>>();

  constructor(private readonly connection: SmsConnection) {}

  private sms(): PinpointSMSVoiceV2Client {
    this.client ??= smsClient({ region: this.connection.region, endpoint: this.connection.endpoint });
    return this.client;
  }

  /** Every page, counted for the description (aws/sms.ts listSmsNumbers, with the pages said). */
  private list() {
    this.listing ??= (async () => {
      const numbers: PhoneNumberInformation[] = [];
      let pages = 0;
      let NextToken: string | undefined;
      do {
        const page = await this.sms().send(new smsVoiceSdk.DescribePhoneNumbersCommand({ MaxResults: 100, NextToken }));
        pages++;
        numbers.push(...(page.PhoneNumbers ?? []).filter((n) => n.Status !== "DELETED"));
        NextToken = page.NextToken;
      } while (NextToken);
      return { numbers, pages };
    })();
    return this.listing;
  }

  private tagsOf(arn: string): Promise<Record<string, string>> {
    let p = this.tags.get(arn);
    if (!p) {
      p = smsTags(this.sms(), arn);
      this.tags.set(arn, p);
    }
    return p;
  }

  async read(knownHeld: ReadonlySet<string>): Promise<SmsInventoryRead> {
    const { numbers, pages } = await this.list();
    const out: ListedSms[] = [];
    // One at a time: AWS allows 1 request per second per operation, and the client backs off on throttling.
    for (const n of numbers) {
      const listed = fromInfo(n, this.connection.region);
      if (!knownHeld.has(listed.phoneNumberId)) listed.owner = ownershipFromTags(await this.tagsOf(listed.arn));
      out.push(listed);
    }
    return {
      numbers: out,
      description: `SMS ${this.connection.region}: ${numbers.length} number${numbers.length === 1 ? "" : "s"} (DescribePhoneNumbers × ${pages}, ListTagsForResource × ${this.tags.size})`,
    };
  }
}

function fromInfo(n: PhoneNumberInformation, region: string): ListedSms {
  return {
    phoneNumberId: n.PhoneNumberId ?? parseSmsArn(n.PhoneNumberArn!)!.id,
    arn: n.PhoneNumberArn!,
    phoneNumber: n.PhoneNumber!,
    region: parseSmsArn(n.PhoneNumberArn!)?.region ?? region,
    isoCountryCode: n.IsoCountryCode,
    messageType: n.MessageType,
    numberCapabilities: n.NumberCapabilities,
    numberType: n.NumberType,
    registrationId: n.RegistrationId,
    deletionProtectionEnabled: n.DeletionProtectionEnabled === true,
    poolId: n.PoolId,
  };
}

/** One source per region and endpoint, for the analyzer process's life: every policy shares its reads. */
const sources = new Map<string, SmsNumbersSource>();

export function smsNumbersSource(connection: SmsConnection): SmsNumbersSource {
  const key = `${connection.region} ${connection.endpoint ?? ""}`;
  let source = sources.get(key);
  if (!source) {
    source = new DescribeThenTagsSource(connection);
    sources.set(key, source);
  }
  return source;
}

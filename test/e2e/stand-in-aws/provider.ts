/**
 * A stand-in for the pulumi-aws resource plugin (`pulumi-resource-aws`), for the migration test: the real plugin is
 * a Go binary from GitHub releases, which this machine cannot reach. It serves the provider gRPC protocol through
 * @pulumi/pulumi's provider server and implements one resource, `aws:connect/phoneNumber:PhoneNumber`, with
 * pulumi-aws's input and output names and the calls Terraform's aws_connect_phone_number makes (which pulumi-aws
 * wraps): SearchAvailablePhoneNumbers then ClaimPhoneNumber on create, DescribePhoneNumber on read,
 * UpdatePhoneNumber and (Un)TagResource on update, ReleasePhoneNumber on delete, and its replace-on-change set
 * (countryCode, description, prefix, type). Its endpoint and region come from the environment
 * (AWS_ENDPOINT_URL_CONNECT, AWS_REGION), which the real plugin honours too; it takes no provider configuration.
 */
import {
  ClaimPhoneNumberCommand,
  ConnectClient,
  DescribePhoneNumberCommand,
  PhoneNumberCountryCode,
  PhoneNumberType,
  ReleasePhoneNumberCommand,
  ResourceNotFoundException,
  SearchAvailablePhoneNumbersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-connect";
import * as pulumi from "@pulumi/pulumi";

export const TOKEN = "aws:connect/phoneNumber:PhoneNumber";
const FORCE_NEW = ["countryCode", "description", "prefix", "type"];

interface Inputs {
  targetArn: string;
  countryCode: string;
  type: string;
  prefix?: string;
  description?: string;
  tags?: Record<string, string>;
}

const connect = new ConnectClient({});

async function outputsOf(id: string, inputs: Inputs): Promise<Record<string, unknown>> {
  const n = (await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary!;
  return {
    ...inputs,
    arn: n.PhoneNumberArn,
    phoneNumber: n.PhoneNumber,
    countryCode: n.PhoneNumberCountryCode,
    type: n.PhoneNumberType,
    targetArn: n.TargetArn,
    ...(n.PhoneNumberDescription ? { description: n.PhoneNumberDescription } : {}),
    statuses: [{ status: n.PhoneNumberStatus?.Status, message: n.PhoneNumberStatus?.Message ?? "" }],
    tags: inputs.tags ?? {},
    tagsAll: n.Tags ?? {},
  };
}

async function waitClaimed(id: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const s = (await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary
      ?.PhoneNumberStatus?.Status;
    if (s === "CLAIMED") return;
    if (s === "FAILED") throw new Error(`claim of ${id} failed`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`claim of ${id} still in progress`);
}

const provider: pulumi.provider.Provider = {
  version: "7.0.0",
  async check(_urn, _olds, news: Inputs) {
    const failures = ["targetArn", "countryCode", "type"]
      .filter((k) => typeof (news as unknown as Record<string, unknown>)[k] !== "string")
      .map((property) => ({ property, reason: `Missing required argument: ${property}` }));
    return { inputs: news, failures };
  },
  async diff(_id, _urn, olds: Inputs & Record<string, unknown>, news: Inputs & Record<string, unknown>) {
    const keys = ["targetArn", "countryCode", "type", "prefix", "description", "tags"];
    const changed = keys.filter(
      (k) =>
        JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null) &&
        !(k === "description" && news[k] === undefined),
    );
    return { changes: changed.length > 0, replaces: changed.filter((k) => FORCE_NEW.includes(k)) };
  },
  async create(_urn, inputs: Inputs) {
    const found = await connect.send(
      new SearchAvailablePhoneNumbersCommand({
        TargetArn: inputs.targetArn,
        PhoneNumberCountryCode: inputs.countryCode as PhoneNumberCountryCode,
        PhoneNumberType: inputs.type as PhoneNumberType,
        PhoneNumberPrefix: inputs.prefix,
        MaxResults: 1,
      }),
    );
    const phoneNumber = found.AvailableNumbersList?.[0]?.PhoneNumber;
    if (!phoneNumber)
      throw new Error(`no available phone numbers for ${inputs.countryCode} ${inputs.type} ${inputs.prefix ?? ""}`);
    const claimed = await connect.send(
      new ClaimPhoneNumberCommand({
        TargetArn: inputs.targetArn,
        PhoneNumber: phoneNumber,
        PhoneNumberDescription: inputs.description,
        Tags: inputs.tags,
      }),
    );
    await waitClaimed(claimed.PhoneNumberId!);
    return { id: claimed.PhoneNumberId!, outs: await outputsOf(claimed.PhoneNumberId!, inputs) };
  },
  async read(id, _urn, props: Inputs) {
    try {
      const outs = await outputsOf(id, props);
      return { id, props: outs };
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return { id: "", props: {} };
      throw err;
    }
  },
  async update(id, _urn, olds: Inputs & { arn: string }, news: Inputs) {
    if (olds.targetArn !== news.targetArn) {
      await connect.send(new UpdatePhoneNumberCommand({ PhoneNumberId: id, TargetArn: news.targetArn }));
      await waitClaimed(id);
    }
    const oldTags = olds.tags ?? {};
    const newTags = news.tags ?? {};
    const gone = Object.keys(oldTags).filter((k) => !(k in newTags));
    if (gone.length > 0) await connect.send(new UntagResourceCommand({ resourceArn: olds.arn, tagKeys: gone }));
    if (Object.keys(newTags).length > 0)
      await connect.send(new TagResourceCommand({ resourceArn: olds.arn, tags: newTags }));
    return { outs: await outputsOf(id, news) };
  },
  async delete(id) {
    try {
      await connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: id }));
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
  },
};

if (require.main === module) void pulumi.provider.main(provider, process.argv.slice(2));

import { ServiceError } from "./errors";
import { ChurnRecord } from "./model";
import { CallContext, DAY_MS, EmulatorStore } from "./store";
import { decodeToken, encodeToken } from "./validate";

const EVENT_NAMES: Record<ChurnRecord["action"], string> = {
  claim: "ClaimPhoneNumber",
  release: "ReleasePhoneNumber",
  import: "ImportPhoneNumber",
};
const ATTRIBUTE_KEYS = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
];

const ctError = (type: string, message: string) => new ServiceError(type, 400, message);

interface LookupAttribute {
  AttributeKey?: string;
  AttributeValue?: string;
}

/** CloudTrail LookupEvents over the churn log: newest first, one lookup attribute, the last 90 days only. */
export function lookupEvents(store: EmulatorStore, ctx: CallContext, body: Record<string, unknown>) {
  const attrs = (body.LookupAttributes ?? []) as LookupAttribute[];
  if (!Array.isArray(attrs) || attrs.length > 1)
    throw ctError("InvalidLookupAttributesException", "You can specify only one lookup attribute.");
  const attr = attrs[0];
  if (
    attr &&
    (!attr.AttributeKey || !ATTRIBUTE_KEYS.includes(attr.AttributeKey) || typeof attr.AttributeValue !== "string")
  ) {
    throw ctError(
      "InvalidLookupAttributesException",
      `AttributeKey must be one of ${ATTRIBUTE_KEYS.join(", ")}, with an AttributeValue.`,
    );
  }
  const size = body.MaxResults === undefined ? 50 : Number(body.MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > 50)
    throw ctError("InvalidMaxResultsException", "MaxResults must be from 1 to 50.");
  const now = store.now();
  const oldest = now - store.settings.cloudTrailDays * DAY_MS;
  const start = body.StartTime === undefined ? oldest : Math.max(oldest, Number(body.StartTime) * 1000);
  const end = body.EndTime === undefined ? now : Math.min(now, Number(body.EndTime) * 1000);
  if (body.StartTime !== undefined && body.EndTime !== undefined && Number(body.StartTime) > Number(body.EndTime)) {
    throw ctError("InvalidTimeRangeException", "StartTime must be before EndTime.");
  }
  const fingerprint = JSON.stringify([attr ?? null, body.StartTime ?? null, body.EndTime ?? null]);
  let offset: number;
  try {
    offset = decodeToken(body.NextToken, fingerprint);
  } catch {
    throw ctError("InvalidNextTokenException", "NextToken is not valid for these parameters.");
  }
  const p = store.partition(ctx);
  const events = p.events
    .filter((e) => e.at >= start && e.at <= end)
    .map((e) => toCloudTrail(e, p.accountId, p.region))
    .filter((e) => !attr || matches(e, attr))
    .sort((a, b) => b.EventTime - a.EventTime);
  const slice = events.slice(offset, offset + size);
  return {
    Events: slice,
    NextToken: offset + size < events.length ? encodeToken(offset + size, fingerprint) : undefined,
  };
}

function toCloudTrail(e: ChurnRecord, accountId: string, region: string) {
  const eventName = EVENT_NAMES[e.action];
  const time = new Date(e.at).toISOString().replace(/\.\d{3}Z$/, "Z");
  const phoneNumberArn =
    e.phoneNumberId === undefined
      ? undefined
      : `arn:aws:connect:${region}:${accountId}:phone-number/${e.phoneNumberId}`;
  const requestParameters =
    e.action === "release"
      ? { phoneNumberId: e.phoneNumberId, clientToken: e.clientToken }
      : { phoneNumber: e.phoneNumber, targetArn: e.targetArn, clientToken: e.clientToken };
  const responseElements = e.action === "release" ? null : { phoneNumberId: e.phoneNumberId, phoneNumberArn };
  return {
    EventId: e.eventId,
    EventName: eventName,
    ReadOnly: "false",
    AccessKeyId: "AKIAEMULATOR",
    EventTime: e.at / 1000,
    EventSource: "connect.amazonaws.com",
    Username: "connect-numbers-emulator",
    Resources:
      phoneNumberArn === undefined ? [] : [{ ResourceType: "AWS::Connect::PhoneNumber", ResourceName: phoneNumberArn }],
    CloudTrailEvent: JSON.stringify({
      eventVersion: "1.09",
      eventTime: time,
      eventSource: "connect.amazonaws.com",
      eventName,
      awsRegion: region,
      recipientAccountId: accountId,
      eventID: e.eventId,
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      requestParameters,
      responseElements,
    }),
  };
}

function matches(e: ReturnType<typeof toCloudTrail>, attr: LookupAttribute): boolean {
  const value = attr.AttributeValue;
  switch (attr.AttributeKey) {
    case "ResourceType":
      return e.Resources.some((r) => r.ResourceType === value);
    case "ResourceName":
      return e.Resources.some((r) => r.ResourceName === value);
    default:
      return (e as unknown as Record<string, unknown>)[attr.AttributeKey!] === value;
  }
}

import { ValidationFailure, failure, formatFailure, unknownInputFailures } from "../validation";
import { OWNERSHIP_TAG_KEYS } from "../owner";
import {
  AWS_REGION_PATTERN,
  REQUESTABLE_SMS_NUMBER_TYPES,
  SMS_MESSAGE_TYPES,
  SMS_NUMBER_CAPABILITIES,
  connectChannelRegion,
  regionsNamed,
} from "../sms";
import { isUnknown } from "../unknown";
import { ORIGINATION_NUMBER_INPUTS, OriginationNumberInputs, isAdopting, smsLabel } from "./names";
import { CheckFailure } from "./connect";

const IDENTIFIER = /^[A-Za-z0-9_:/-]{1,256}$/;
/** AWS allows 200 tags per number; the ownership tags take their share. */
const MAX_USER_TAGS = 200 - OWNERSHIP_TAG_KEYS.length;
const REQUEST_INPUTS = ["isoCountryCode", "messageType", "numberCapabilities", "numberType", "registrationId"] as const;
const UPDATE_INPUTS = [
  "twoWayChannelEnabled",
  "twoWayChannelArn",
  "twoWayChannelRole",
  "selfManagedOptOutsEnabled",
  "optOutListName",
] as const;

/**
 * Every problem with an OriginationNumber's inputs, each naming the property, the value and the fix, with the
 * constraints of the SMS and voice v2 API model. Values unknown at preview are checked at apply time.
 */
export function checkOriginationNumber(news: Partial<OriginationNumberInputs>): CheckFailure[] {
  const failures: ValidationFailure[] = [];
  const add = (f: ValidationFailure | undefined) => f && failures.push(f);
  const known = (k: keyof OriginationNumberInputs) => news[k] !== undefined && !isUnknown(news[k]);

  failures.push(...unknownInputFailures("OriginationNumber", news, ORIGINATION_NUMBER_INPUTS));
  if (isAdopting(news)) {
    for (const k of REQUEST_INPUTS) {
      if (news[k] !== undefined)
        add(
          failure(
            k,
            news[k],
            "is not used when adopting a number",
            "Remove it: an adopted number is taken as it is (phoneNumberId names it).",
          ),
        );
    }
    if (known("phoneNumberId") && (typeof news.phoneNumberId !== "string" || !IDENTIFIER.test(news.phoneNumberId))) {
      add(
        failure(
          "phoneNumberId",
          news.phoneNumberId,
          "is not a phone number id or ARN",
          'Copy the PhoneNumberId ("phone-…") or PhoneNumberArn from DescribePhoneNumbers or the console.',
        ),
      );
    }
  } else {
    const missing = (k: keyof OriginationNumberInputs, example: string) =>
      news[k] === undefined &&
      add(
        failure(
          k,
          undefined,
          "is required to request a number",
          `Add ${k}, e.g. ${example}; or give phoneNumberId to adopt a number the account holds.`,
        ),
      );
    missing("isoCountryCode", '"US"');
    missing("messageType", '"TRANSACTIONAL"');
    missing("numberCapabilities", '["SMS"]');
    missing("numberType", '"LONG_CODE"');
  }
  if (known("isoCountryCode") && (typeof news.isoCountryCode !== "string" || !/^[A-Z]{2}$/.test(news.isoCountryCode))) {
    const upper = typeof news.isoCountryCode === "string" ? news.isoCountryCode.toUpperCase() : "";
    add(
      failure(
        "isoCountryCode",
        news.isoCountryCode,
        "is not an ISO 3166 alpha-2 code",
        /^[A-Z]{2}$/.test(upper) ? `Use upper case: "${upper}".` : 'Use two capital letters, e.g. "US".',
      ),
    );
  }
  if (known("messageType") && !(SMS_MESSAGE_TYPES as readonly unknown[]).includes(news.messageType)) {
    add(
      failure("messageType", news.messageType, "is not a message type", `Use one of ${SMS_MESSAGE_TYPES.join(", ")}.`),
    );
  }
  if (known("numberType") && !(REQUESTABLE_SMS_NUMBER_TYPES as readonly unknown[]).includes(news.numberType)) {
    add(
      failure(
        "numberType",
        news.numberType,
        news.numberType === "SHORT_CODE"
          ? "cannot be requested through the API"
          : "is not a number type that can be requested",
        news.numberType === "SHORT_CODE"
          ? "Short codes are ordered through an AWS Support case; adopt one you hold with phoneNumberId."
          : `Use one of ${REQUESTABLE_SMS_NUMBER_TYPES.join(", ")}.`,
      ),
    );
  }
  if (news.numberType === "SIMULATOR" && known("messageType") && news.messageType !== "TRANSACTIONAL") {
    add(
      failure(
        "messageType",
        news.messageType,
        "must be TRANSACTIONAL for a SIMULATOR number",
        'Set messageType: "TRANSACTIONAL".',
      ),
    );
  }
  if (news.numberType === "TEN_DLC" && known("isoCountryCode") && news.isoCountryCode !== "US") {
    add(
      failure(
        "isoCountryCode",
        news.isoCountryCode,
        "has no 10DLC numbers (a US scheme)",
        'Use "US", or a LONG_CODE or TOLL_FREE number.',
      ),
    );
  }
  if (known("numberCapabilities")) {
    const caps = news.numberCapabilities;
    const valid =
      Array.isArray(caps) &&
      caps.length >= 1 &&
      caps.length <= 3 &&
      new Set(caps).size === caps.length &&
      caps.every((c) => (SMS_NUMBER_CAPABILITIES as readonly unknown[]).includes(c));
    if (!valid)
      add(
        failure(
          "numberCapabilities",
          caps,
          "must list 1 to 3 different capabilities",
          `Use some of ${SMS_NUMBER_CAPABILITIES.join(", ")}, e.g. ["SMS", "VOICE"].`,
        ),
      );
  }
  for (const k of ["registrationId", "optOutListName", "poolId"] as const) {
    if (known(k) && (typeof news[k] !== "string" || !IDENTIFIER.test(news[k] as string))) {
      add(
        failure(k, news[k], "is not a name, id or ARN", "Use letters, digits and _ : / - only (1 to 256 characters)."),
      );
    }
  }
  checkRegions(news, add);
  checkTwoWay(news, add, known);
  if (news.poolId !== undefined) {
    for (const k of UPDATE_INPUTS.filter((x) => x !== "optOutListName" && news[x] !== undefined)) {
      add(
        failure(
          k,
          news[k],
          "cannot be set on a number in a pool",
          "A pool's numbers take two-way and opt-out settings from the pool (AWS refuses UpdatePhoneNumber on them): set them on the pool, or drop poolId.",
        ),
      );
    }
  }
  for (const k of [
    "deletionProtectionEnabled",
    "twoWayChannelEnabled",
    "selfManagedOptOutsEnabled",
    "internationalSendingEnabled",
    "forceDisassociate",
  ] as const) {
    if (known(k) && typeof news[k] !== "boolean") add(failure(k, news[k], "must be true or false", "Use a boolean."));
  }
  if (
    known("waitForActiveSeconds") &&
    !(Number.isInteger(news.waitForActiveSeconds) && (news.waitForActiveSeconds as number) >= 0)
  ) {
    add(
      failure(
        "waitForActiveSeconds",
        news.waitForActiveSeconds,
        "must be a whole number of seconds, 0 or more",
        "Use 0 not to wait, or e.g. 600.",
      ),
    );
  }
  if (news.tags !== undefined && !isUnknown(news.tags)) checkTags(news.tags, add);
  return failures.map((f) => ({
    property: f.property.split("[")[0],
    reason: `${smsLabel(news as OriginationNumberInputs)}: ${formatFailure(f)}`,
  }));
}

function checkRegions(news: Partial<OriginationNumberInputs>, add: (f: ValidationFailure) => void): void {
  if (typeof news.region === "string" && !isUnknown(news.region) && !AWS_REGION_PATTERN.test(news.region)) {
    add(failure("region", news.region, "is not an AWS region", 'Use a region code such as "us-east-1".'));
  }
  const named = regionsNamed(news);
  const first = named[0];
  for (const other of named.slice(1)) {
    if (other.region !== first.region) {
      add(
        failure(
          other.property,
          news[other.property as keyof OriginationNumberInputs],
          `is in ${other.region}, but ${first.property} says ${first.region}`,
          "A number, its pool, opt-out list and Connect channel are all in one region: make them agree.",
        ),
      );
    }
  }
}

function checkTwoWay(
  news: Partial<OriginationNumberInputs>,
  add: (f: ValidationFailure) => void,
  known: (k: keyof OriginationNumberInputs) => boolean,
): void {
  if (news.twoWayChannelEnabled === true && news.twoWayChannelArn === undefined) {
    add(
      failure(
        "twoWayChannelArn",
        undefined,
        "is required when twoWayChannelEnabled is true",
        'Give the SNS topic ARN, or connectTwoWayChannel("us-east-1") to route inbound SMS to Amazon Connect.',
      ),
    );
  }
  if (known("twoWayChannelArn")) {
    const channel = news.twoWayChannelArn;
    const ok =
      typeof channel === "string" &&
      channel.length >= 20 &&
      channel.length <= 2048 &&
      /^\S+$/.test(channel) &&
      (channel.startsWith("arn:") || connectChannelRegion(channel) !== undefined);
    if (!ok)
      add(
        failure(
          "twoWayChannelArn",
          channel,
          "is neither an ARN nor connect.<region>.amazonaws.com",
          'Use an SNS topic ARN, or "connect.us-east-1.amazonaws.com" for Amazon Connect.',
        ),
      );
  }
  if (
    known("twoWayChannelRole") &&
    (typeof news.twoWayChannelRole !== "string" || !/^arn:\S{16,2044}$/.test(news.twoWayChannelRole))
  ) {
    add(
      failure(
        "twoWayChannelRole",
        news.twoWayChannelRole,
        "is not an IAM role ARN",
        "Use arn:aws:iam::ACCOUNT:role/NAME.",
      ),
    );
  }
}

function checkTags(tags: unknown, add: (f: ValidationFailure) => void): void {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    add(failure("tags", tags, "must be a map of strings", 'Write tags as { key: "value" }.'));
    return;
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_USER_TAGS)
    add(
      failure(
        "tags",
        `${entries.length} tags`,
        `is more than ${MAX_USER_TAGS} (AWS allows 200; ${OWNERSHIP_TAG_KEYS.length} are kept for ownership)`,
        "Remove some tags.",
      ),
    );
  for (const [key, value] of entries) {
    const at = `tags[${JSON.stringify(key)}]`;
    if (key.length < 1 || key.length > 128)
      add(failure(at, key, "key must be 1 to 128 characters", "Shorten the key."));
    else if (key.toLowerCase().startsWith("aws:"))
      add(failure(at, key, 'keys starting with "aws:" are reserved by AWS', "Choose another key."));
    else if ((OWNERSHIP_TAG_KEYS as readonly string[]).includes(key))
      add(failure(at, key, "is an ownership tag that connect-numbers sets itself", "Remove it from tags."));
    if (typeof value !== "string" || value.length > 256)
      add(failure(at, value, "must be a string of at most 256 characters", "Quote or shorten the value."));
  }
}

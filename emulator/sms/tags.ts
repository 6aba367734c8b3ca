import { notFound, quotaExceeded } from "./errors";
import { SmsAccount } from "./state";
import * as v from "./validate";

/** Tags on numbers and pools (by ARN), and DescribeAccountLimits. */

const MAX_TAGS = 200;

function tagged(a: SmsAccount, body: v.Body): { tags: Record<string, string> } {
  const arn = v.str(body, "ResourceArn")!;
  const m = /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool)\/(.+)$/.exec(arn);
  if (!m) throw notFound(/:sms-voice:[^:]*:\d*:([a-z-]+)\//.exec(arn)?.[1] ?? "account", arn);
  return m[1] === "pool" ? a.pool(arn) : a.number(arn);
}

export function listTagsForResource(a: SmsAccount, body: v.Body) {
  const resource = tagged(a, body);
  return { ResourceArn: body.ResourceArn, Tags: v.tagList(resource.tags) };
}

export function tagResource(a: SmsAccount, body: v.Body) {
  const resource = tagged(a, body);
  const incoming = v.tags(body);
  const merged = { ...resource.tags, ...incoming };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw quotaExceeded(
      "TAGS_PER_RESOURCE",
      `A resource can have at most ${MAX_TAGS} tags; this would give it ${Object.keys(merged).length}.`,
    );
  }
  resource.tags = merged;
  return {};
}

export function untagResource(a: SmsAccount, body: v.Body) {
  const resource = tagged(a, body);
  for (const k of v.strings(body, "TagKeys")!) delete resource.tags[k];
  return {};
}

/** [U] Only PHONE_NUMBERS and POOLS are modelled; the other limits report 0 used of AWS's unpublished defaults (assumed). */
const OTHER_LIMITS: Record<string, number> = {
  CONFIGURATION_SETS: 25,
  OPT_OUT_LISTS: 25,
  SENDER_IDS: 100,
  REGISTRATIONS: 100,
  REGISTRATION_ATTACHMENTS: 100,
  VERIFIED_DESTINATION_NUMBERS: 10,
};

export function describeAccountLimits(a: SmsAccount, body: v.Body) {
  const limits = [
    { Name: "PHONE_NUMBERS", Used: a.heldNumbers().length, Max: a.settings.phoneNumberLimit },
    { Name: "POOLS", Used: a.data.pools.length, Max: a.settings.poolLimit },
    ...Object.entries(OTHER_LIMITS).map(([Name, Max]) => ({ Name, Used: 0, Max })),
  ];
  const { slice, next } = v.page(limits, body, "limits", 100);
  return { AccountLimits: slice, NextToken: next };
}

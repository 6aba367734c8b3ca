import { notFound } from "./errors";
import { ClaimedNumber } from "./model";
import { resolveTarget } from "./numbers";
import { CallContext, EmulatorStore, instanceIdOf } from "./store";
import * as v from "./validate";

/** Listing, searching, tags and flow associations: reads, and the metadata that is no churn. */

function page<T>(items: T[], offset: number, size: number, fingerprint: string) {
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? v.encodeToken(offset + size, fingerprint) : undefined;
  return { slice, next };
}

export function listPhoneNumbersV2(store: EmulatorStore, ctx: CallContext, body: v.Body) {
  const p = store.partition(ctx);
  const hasTarget = body.TargetArn !== undefined || body.InstanceId !== undefined;
  const target = hasTarget ? resolveTarget(store, p, body) : undefined;
  const countries = v.strings(body.PhoneNumberCountryCodes);
  const types = v.strings(body.PhoneNumberTypes);
  const prefix = v.prefixDigits(body.PhoneNumberPrefix);
  const size = v.integer(body.MaxResults, 100);
  const fingerprint = JSON.stringify([target?.arn, countries, types, prefix]);
  const offset = v.decodeToken(body.NextToken, fingerprint);
  p.numbers.forEach((n) => store.settle(n));
  const matches = p.numbers.filter(
    (n) =>
      (!target || n.targetArn === target.arn) &&
      (!countries || countries.includes(n.countryCode)) &&
      (!types || types.includes(n.type)) &&
      (!prefix || n.phoneNumber.slice(1).startsWith(prefix)),
  );
  const { slice, next } = page(matches, offset, size, fingerprint);
  return {
    ListPhoneNumbersSummaryList: slice.map((n) => ({
      PhoneNumberId: n.id,
      PhoneNumberArn: n.arn,
      PhoneNumber: n.phoneNumber,
      PhoneNumberCountryCode: n.countryCode,
      PhoneNumberType: n.type,
      TargetArn: n.targetArn,
      InstanceId: instanceIdOf(n.targetArn),
      PhoneNumberDescription: n.description,
      SourcePhoneNumberArn: n.sourcePhoneNumberArn,
    })),
    NextToken: next,
  };
}

/** The v1 list reports every type as TOLL_FREE or DID, as AWS documents, and gives ARNs of the old form. */
export function listPhoneNumbersV1(store: EmulatorStore, ctx: CallContext, instanceId: string, query: URLSearchParams) {
  const p = store.partition(ctx);
  const target = store.findTarget(p, instanceId);
  if (!target || target.kind !== "instance") throw notFound(`Instance ${instanceId} not found.`);
  const types = query.getAll("phoneNumberTypes");
  const countries = query.getAll("phoneNumberCountryCodes");
  const size = v.integer(query.get("maxResults") ?? undefined, 100);
  const fingerprint = JSON.stringify([target.arn, types, countries]);
  const offset = v.decodeToken(query.get("nextToken") ?? undefined, fingerprint, "nextToken");
  p.numbers.forEach((n) => store.settle(n));
  const legacyType = (n: ClaimedNumber) =>
    n.type === "TOLL_FREE" || n.type === "UIFN" || n.type === "THIRD_PARTY_TF" ? "TOLL_FREE" : "DID";
  const matches = p.numbers.filter(
    (n) =>
      n.targetArn === target.arn &&
      (types.length === 0 || types.includes(legacyType(n))) &&
      (countries.length === 0 || countries.includes(n.countryCode)),
  );
  const { slice, next } = page(matches, offset, size, fingerprint);
  return {
    PhoneNumberSummaryList: slice.map((n) => ({
      Id: n.id,
      Arn: `${target.arn}/phone-number/${n.id}`,
      PhoneNumber: n.phoneNumber,
      PhoneNumberType: legacyType(n),
      PhoneNumberCountryCode: n.countryCode,
    })),
    NextToken: next,
  };
}

export function searchAvailablePhoneNumbers(store: EmulatorStore, ctx: CallContext, body: v.Body) {
  const p = store.partition(ctx);
  resolveTarget(store, p, body);
  const country = v.str(body, "PhoneNumberCountryCode")!;
  const type = v.str(body, "PhoneNumberType")!;
  const prefix = v.prefixDigits(body.PhoneNumberPrefix);
  const size = v.integer(body.MaxResults, 10);
  const fingerprint = JSON.stringify([country, type, prefix]);
  const from = v.decodeToken(body.NextToken, fingerprint);
  const found = store.pool.search(country, type, prefix, from, size, store.unavailableNumbers());
  return {
    AvailableNumbersList: found.numbers.map((n) => ({
      PhoneNumber: n,
      PhoneNumberCountryCode: country,
      PhoneNumberType: type,
    })),
    NextToken: found.next !== undefined ? v.encodeToken(found.next, fingerprint) : undefined,
  };
}

function numberByArn(store: EmulatorStore, ctx: CallContext, resourceArn: string): ClaimedNumber {
  if (!/^arn:[a-z-]+:connect:[a-z0-9-]+:\d{12}:phone-number\/[A-Za-z0-9-]+$/.test(resourceArn)) {
    throw notFound(
      `Resource ${resourceArn} not found: tag phone numbers by the ARN from ListPhoneNumbersV2 or DescribePhoneNumber.`,
    );
  }
  return store.findNumber(store.partition(ctx), resourceArn);
}

export function tagResource(store: EmulatorStore, ctx: CallContext, resourceArn: string, body: v.Body) {
  const n = numberByArn(store, ctx, resourceArn);
  n.tags = v.withinTagLimit({ ...n.tags, ...v.tags(body, "tags") }, "tags");
  return {};
}

export function untagResource(store: EmulatorStore, ctx: CallContext, resourceArn: string, query: URLSearchParams) {
  const n = numberByArn(store, ctx, resourceArn);
  for (const k of query.getAll("tagKeys")) delete n.tags[k];
  return {};
}

export function listTagsForResource(store: EmulatorStore, ctx: CallContext, resourceArn: string) {
  return { tags: numberByArn(store, ctx, resourceArn).tags };
}

export function associateContactFlow(store: EmulatorStore, ctx: CallContext, idOrArn: string, body: v.Body) {
  const p = store.partition(ctx);
  const instanceId = v.str(body, "InstanceId")!;
  const flowId = v.str(body, "ContactFlowId")!;
  if (flowId === "") throw notFound("Contact flow '' not found: name the flow by its id or ARN.");
  const n = store.findNumber(p, idOrArn);
  const target = store.findTarget(p, instanceId);
  if (!target || target.kind !== "instance") throw notFound(`Instance ${instanceId} not found.`);
  n.flowId = flowId.startsWith("arn:") ? flowId : `${target.arn}/contact-flow/${flowId}`;
  return {};
}

export function disassociateContactFlow(store: EmulatorStore, ctx: CallContext, idOrArn: string) {
  store.findNumber(store.partition(ctx), idOrArn).flowId = undefined;
  return {};
}

export function listFlowAssociations(
  store: EmulatorStore,
  ctx: CallContext,
  instanceId: string,
  query: URLSearchParams,
) {
  const p = store.partition(ctx);
  const target = store.findTarget(p, instanceId);
  if (!target || target.kind !== "instance") throw notFound(`Instance ${instanceId} not found.`);
  const size = v.integer(query.get("maxResults") ?? undefined, 100);
  const fingerprint = JSON.stringify([target.arn, query.get("ResourceType")]);
  const offset = v.decodeToken(query.get("nextToken") ?? undefined, fingerprint, "nextToken");
  const associated = p.numbers.filter((n) => n.flowId !== undefined && n.targetArn === target.arn);
  const { slice, next } = page(associated, offset, size, fingerprint);
  return {
    FlowAssociationSummaryList: slice.map((n) => ({
      ResourceId: n.arn,
      FlowId: n.flowId,
      ResourceType: "VOICE_PHONE_NUMBER",
    })),
    NextToken: next,
  };
}

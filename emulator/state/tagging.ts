import { invalidParameter } from "./errors";
import { ClaimedNumber } from "./model";
import { CallContext, EmulatorStore } from "./store";
import * as v from "./validate";

/**
 * Resource Groups Tagging API GetResources over the Connect phone numbers of one account and region (the only
 * taggable resources the emulator has). Filters as AWS documents them: every TagFilter must match (AND), any of a
 * filter's values may (OR), a filter without values matches the key with any value; ResourceTypeFilters are
 * "service[:resourceType]" as embedded in the ARN, so "connect" and "connect:phone-number" select the numbers.
 * The listing ends with an empty PaginationToken, as AWS's does.
 */

const NUMBER_TYPES = new Set(["connect", "connect:phone-number"]);
/** AWS does not document the default page size [U]; 50 keeps paging visible in tests. */
const DEFAULT_PAGE = 50;

/** Resource Groups Tagging is not among the vendored models (emulator/aws-model): its few limits are checked here. */
function stringList(value: unknown, field: string, max: number): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((x) => typeof x !== "string"))
    throw invalidParameter(`${field} must be a list of strings.`);
  if (value.length > max) throw invalidParameter(`${field} can have at most ${max} items.`);
  return value as string[];
}

function pageSize(value: unknown): number {
  if (value === undefined) return DEFAULT_PAGE;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 100)
    throw invalidParameter("ResourcesPerPage must be between 1 and 100.");
  return value;
}

interface TagFilter {
  Key: string;
  Values: string[];
}

export function getResources(store: EmulatorStore, ctx: CallContext, body: v.Body) {
  const arnList = stringList(body.ResourceARNList, "ResourceARNList", 100);
  const typeFilters = stringList(body.ResourceTypeFilters, "ResourceTypeFilters", 100);
  const tagFilters = parseTagFilters(body.TagFilters);
  if (arnList && (tagFilters.length > 0 || typeFilters)) {
    throw invalidParameter("ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters.");
  }
  const size = pageSize(body.ResourcesPerPage);
  const fingerprint = JSON.stringify([arnList ?? null, typeFilters ?? null, tagFilters]);
  const token = body.PaginationToken === "" ? undefined : body.PaginationToken;
  const offset = v.decodeToken(token, fingerprint, "PaginationToken");

  const p = store.partition(ctx);
  p.numbers.forEach((n) => store.settle(n));
  const selected = p.numbers.filter(
    (n) =>
      (arnList ? arnList.includes(n.arn) : Object.keys(n.tags).length > 0) &&
      (!typeFilters || typeFilters.some((t) => NUMBER_TYPES.has(t))) &&
      tagFilters.every((f) => matches(n, f)),
  );
  const slice = selected.slice(offset, offset + size);
  return {
    ResourceTagMappingList: slice.map((n) => ({
      ResourceARN: n.arn,
      Tags: Object.entries(n.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
    PaginationToken: offset + size < selected.length ? v.encodeToken(offset + size, fingerprint) : "",
  };
}

function matches(n: ClaimedNumber, f: TagFilter): boolean {
  if (!(f.Key in n.tags)) return false;
  return f.Values.length === 0 || f.Values.includes(n.tags[f.Key]);
}

function parseTagFilters(value: unknown): TagFilter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParameter("TagFilters must be a list.");
  if (value.length > 50) throw invalidParameter("TagFilters can have at most 50 keys.");
  return value.map((f: unknown) => {
    const o = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
    if (typeof o.Key !== "string" || o.Key.length === 0) throw invalidParameter("Each TagFilter needs a Key.");
    const values = stringList(o.Values, "TagFilters.Values", 20) ?? [];
    return { Key: o.Key, Values: values };
  });
}

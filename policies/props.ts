import * as proxyModule from "@pulumi/policy/proxy";
import { UNKNOWN } from "../core/unknown";

/** The SDK defines the sentinels (one per type) but does not declare them in its types. */
const proxy = proxyModule as unknown as Record<string, string>;

/**
 * Reads resource properties without touching an unknown value: the policy SDK turns any read of one into an
 * UnknownValueError, and a mandatory policy that throws it is silently downgraded to advisory. A property
 * descriptor hands back the raw value, sentinel included, without the proxy's check.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  proxy.unknownStringValue,
  proxy.unknownBooleanValue,
  proxy.unknownNumberValue,
  proxy.unknownArrayValue,
  proxy.unknownAssetValue,
  proxy.unknownArchiveValue,
  proxy.unknownObjectValue,
]);

export type Read<T> = { known: true; value: T | undefined } | { known: false };

export function read(props: object, key: string): Read<unknown> {
  const value = Object.getOwnPropertyDescriptor(props, key)?.value;
  if (typeof value === "string" && UNKNOWN_SENTINELS.has(value)) return { known: false };
  return { known: true, value };
}

export function readString(props: object, key: string): Read<string> {
  const r = read(props, key);
  if (!r.known) return r;
  return { known: true, value: typeof r.value === "string" ? r.value : undefined };
}

export function readBoolean(props: object, key: string): Read<boolean> {
  const r = read(props, key);
  if (!r.known) return r;
  return { known: true, value: typeof r.value === "boolean" ? r.value : undefined };
}

/**
 * A plain copy of resource properties, read through property descriptors at every depth (so no unknown trips the
 * proxy), each unknown sentinel turned into core's UNKNOWN: for rules in core that read whole objects (a set's
 * prefixes, its list of numbers).
 */
export function plainProps(value: unknown): unknown {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.getOwnPropertyNames(value).filter((k) => !(Array.isArray(value) && k === "length"));
  const copy = keys.map((k) => [k, plainProps(Object.getOwnPropertyDescriptor(value, k)?.value)] as const);
  return Array.isArray(value) ? copy.map(([, v]) => v) : Object.fromEntries(copy);
}

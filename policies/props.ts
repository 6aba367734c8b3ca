import * as proxyModule from "@pulumi/policy/proxy";

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

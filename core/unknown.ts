/** The sentinel Pulumi sends for a value unknown at preview (the SDK's UnknownValue in a dynamic provider's inputs). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/**
 * Whether this package's PhoneNumber refuses a delete that would release its number: `deletionProtection: true` in
 * its state, unless the program still declares it (a replacement) with the protection lifted in the same change
 * (provider/runtime/lifecycle.ts `remove`). A delete that hands the number over releases nothing and is never refused;
 * that is for the caller to know. The apply stops at the refusal, after the changes applied before it.
 */
export interface ConnectDeleteRefusal {
  /**
   * "unnamed-shrink": a PhoneNumberSet holds a number it no longer wants and names nowhere (core/fleet.ts);
   * "kept-for": an earlier refused rename marked the number for another resource (kept-for.ts).
   */
  reason: "deletion-protection" | "unnamed-shrink" | "kept-for";
  message: string;
}

export function connectDeleteRefusal(x: {
  /** The resource's name or address, for the message. */
  name: string;
  phoneNumber?: string;
  /** The old state's deletionProtection. */
  deletionProtection: unknown;
  /** For a replacement: the new inputs' deletionProtection; absent for a removal. */
  replacedWith?: { deletionProtection: unknown };
}): ConnectDeleteRefusal | undefined {
  if (x.deletionProtection !== true) return undefined;
  if (x.replacedWith !== undefined && x.replacedWith.deletionProtection !== true) return undefined;
  const number = x.phoneNumber ?? "its number";
  return {
    reason: "deletion-protection",
    message:
      `${x.name} (${number}) has deletionProtection, so the provider refuses to release it and the apply stops there. ` +
      `To release it on purpose: set deletionProtection: false, run \`pulumi up\`, then remove it. ` +
      `To stop managing it without releasing: the retainOnDelete resource option (applied first), or \`pulumi state delete\`.`,
  };
}

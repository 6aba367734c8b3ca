import { forcingRule } from "../forcing";
import { TaggedOwnership } from "../owner";
import { isUnknown } from "../unknown";
import { smsIdOf } from "./arn";
import { SmsRegionInputs, regionOf } from "./region";

/**
 * The one rule of which SMS number a resource wants, and when the number it holds no longer does: parsed once from
 * the inputs (the provider's diff, the pack and the CLI), then `forcingSmsInputs` names the inputs that force a new
 * number (a RequestPhoneNumber and a release).
 */

/** The inputs that decide which SMS number a resource holds: a change of any of them means another number. */
export const SMS_FORCING_INPUTS = [
  "isoCountryCode",
  "messageType",
  "numberCapabilities",
  "numberType",
  "registrationId",
  "phoneNumberId",
  "region",
] as const;
export type SmsForcingInput = (typeof SMS_FORCING_INPUTS)[number];

/** The values RequestPhoneNumber is asked with (the request token is built over them). */
export interface SmsRequestInputs {
  isoCountryCode: string;
  messageType: string;
  numberCapabilities: readonly string[];
  numberType: string;
  registrationId?: string;
  region?: string;
}

/** The number a resource wants, parsed once. Unknown inputs are listed, never guessed. */
export interface WantedSmsNumber extends Partial<SmsRequestInputs> {
  /** request: RequestPhoneNumber; adopt: take the number the account holds under phoneNumberId. */
  mode: "request" | "adopt";
  /** adopt: the bare id. */
  phoneNumberId?: string;
  unknown: readonly SmsForcingInput[];
}

/** An SMS number the account holds: the one noun for it in every layer. A field the reader does not know is left out. */
export interface HeldSmsNumber {
  phoneNumberId: string;
  arn?: string;
  phoneNumber?: string;
  deletionProtectionEnabled?: boolean;
  poolId?: string;
  /** Who its ownership tags say holds it, when they were read. */
  owner?: TaggedOwnership;
  isoCountryCode?: string;
  messageType?: string;
  numberCapabilities?: readonly string[];
  numberType?: string;
  registrationId?: string;
  region?: string;
}

/** The inputs as a program or the engine gives them: any may be Pulumi's unknown sentinel. */
export interface SmsNumberInputs extends SmsRegionInputs {
  isoCountryCode?: string;
  messageType?: string;
  numberCapabilities?: readonly string[];
  numberType?: string;
}

/**
 * The wanted number of these inputs. The region is the region input, else one an ARN among the inputs names; an
 * unknown region input or adopted id leaves the region unknown.
 */
export function wantedSmsNumber(
  inputs: SmsNumberInputs,
  context: { unknown?: readonly SmsForcingInput[] } = {},
): WantedSmsNumber {
  const unknown = new Set<SmsForcingInput>(context.unknown ?? []);
  const known = (key: Exclude<SmsForcingInput, "numberCapabilities">): string | undefined => {
    const v = inputs[key];
    if (isUnknown(v)) unknown.add(key);
    return v === undefined || isUnknown(v) ? undefined : v;
  };
  const phoneNumberId = known("phoneNumberId");
  known("region");
  if (unknown.has("phoneNumberId")) unknown.add("region");
  const adopting = phoneNumberId !== undefined || unknown.has("phoneNumberId");
  return {
    mode: adopting ? "adopt" : "request",
    phoneNumberId: phoneNumberId === undefined ? undefined : smsIdOf(phoneNumberId),
    isoCountryCode: known("isoCountryCode"),
    messageType: known("messageType"),
    numberCapabilities: capabilities(inputs.numberCapabilities, unknown),
    numberType: known("numberType"),
    registrationId: known("registrationId"),
    region: regionOf(inputs, undefined),
    unknown: SMS_FORCING_INPUTS.filter((k) => unknown.has(k)),
  };
}

function capabilities(v: unknown, unknown: Set<SmsForcingInput>): readonly string[] | undefined {
  if (isUnknown(v) || (Array.isArray(v) && v.some(isUnknown))) {
    unknown.add("numberCapabilities");
    return undefined;
  }
  return Array.isArray(v) ? v.map(String) : undefined;
}

/**
 * The inputs that force the held number to be replaced: another adopted id, or (requesting) another country,
 * message type, capability set, number type or registration, or another region. A registration cannot be taken off
 * a number: only another one forces. An unknown input counts as changed; `ignored` inputs never force.
 */
export const forcingSmsInputs = forcingRule<HeldSmsNumber, WantedSmsNumber, SmsForcingInput>(
  (held, wanted, { force }) => {
    if (wanted.mode === "adopt") force("phoneNumberId", wanted.phoneNumberId !== held.phoneNumberId);
    else {
      for (const k of ["isoCountryCode", "messageType", "numberType"] as const) force(k, wanted[k] !== held[k]);
      force("numberCapabilities", !sameSet(wanted.numberCapabilities, held.numberCapabilities));
      force("registrationId", wanted.registrationId !== undefined && wanted.registrationId !== held.registrationId);
    }
    force("region", wanted.region !== undefined && wanted.region !== held.region);
  },
);

/** Whether the held number satisfies the wanted one: nothing unknown, nothing forcing a new number. */
export function meetsSms(held: HeldSmsNumber, wanted: WantedSmsNumber): boolean {
  return wanted.unknown.length === 0 && forcingSmsInputs(held, wanted).length === 0;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");
}

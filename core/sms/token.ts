import { CONNECT_NUMBERS_NAMESPACE, uuidV5 } from "../token";
import { SmsRequestInputs } from "./wanted";

export interface SmsRequestIdentity {
  /** core/owner.ts ownerUrn of the resource. */
  ownerUrn: string;
  /** 0 for the first request; the next one after AWS replays a token whose number was released since. */
  generation: number;
  inputs: SmsRequestInputs;
}

/**
 * RequestPhoneNumber's ClientToken (1–64 chars, `^[!-~]+$`): a UUIDv5, built like core/token.ts claimToken but over
 * SMS's own number-forcing inputs (message type and capabilities, which Connect's claim has not). Capabilities are a
 * set: their order never changes the token.
 */
export function smsRequestToken(id: SmsRequestIdentity): string {
  if (!Number.isInteger(id.generation) || id.generation < 0)
    throw new Error(`request generation ${id.generation} is not a whole number >= 0`);
  const fields: Record<string, string | number | undefined> = {
    kind: "sms-request",
    owner: id.ownerUrn,
    generation: id.generation,
    isoCountryCode: id.inputs.isoCountryCode,
    messageType: id.inputs.messageType,
    numberCapabilities: [...id.inputs.numberCapabilities].sort().join(","),
    numberType: id.inputs.numberType,
    registrationId: id.inputs.registrationId,
    region: id.inputs.region,
  };
  const keys = Object.keys(fields)
    .filter((k) => fields[k] !== undefined)
    .sort();
  return uuidV5(JSON.stringify(keys.map((k) => [k, fields[k]])), CONNECT_NUMBERS_NAMESPACE);
}

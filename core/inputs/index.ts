import { PHONE_NUMBER_SET_TYPE } from "../fleet";
import { PHONE_NUMBER_TYPE } from "../owner";
import { SMS_NUMBER_TYPE } from "../sms/kinds";
import { CheckFailure, checkInputs, resourceName } from "./connect";
import { checkSetInputs } from "./set";
import { checkOriginationNumber } from "./sms";

export type { CheckFailure } from "./connect";

/**
 * The provider's refusals of a resource's inputs, by its type token: one per bad input, each the sentence the
 * provider fails its check with (`PhoneNumber "bad": phoneNumber = "+1 (800)…": is not an E.164 phone number.
 * Remove spaces and punctuation: "+18005550100".`). The pack and check say these words; a kind of another provider
 * has none. Values unknown at preview (core/unknown.ts) are never refused: the provider checks them at apply.
 */
export function inputRefusals(type: string, inputs: Readonly<Record<string, unknown>>): CheckFailure[] {
  if (type === PHONE_NUMBER_TYPE) return checkInputs(resourceName(inputs), inputs);
  if (type === PHONE_NUMBER_SET_TYPE) return checkSetInputs(inputs);
  if (type === SMS_NUMBER_TYPE) return checkOriginationNumber(inputs);
  return [];
}

// A refusal's head as inputRefusals words it: the kind, the name, then `property = value: `. Pulumi prints each of
// a failed check's failures on a line of its own.
const REFUSAL = /(?:PhoneNumber|PhoneNumberSet|OriginationNumber) "[^"\n]*": [A-Za-z]+(?:\[[^\]\n]*\])? = [^\n]*/g;

/**
 * The input refusals a failed preview's error quotes (the provider's check words them with inputRefusals), each
 * once, joined; undefined for any other error. A face that reads a failed preview tells by this that the plan is
 * blocked, in the provider's words, not merely unreadable.
 */
export function findInputRefusals(message: string): string | undefined {
  const found = [...new Set([...message.matchAll(REFUSAL)].map((m) => m[0].trimEnd()))];
  return found.length > 0 ? found.join(" ") : undefined;
}

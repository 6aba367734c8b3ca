import {
  CONNECT_NUMBER_RESOURCE_TYPES,
  ValidationFailure,
  connectNumberProperties,
  formatFailure,
  isFailure,
  isUnknown,
  validatePhoneNumber,
  validatePrefix,
} from "../core";
import { isSmsNumberType, smsPhoneNumberProperty } from "../core/sms";
import { inputError } from "./errors";
import { ResourceChange } from "./steps";

/** The properties of a kind's states that hold an E.164 number, and those that hold a prefix of one. */
function numberProperties(type: string): { numbers: string[]; prefixes: string[] } {
  if (isSmsNumberType(type)) return { numbers: [smsPhoneNumberProperty(type)], prefixes: [] };
  if (!CONNECT_NUMBER_RESOURCE_TYPES.has(type)) return { numbers: [], prefixes: [] };
  const n = connectNumberProperties(type);
  return { numbers: n.phoneNumber, prefixes: [n.prefix] };
}

/** Absent, unknown until apply, or secret: nothing is stated, so nothing is wrong. */
const stated = (v: unknown) => v !== undefined && v !== null && v !== "" && !isUnknown(v) && v !== "[secret]";

/**
 * Every number a plan states for a number resource must be one AWS could hold (core/validation, the rule the
 * provider checks inputs with): which number is claimed or released, and whether two resources hold the same one,
 * is read from these values, so a plan with a malformed one (edited by hand, or from a broken tool) is not judged.
 */
export function checkNumberValues(change: ResourceChange): void {
  const { numbers, prefixes } = numberProperties(change.type);
  const states = [
    ["old state", change.before],
    ["new state", change.after],
  ] as const;
  for (const [side, props] of states) {
    if (!props) continue;
    const check = (key: string, validate: (v: unknown) => ValidationFailure | undefined) => {
      if (!stated(props[key])) return;
      const failed = validate(props[key]);
      if (failed)
        throw inputError(
          `cannot judge ${change.address}: its ${side} has ${formatFailure(failed)} ` +
            "Which number the plan claims or releases is read from it: correct it where it comes from " +
            "(the program, or the state) and make the plan again.",
        );
    };
    for (const key of numbers)
      check(key, (v) => {
        const r = validatePhoneNumber(key, v);
        return isFailure(r) ? r : undefined;
      });
    for (const key of prefixes) check(key, (v) => validatePrefix(key, v));
  }
}

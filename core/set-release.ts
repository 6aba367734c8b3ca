import type { SetMember } from "./fleet";
import { ValidationFailure, failure, formatFailure } from "./validation/failure";
import { isFailure, validatePhoneNumber } from "./validation/phone";

/**
 * A PhoneNumberSet's `release` entries, judged one by one: each names a number the set holds, by E.164 or by id.
 * An entry that is no number (a typo, a number without its +) or that names a number the set never held would
 * otherwise be skipped without a word while the shrink the program meant does not happen. One rule for the
 * provider (check and diff), the pack and `check`, worded the same by every face: the set, the entry, the fix.
 */

/** A Connect phone number id is a UUID (the API's PhoneNumberId); digits and punctuation alone are a number typed. */
const LOOKS_LIKE_A_NUMBER = /^[\d\s().+-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[A-Za-z0-9:/_-]{1,256}$/;

/** What is wrong with the shape of each entry: not a string, not an E.164 number, not a phone number id. */
export function releaseEntryFailures(release: readonly unknown[]): ValidationFailure[] {
  return release.flatMap((v, i) => {
    const property = `release[${i}]`;
    if (typeof v === "string" && LOOKS_LIKE_A_NUMBER.test(v) && !UUID.test(v)) {
      const r = validatePhoneNumber(property, v);
      return isFailure(r) ? [r] : [];
    }
    if (typeof v === "string" && ID.test(v)) return [];
    return [
      failure(
        property,
        v,
        "is neither an E.164 number nor a phone number id",
        'Write the number as the set lists it ("+12125550100"), or its phoneNumberId.',
      ),
    ];
  });
}

/**
 * Entries of the right shape that name no number the set holds, nor one it released before (`namedBefore`: the
 * entries of the release it last applied, which stay in the program after the number is gone).
 */
export function foreignReleaseFailures(
  release: readonly unknown[],
  held: readonly SetMember[],
  namedBefore: readonly unknown[] = [],
): ValidationFailure[] {
  const holds = (v: unknown) => held.some((m) => m.phoneNumber === v || m.phoneNumberId === v);
  const shown = held.slice(0, 5).map((m) => m.phoneNumber);
  const more = held.length > shown.length ? `, and ${held.length - shown.length} more` : "";
  const bad = new Set(releaseEntryFailures(release).map((f) => f.property));
  return release.flatMap((v, i) =>
    bad.has(`release[${i}]`) || holds(v) || namedBefore.includes(v)
      ? []
      : [
          failure(
            `release[${i}]`,
            v,
            "names no number the set holds",
            held.length === 0
              ? "Remove it from release: the set holds no numbers yet."
              : `Remove it from release, or name one of the set's own numbers (${shown.join(", ")}${more}).`,
          ),
        ],
  );
}

/** One bad entry in every face's words: `PhoneNumberSet "pool": release[1] = "+1999…": names no number … Fix.` */
export function releaseEntryRefusal(set: string, f: ValidationFailure): string {
  return `${set}: ${formatFailure(f)}`;
}

const REFUSAL = /PhoneNumberSet "[^"\n]*": release\[\d+\] = [^\n]*/g;

/**
 * The release-entry refusals a failed preview's error quotes (the provider's check or diff words them), joined;
 * undefined for any other error. A face that reads a failed preview tells by this that the plan is blocked.
 */
export function findReleaseEntryRefusals(message: string): string | undefined {
  const found = [...new Set([...message.matchAll(REFUSAL)].map((m) => m[0].trimEnd()))];
  return found.length > 0 ? found.join(" ") : undefined;
}

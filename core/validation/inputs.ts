import { ValidationFailure, failure } from "./failure";

/**
 * The known name closest to a misspelt one, for "did you mean …?": the same name in another case, else the nearest
 * within two edits (`prefix` for `prefixes`), else the one known name it is the start of (`deletionProtection` for
 * an SMS number's `deletionProtectionEnabled`), else the longest known name it starts with (`deletionProtectionEnabled`
 * on a Connect resource: `deletionProtection`); undefined when none is that close. One rule for the provider's inputs
 * and the pack's config keys.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(k, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: k, distance };
  }
  if (best) return best.name;
  const longer = lower.length >= 5 ? known.filter((k) => k.toLowerCase().startsWith(lower)) : [];
  if (longer.length === 1) return longer[0];
  const shorter = known.filter((k) => k.length >= 5 && lower.startsWith(k.toLowerCase()));
  return shorter.sort((a, b) => b.length - a.length)[0];
}

/**
 * Inputs of another kind, by the kind they were given to, with the fix that points there. Looked up before
 * nearestName: `count` on a PhoneNumber is no misspelt countryCode, it asks for several numbers.
 */
const OTHER_KINDS_INPUTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  PhoneNumber: {
    count:
      "A PhoneNumber holds one number: for several, declare a PhoneNumberSet, which takes count (with countryCode, type, and prefixes or phoneNumbers).",
  },
};

/**
 * Each input a resource was given that its kind does not take: refused, never ignored (a set given `prefix` for
 * `prefixes` would hold no numbers, silently). Keys Pulumi adds itself (`__provider`) and values left unset pass.
 */
export function unknownInputFailures(
  kind: string,
  inputs: Readonly<Record<string, unknown>>,
  known: readonly string[],
): ValidationFailure[] {
  return Object.entries(inputs)
    .filter(([key, value]) => value !== undefined && !key.startsWith("__") && !known.includes(key))
    .map(([key, value]) => {
      const elsewhere = OTHER_KINDS_INPUTS[kind]?.[key];
      const near = nearestName(key, known);
      return failure(
        key,
        value,
        `is not an input of ${kind}, so it would be ignored`,
        // ownerUrn is accepted, never given: the constructor derives it.
        elsewhere !== undefined
          ? elsewhere
          : near
            ? `Did you mean ${near}?`
            : `Use one of: ${known
                .filter((k) => k !== "ownerUrn")
                .sort()
                .join(", ")}.`,
      );
    });
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

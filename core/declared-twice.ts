/**
 * One specific number declared by two resources of one program (two PhoneNumbers, two PhoneNumberSets, or one of
 * each): one number cannot belong to two resources. Left alone, the second takes it from the first (a hand-over), and
 * a later release by either releases a number the other still declares. Every face refuses it in these words.
 */

/** A resource of the program and the specific numbers it declares (E.164, or a phone number id). */
export interface NumberDeclaration {
  /** The resource's name, as the program gives it. */
  name: string;
  kind: "PhoneNumber" | "PhoneNumberSet";
  numbers: readonly string[];
}

/**
 * The refusal, naming both resources, the number and the fix. `label` is how the refused resource's face names it
 * (the provider's `PhoneNumber "support-2"`); `holder` says who holds the number now, when that is known.
 */
export function declaredTwiceRefusal(x: {
  label: string;
  number: string;
  declaration: Pick<NumberDeclaration, "name" | "kind">;
  other: Pick<NumberDeclaration, "name" | "kind">;
  holder?: string;
}): string {
  const sets = [x.declaration, x.other].some((d) => d.kind === "PhoneNumberSet");
  return (
    `${x.label}: ${x.number} is declared twice: \`${x.declaration.name}\` and \`${x.other.name}\`${x.holder ? ` (${x.holder}, which holds it)` : ""}: one number cannot belong to two resources. ` +
    "Remove one declaration, or give it another number. " +
    (sets
      ? "A PhoneNumberSet declares it in phoneNumbers: to move it from one resource to the other, take it out of the first in the same change (a set that lets it go to a PhoneNumber needs dependsOn that resource)."
      : 'If this is a rename, remove the old declaration (and to keep the state\'s history, add aliases: [{ name: "<old name>" }] here instead of a second resource).')
  );
}

const DECLARED_TWICE = /(?:PhoneNumber|PhoneNumberSet) "[^"\n]*": \S+ is declared twice: `[^`\n]*` and `[^`\n]*`[^\n]*/;

/**
 * The refusal declaredTwiceRefusal words, where an error quotes it (a failed preview's diagnostic, prefixed by
 * Pulumi): its words from the resource to the fix; undefined for any other error. A face reading a failed preview
 * tells by this that the plan is blocked, not merely unreadable.
 */
export function findDeclaredTwiceRefusal(message: string): string | undefined {
  return DECLARED_TWICE.exec(message)?.[0].trimEnd();
}

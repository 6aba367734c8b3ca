import {
  findDeclaredTwiceRefusal,
  findInputRefusals,
  findReleaseEntryRefusals,
  findUnnamedShrinkRefusal,
} from "../core";

/** A plan document that cannot be read or judged: the message says what and how. The CLI exits 3 on it. */
export class UnreadablePlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadablePlanError";
  }
}

export const inputError = (message: string) => new UnreadablePlanError(message);

/**
 * A preview that failed on a refusal by a known rule: the provider's, worded by core (a set's shrink that names no
 * release, a number two resources declare, inputs its check refuses), or Pulumi's own (a protected resource's
 * delete). The plan is judged, and blocked, in the refusal's words. The CLI exits 1 on it, as on any block.
 */
export class PlanRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanRefusedError";
  }
}

/** The block a failed preview's errors carry, if one of them is a known refusal; undefined for any other failure. */
export function refusalIn(name: string, errors: readonly string[]): PlanRefusedError | undefined {
  // Every refusal, each once: a set's bad release entries are one error each.
  const found = errors.flatMap((e) => {
    const refusal =
      findUnnamedShrinkRefusal(e) ??
      findDeclaredTwiceRefusal(e) ??
      findReleaseEntryRefusals(e) ??
      findInputRefusals(e) ??
      protectedDelete(e);
    return refusal === undefined ? [] : [refusal];
  });
  if (found.length === 0) return undefined;
  return new PlanRefusedError(`${name}: blocked: this preview was refused: ${[...new Set(found)].join(" ")}`);
}

/**
 * Pulumi's own refusal to delete a protected resource (`protect: true`), which fails the preview: its sentence is
 * split over lines, and the fix it gives is the one that also releases the number.
 */
function protectedDelete(message: string): string | undefined {
  const urn = /resource "([^"]+)" cannot be deleted\s+because it is protected/.exec(message)?.[1];
  if (urn === undefined) return undefined;
  return (
    `Pulumi refuses to delete ${urn}, which is protected (\`protect: true\`), so nothing is released. ` +
    "To release its number on purpose: take `protect` off in the program and run `pulumi up`, then remove the resource. " +
    "To stop managing it and keep the number: give it the retainOnDelete option (and take `protect` off) in one `pulumi up`, then remove it."
  );
}

/** How much of a failed preview's first error is quoted: a whole refusal with its fix, not a stack dump. */
const FAILURE_QUOTE_CHARS = 2000;

/** The first line of a failed preview's error, whole: a provider's refusal ends with its fix (a set's candidates). */
export function quoteFailure(message: string): string {
  const line = message.split("\n")[0];
  return line.length > FAILURE_QUOTE_CHARS ? `${line.slice(0, FAILURE_QUOTE_CHARS)}…` : line;
}

/** A plan document that cannot be read or judged: the message says what and how. The CLI exits 3 on it. */
export class UnreadablePlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadablePlanError";
  }
}

export const inputError = (message: string) => new UnreadablePlanError(message);

/** How much of a failed preview's first error is quoted: a whole refusal with its fix, not a stack dump. */
const FAILURE_QUOTE_CHARS = 2000;

/** The first line of a failed preview's error, whole: a provider's refusal ends with its fix (a set's candidates). */
export function quoteFailure(message: string): string {
  const line = message.split("\n")[0];
  return line.length > FAILURE_QUOTE_CHARS ? `${line.slice(0, FAILURE_QUOTE_CHARS)}…` : line;
}

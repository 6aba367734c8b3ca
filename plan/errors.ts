/** A plan document that cannot be read or judged: the message says what and how. The CLI exits 3 on it. */
export class UnreadablePlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadablePlanError";
  }
}

export const inputError = (message: string) => new UnreadablePlanError(message);

/** Exit codes, documented in docs/cli.md and stable: pipelines branch on them. */
export const EXIT = {
  ok: 0,
  overBudget: 1,
  usage: 2,
  unreadableInput: 3,
} as const;

/** An error a user can fix; the message says what and how. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const inputError = (message: string) => new CliError(message, EXIT.unreadableInput);

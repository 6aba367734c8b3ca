import { PlanRefusedError, UnreadablePlanError } from "../plan/errors";

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

/**
 * The exit code of an error a user can fix (a CliError's own, 1 for a plan the provider refused, 3 for a plan that
 * cannot be read); undefined for any other.
 */
export function exitCodeOf(err: unknown): number | undefined {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof PlanRefusedError) return EXIT.overBudget;
  if (err instanceof UnreadablePlanError) return EXIT.unreadableInput;
  return undefined;
}

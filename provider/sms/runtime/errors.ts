/**
 * Thrown when AWS holds the number but the operation did not finish (still PENDING after the wait, a setting not
 * applied): Pulumi records the id and these properties with the error (a partial failure), so nothing leaks, and
 * the next `pulumi up` updates the resource to finish the job.
 */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: object,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

/**
 * A configuration the pack refuses. Thrown, not reported: the policy SDK turns a thrown error into an engine error
 * that fails the preview whatever the policy's enforcement level, as a config typo must. The stack is the message
 * alone because the SDK prints `stack` verbatim, and frames would bury it.
 */
export class PackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackConfigError";
    this.stack = `${this.name}: ${message}`;
  }
}

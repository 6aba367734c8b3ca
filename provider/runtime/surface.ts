/**
 * How a refusal reaches Pulumi's output: once. Pulumi's dynamic-provider host answers the engine with the error of
 * a failed check, diff, read or delete (shown on the resource) and also logs `${err}: ${err.stack}` to its stderr,
 * which the engine shows again on the stack, with a stack trace into node_modules. A refusal or an AWS error is an
 * outcome the message explains, not a crash: that second copy is dropped. An error that is a bug (TypeError and
 * its kin) keeps it, trace included, for whoever fixes it.
 */
const dropped = new Set<string>();
const INSTALLED = Symbol.for("connect-numbers.provider.quiet-console");

function isBug(err: unknown): boolean {
  return [TypeError, ReferenceError, SyntaxError, RangeError, EvalError].some((kind) => err instanceof kind);
}

/** Once per process: console.error skips exactly the line the host writes for a refusal marked below. */
function installFilter(): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && dropped.delete(args[0])) return;
    original(...args);
  };
}

/** Runs one provider call; an error it ends with is answered to the engine as before, and logged no second time. */
export async function surfaced<T>(call: () => T | Promise<T>): Promise<T> {
  installFilter();
  try {
    return await call();
  } catch (err) {
    if (err instanceof Error && !isBug(err)) dropped.add(`${String(err)}: ${err.stack}`);
    throw err;
  }
}

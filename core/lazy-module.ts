/**
 * A module loaded when one of its values is first read, not when a module naming them loads. The AWS SDK's service
 * packages (~0.15 s of CPU each) and libphonenumber's metadata load at import time otherwise, and every process —
 * Pulumi's policy pack and dynamic provider, the program, the CLI — imports the modules that name them whether or not
 * it calls AWS or parses a number. Read its values where they are used: `sdk.X` at the call, or a named import of a
 * module that re-exports this one (CommonJS reads `module_1.X` at each use). Copying a value into a variable at import
 * time, or `import * as` of such a module, would load it at once.
 */
export function lazyModule<T extends object>(load: () => T): T {
  let loaded: T | undefined;
  const target = (): T => (loaded ??= load());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
  });
}

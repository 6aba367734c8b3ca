/**
 * A module loaded when one of its values is first read, not when a module naming them loads. The AWS SDK's service
 * packages (~0.15 s of CPU each) and libphonenumber's metadata load at import time otherwise, and every process —
 * Pulumi's policy pack and dynamic provider, the program, the CLI — imports the modules that name them whether or not
 * it calls AWS or parses a number. Import its values by name (`import { X } from "…"`): CommonJS reads a named
 * import at each use (`module_1.X`), which is the moment this loads; `import * as` would read it all at once.
 */
export function lazyModule<T extends object>(load: () => T): T {
  let loaded: T | undefined;
  const target = (): T => (loaded ??= load());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
  });
}

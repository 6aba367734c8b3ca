import type * as Emulator from "connect-numbers-emulator";
import type { EmulatorSettings } from "connect-numbers-emulator";
import { usageError } from "../errors";

/**
 * The emulator is a package of its own, connect-numbers-emulator (a dev dependency), so that an infrastructure
 * project installing connect-numbers gets none of its dependencies (dynalite, a native LevelDB build). The
 * `emulator` commands load it when they run, by package name: from a project that installed it, or from this
 * repository's workspace.
 */
export const EMULATOR_PACKAGE = "connect-numbers-emulator";
export const INSTALL_EMULATOR = `npm install --save-dev ${EMULATOR_PACKAGE}`;

/** The emulator, or a usage error naming the install command when it is not installed. */
export function loadEmulator(): typeof Emulator {
  try {
    return require(EMULATOR_PACKAGE) as typeof Emulator;
  } catch (err) {
    if (!missing(err, EMULATOR_PACKAGE)) throw err;
    throw usageError(
      `the emulator is a package of its own and is not installed here: run \`${INSTALL_EMULATOR}\`, then run this again`,
    );
  }
}

/** The emulator's defaults for the help text, read from its settings module alone (no server, no DynamoDB). */
export function emulatorDefaults(): EmulatorSettings | undefined {
  const settings = `${EMULATOR_PACKAGE}/settings`;
  try {
    return (require(settings) as { DEFAULT_SETTINGS: EmulatorSettings }).DEFAULT_SETTINGS;
  } catch (err) {
    if (missing(err, EMULATOR_PACKAGE) || missing(err, settings)) return undefined;
    throw err;
  }
}

/** Node could not find the module itself (not a module it requires: that is a broken install, shown as it is). */
function missing(err: unknown, id: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return (
    e?.code === "MODULE_NOT_FOUND" &&
    typeof e.message === "string" &&
    e.message.startsWith(`Cannot find module '${id}'`)
  );
}

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const PULUMI_VERSION = "3.248.0";

export interface PulumiInstall {
  binary: string;
  binDir: string;
  /** Whether `pulumi-language-nodejs` is there; without it programs run inline (scripts/pulumi-inline.ts). */
  languageHost: boolean;
}

/** Where scripts/install-pulumi.sh builds the CLI. */
export function cachedBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot =
    env.CONNECT_NUMBERS_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "connect-numbers");
  return path.join(env.PULUMI_PREFIX ?? path.join(cacheRoot, `pulumi-${PULUMI_VERSION}`), "bin");
}

export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return dir;
  }
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The CLI scripts/install-pulumi.sh chose: CONNECT_NUMBERS_PULUMI_BIN, else its cache, else PATH. */
export function findPulumi(env: NodeJS.ProcessEnv = process.env): PulumiInstall {
  const candidates = [env.CONNECT_NUMBERS_PULUMI_BIN, cachedBinDir(env), onPath("pulumi", env)];
  const binDir = candidates.find((dir): dir is string => !!dir && isExecutable(path.join(dir, "pulumi")));
  if (!binDir) {
    throw new Error(
      "no pulumi CLI found: install it (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH, or set " +
        "CONNECT_NUMBERS_PULUMI_BIN to the directory holding it (in a connect-numbers checkout, `npm run install-pulumi` builds one)",
    );
  }
  return {
    binary: path.join(binDir, "pulumi"),
    binDir,
    languageHost:
      isExecutable(path.join(binDir, "pulumi-language-nodejs")) || onPath("pulumi-language-nodejs", env) !== undefined,
  };
}

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Where the ledger lives: one setting, the same for the provider (stack config `connect-numbers:ledger`), the policy
 * pack (config `ledger`) and the CLI (`--ledger`):
 *
 *   dynamodb:<table>                      a DynamoDB table, in the region and at the endpoint of the AWS settings
 *   dynamodb:<table>?region=<r>           … in another region (one table may serve every region: items carry it)
 *   file:<path>                           a JSON file on this machine (~ expands to the home directory)
 *   memory:                               this process only (tests)
 *   off                                   no ledger
 *
 * Unset: CONNECT_NUMBERS_LEDGER, else the per-user file (defaultLedgerFile).
 */
export type LedgerLocation =
  | { kind: "dynamodb"; table: string; region?: string; endpoint?: string }
  | { kind: "file"; path: string }
  | { kind: "memory" }
  | { kind: "off" };

export const LEDGER_ENV = "CONNECT_NUMBERS_LEDGER";

export class LedgerSettingError extends Error {}

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * The per-user ledger file: $XDG_STATE_HOME/connect-numbers/ledger.json (else ~/.local/state/…) on Linux and other
 * Unixes, ~/Library/Application Support/connect-numbers/ledger.json on macOS, %LOCALAPPDATA%\connect-numbers\
 * ledger.json on Windows. State, not configuration or cache: it must survive, and is this user's own.
 */
export function defaultLedgerFile(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === "win32")
    return path.win32.join(
      env.LOCALAPPDATA ?? path.win32.join(home, "AppData", "Local"),
      "connect-numbers",
      "ledger.json",
    );
  if (platform === "darwin")
    return path.posix.join(home, "Library", "Application Support", "connect-numbers", "ledger.json");
  const state =
    env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(home, ".local", "state");
  return path.join(state, "connect-numbers", "ledger.json");
}

export function parseLedgerSetting(
  text: string,
  cwd: string = process.cwd(),
  home: string = os.homedir(),
): LedgerLocation {
  const value = text.trim();
  const fix = "use dynamodb:<table>, file:<path>, memory: or off";
  if (value === "off" || value === "none") return { kind: "off" };
  if (value === "memory:" || value === "memory") return { kind: "memory" };
  if (value.startsWith("file:")) {
    const raw = value.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (raw === "") throw new LedgerSettingError(`ledger = ${JSON.stringify(text)}: no path after file: (${fix})`);
    const expanded = raw === "~" || raw.startsWith("~/") ? path.join(home, raw.slice(1)) : raw;
    return { kind: "file", path: path.resolve(cwd, expanded) };
  }
  if (value.startsWith("dynamodb:")) {
    const [table, query = ""] = value.slice("dynamodb:".length).replace(/^\/\//, "").split("?", 2);
    if (!TABLE_NAME.test(table)) {
      throw new LedgerSettingError(
        `ledger = ${JSON.stringify(text)}: "${table}" is not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)`,
      );
    }
    const params = new URLSearchParams(query);
    const unknown = [...params.keys()].filter((k) => k !== "region" && k !== "endpoint");
    if (unknown.length > 0)
      throw new LedgerSettingError(
        `ledger = ${JSON.stringify(text)}: unknown parameter ${unknown.join(", ")} (region and endpoint are known)`,
      );
    return {
      kind: "dynamodb",
      table,
      region: params.get("region") ?? undefined,
      endpoint: params.get("endpoint") ?? undefined,
    };
  }
  throw new LedgerSettingError(`ledger = ${JSON.stringify(text)} is not a ledger location: ${fix}`);
}

/**
 * Whether the per-user file stands in when nothing names a ledger: the provider always keeps one (it creates it);
 * the pack and the CLI read it only if it exists (a machine that never ran the provider has none). A check without
 * --cloudtrail reads it too: a file on this machine is not the account, and without it the check would count none
 * of the claims the provider made.
 */
export type PerUserFile = "always" | "if-it-exists";

export interface LedgerChoice {
  location: LedgerLocation;
  /** Where the choice came from, for messages that name what to fix. */
  from: "setting" | typeof LEDGER_ENV | "per-user file" | "nothing";
}

/**
 * The one rule for which ledger the provider, the pack and the CLI use: the setting they were given (relative file
 * paths read from `cwd`), else CONNECT_NUMBERS_LEDGER, else the per-user file as `perUserFile` says, else off.
 * Throws LedgerSettingError for a setting that names no ledger; each face says which setting it was.
 */
export function chooseLedger(
  setting: string | undefined,
  o: { perUserFile: PerUserFile; cwd?: string; env?: NodeJS.ProcessEnv; exists?: (file: string) => boolean },
): LedgerChoice {
  const env = o.env ?? process.env;
  if (setting !== undefined) return { location: parseLedgerSetting(setting, o.cwd), from: "setting" };
  const fromEnv = env[LEDGER_ENV]?.trim();
  if (fromEnv) return { location: parseLedgerSetting(fromEnv, o.cwd), from: LEDGER_ENV };
  const file = defaultLedgerFile(env);
  const exists = o.exists ?? fs.existsSync;
  if (o.perUserFile === "always" || (o.perUserFile === "if-it-exists" && exists(file)))
    return { location: { kind: "file", path: file }, from: "per-user file" };
  return { location: { kind: "off" }, from: "nothing" };
}

export function describeLocation(location: LedgerLocation): string {
  switch (location.kind) {
    case "dynamodb":
      return `dynamodb:${location.table}${location.region ? `?region=${location.region}` : ""}`;
    case "file":
      return `file:${location.path}`;
    default:
      return location.kind === "memory" ? "memory:" : "off";
  }
}

import * as fs from "node:fs";
import { AwsSettings } from "../aws/clients";
import { UnreadableHistoryFileError } from "../aws/history";
import { AccountReadError, HistorySourceError } from "../account";
import { HistoryFileError } from "../core";
import {
  LEDGER_ENV,
  LedgerAdmin,
  LedgerLocation,
  LedgerMissingError,
  LedgerScope,
  LedgerSettingError,
  chooseLedger,
  configuredRegion,
  describeLocation,
  openLedger,
  resolveScope,
  missingLedgerFile,
} from "../ledger";
import { CliError, inputError, usageError } from "./errors";

/**
 * The churn ledger the CLI reads: `--ledger`, else CONNECT_NUMBERS_LEDGER, else the per-user file the provider of
 * this machine writes, when it exists and the account can be asked (`--cloudtrail`: a check that was told to stay
 * offline stays so). `off` reads none. Undefined when there is no ledger to read. A setting that names no ledger
 * is a usage error (exit 2).
 */
export function chosenLedger(
  option: string | undefined,
  withAws: boolean,
  env: NodeJS.ProcessEnv = process.env,
): LedgerLocation | undefined {
  try {
    const { location } = chooseLedger(option, { perUserFile: withAws ? "if-it-exists" : "never", env });
    return location.kind === "off" ? undefined : location;
  } catch (err) {
    if (err instanceof LedgerSettingError)
      throw usageError(`${option !== undefined ? "--ledger" : LEDGER_ENV}: ${err.message}`);
    throw err;
  }
}

/**
 * A ledger that cannot be read (missing, not a ledger, unreachable, or no account to read it for) leaves the
 * history unjudged: exit 3, with the ledger's own fix.
 */
function unreadableLedger(location: LedgerLocation, err: unknown): CliError {
  if (err instanceof CliError) return err;
  const message = (err as Error).message;
  if (err instanceof LedgerMissingError)
    return inputError(`${message} (or name another with --ledger, or read none with --ledger off)`);
  return inputError(`ledger ${describeLocation(location)} cannot be read: ${message}`);
}

/**
 * The account and region to read the ledger for. A file is read first, so its own problem (missing, empty, cut off)
 * is named before any other; and it needs no region: given the account, the one region the file holds it in serves.
 */
async function scopeOf(
  location: LedgerLocation,
  ledger: LedgerAdmin,
  aws: AwsSettings,
  accountId: string | undefined,
): Promise<LedgerScope> {
  if (location.kind !== "file" || accountId === undefined || (await configuredRegion(aws)) !== undefined)
    return resolveScope(aws, accountId);
  if (!fs.existsSync(location.path)) {
    // Without a region only the file could say which to read: it is not there (a typo, or no provider wrote it yet).
    throw inputError(missingLedgerFile(location.path));
  }
  const held = await ledger.scopes();
  if (held === undefined) return resolveScope(aws, accountId);
  const regions = held.filter((s) => s.accountId === accountId).map((s) => s.region);
  if (regions.length === 1) return { accountId, region: regions[0] };
  const where = describeLocation(location);
  if (regions.length > 1)
    throw usageError(
      `ledger ${where} holds account ${accountId} in ${regions.join(", ")}: give --region to choose one`,
    );
  const others = held.map((s) => `${s.accountId} ${s.region}`);
  throw inputError(
    `ledger ${where} holds no history of account ${accountId} (${others.length > 0 ? `it holds ${others.join(", ")}` : "it is empty: run `connect-numbers ledger sync` or `ledger init --history-complete-since`"}); ` +
      "give --region to read it for one region anyway, or name the ledger that holds this account",
  );
}

/** The ledger opened for the account given, else the one STS names, in the region of the AWS settings (a file: scopeOf). */
export async function openLedgerSource(
  location: LedgerLocation,
  aws: AwsSettings,
  accountId?: string,
): Promise<{ ledger: LedgerAdmin; scope: LedgerScope; location: LedgerLocation }> {
  const ledger = await openLedger(location, aws, { absentFileReadsEmpty: true });
  if (!ledger) throw usageError("the ledger is off");
  try {
    return { ledger, scope: await scopeOf(location, ledger, aws, accountId), location };
  } catch (err) {
    await ledger.close();
    throw unreadableLedger(location, err);
  }
}

/**
 * A failed read of the account reader (account/) in the CLI's dialect: a file or ledger that cannot be read leaves
 * the history unjudged (exit 3) naming the file (relative paths are the current directory's) or the ledger and its
 * fix; CloudTrail's, Service Quotas' and Connect's own errors pass to the error boundary as they are.
 */
export function cliReadError(thrown: unknown, location: LedgerLocation | undefined): unknown {
  const err = thrown instanceof AccountReadError ? thrown.cause : thrown;
  if (!(err instanceof HistorySourceError)) return err;
  const cause = err.cause;
  if (cause instanceof UnreadableHistoryFileError) {
    return inputError(
      `history file ${cause.file} cannot be read (${cause.code}): check the --history path (relative paths are read from ${process.cwd()})`,
    );
  }
  if (cause instanceof HistoryFileError) return inputError(cause.message);
  if (err.source === "ledger" && location) return unreadableLedger(location, cause);
  return cause;
}

import * as fs from "node:fs";
import { AwsSettings } from "../aws/clients";
import { isUnanswered } from "../aws/failure";
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
  heldScope,
  openLedger,
  resolveScope,
  missingLedgerFile,
} from "../ledger";
import { CliError, inputError, usageError } from "./errors";

/**
 * The churn ledger the CLI reads, by the rule the provider and the pack follow (ledger/settings.ts chooseLedger):
 * `--ledger` (else the stack's connect-numbers:ledger, which fills it), else CONNECT_NUMBERS_LEDGER, else the
 * per-user file the provider of this machine writes, when it exists. Reading a file on this machine is not asking
 * the account: a check without --cloudtrail reads it too, or it would count none of the claims the provider made.
 * `off` reads none. Undefined when there is no ledger to read. A setting that names no ledger is a usage error
 * (exit 2).
 */
export function chosenLedger(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LedgerLocation | undefined {
  try {
    const { location } = chooseLedger(option, { perUserFile: "if-it-exists", env });
    return location.kind === "off" ? undefined : location;
  } catch (err) {
    if (err instanceof LedgerSettingError)
      throw usageError(`${option !== undefined ? "--ledger" : LEDGER_ENV}: ${err.message}`);
    throw err;
  }
}

/**
 * A ledger that cannot be read (missing, not a ledger, unreachable, or no account to read it for) leaves the
 * history unjudged: exit 3, with the ledger's own fix. A call AWS did not answer (DynamoDB's, or CloudTrail's since
 * the ledger's last sync) is no fault of the ledger: the error boundary names the call and the fix (cli/main.ts).
 */
function unreadableLedger(location: LedgerLocation, err: unknown): Error {
  if (err instanceof CliError) return err;
  if (isUnanswered(err)) return err as Error;
  const message = (err as Error).message;
  if (err instanceof LedgerMissingError)
    return inputError(`${message} (or name another with --ledger, or read none with --ledger off)`);
  return inputError(`ledger ${describeLocation(location)} cannot be read: ${message}`);
}

/** The account known before AWS is asked (--account, else the plan's), and the region the plan names it in. */
export interface KnownAccount {
  accountId?: string;
  region?: string;
}

/**
 * The account and region to read the ledger for. A file is read first, so its own problem (missing, empty, cut off)
 * is named before any other; and it needs no region: given the account, the one region the file holds it in serves.
 * Offline (no --cloudtrail) and with no account known (no --account, and the plan's ARNs name none), STS is not
 * asked: the file says whose history it holds (ledger's heldScope), and undefined means it holds none for the region
 * read. A file holding several accounts then leaves the plan's account unknown: exit 3, naming them. An account
 * known in a region known is read as it is: a file holding only other accounts holds nothing of it.
 */
async function scopeOf(
  location: LedgerLocation,
  ledger: LedgerAdmin,
  aws: AwsSettings,
  account: KnownAccount,
  online: boolean,
): Promise<LedgerScope | undefined> {
  const { accountId } = account;
  const region = (await configuredRegion(aws)) ?? account.region;
  const fromFile = location.kind === "file" && (accountId === undefined ? !online : region === undefined);
  if (!fromFile) return resolveScope({ ...aws, region }, accountId);
  if (!fs.existsSync(location.path)) {
    // Not there yet (no provider wrote it, as the provider and the pack read it: no history recorded), and so it says
    // no account: the account is STS's, as online. Given an account without a region, only the file could say which
    // region to read: it is not there (a typo, or no provider wrote it yet).
    if (accountId === undefined) return resolveScope(aws, accountId);
    throw inputError(missingLedgerFile(location.path));
  }
  const held = await ledger.scopes();
  if (held === undefined) return resolveScope(aws, accountId);
  const where = describeLocation(location);
  const choice = heldScope(held, { accountId, region });
  if (choice.kind === "one") return choice.scope;
  const list = (scopes: LedgerScope[]) =>
    scopes
      .map((s) => `${s.accountId} ${s.region}`)
      .sort()
      .join(", ");
  if (accountId === undefined) {
    // No history of any account in this region: there is nothing of it to count, whichever account the plan targets.
    if (choice.kind === "none") return undefined;
    throw inputError(
      `cannot judge: ledger ${where} holds the history of ${list(choice.matching)}, and without asking AWS check ` +
        "cannot tell which of them this plan targets. Give --account (and --region), or --cloudtrail to read the account from STS",
    );
  }
  if (choice.kind === "several")
    throw usageError(
      `ledger ${where} holds account ${accountId} in ${choice.matching.map((s) => s.region).join(", ")}: give --region to choose one`,
    );
  throw inputError(
    `ledger ${where} holds no history of account ${accountId} (${choice.held.length > 0 ? `it holds ${list(choice.held)}` : "it is empty: run `connect-numbers ledger sync` or `ledger init --history-complete-since`"}); ` +
      "give --region to read it for one region anyway, or name the ledger that holds this account",
  );
}

/**
 * The ledger opened for the account given, else (online) the one STS names, in the region of the AWS settings (a
 * file: scopeOf). Undefined when, offline, the file holds no history for the region read.
 */
export async function openLedgerSource(
  location: LedgerLocation,
  aws: AwsSettings,
  account: KnownAccount,
  online: boolean,
): Promise<{ ledger: LedgerAdmin; scope: LedgerScope; location: LedgerLocation } | undefined> {
  const ledger = await openLedger(location, aws, { absentFileReadsEmpty: true });
  if (!ledger) throw usageError("the ledger is off");
  let scope: LedgerScope | undefined;
  try {
    scope = await scopeOf(location, ledger, aws, account, online);
  } catch (err) {
    await ledger.close();
    throw unreadableLedger(location, err);
  }
  if (scope === undefined) {
    await ledger.close();
    return undefined;
  }
  return { ledger, scope, location };
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

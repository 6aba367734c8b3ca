import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsSettings } from "../aws/clients";
import { loadHistory } from "../aws/history";
import { ChurnEvent, HistoryCoverage, HistoryFileError, parseHistoryLines } from "../core";
import { LEDGER_ENV, LedgerLocation, LedgerMissingError, LedgerSettingError, chooseLedger, describeLocation, ledgerSource, openLedger, resolveScope } from "../ledger";
import { CliError, inputError, usageError } from "./errors";

/** One place history comes from, and the part of the window it vouches for. A ledger is one more of these. */
export interface HistorySource {
  load(window: { now: number; windowDays: number }): Promise<{ events: ChurnEvent[]; coverage: HistoryCoverage }>;
}

/**
 * A JSON Lines history file: the team's own record, which vouches for the whole window. A relative path is read
 * from the current directory and named absolutely, so an error says which file was meant.
 */
export function fileSource(file: string): HistorySource {
  const absolute = path.resolve(file);
  return {
    async load() {
      let text: string;
      try {
        text = await fs.promises.readFile(absolute, "utf8");
      } catch (err) {
        throw inputError(`history file ${absolute} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the --history path (relative paths are read from ${process.cwd()})`);
      }
      try {
        return { events: parseHistoryLines(text, absolute), coverage: { completeSince: -Infinity, sources: [absolute] } };
      } catch (err) {
        if (err instanceof HistoryFileError) throw inputError(err.message);
        throw err;
      }
    },
  };
}

/** CloudTrail LookupEvents: what it vouches for is core's cloudTrailSpan, at the service's own clock. */
export function cloudTrailSource(client: CloudTrailClient): HistorySource {
  return { load: ({ now, windowDays }) => loadHistory({ cloudTrail: client, files: [], now, windowDays }) };
}

/**
 * The churn ledger the CLI reads: `--ledger`, else CONNECT_NUMBERS_LEDGER, else the per-user file the provider of
 * this machine writes, when it exists and the account can be asked (`--cloudtrail`: a check that was told to stay
 * offline stays so). `off` reads none. Undefined when there is no ledger to read. A setting that names no ledger
 * is a usage error (exit 2).
 */
export function chosenLedger(option: string | undefined, withAws: boolean, env: NodeJS.ProcessEnv = process.env): LedgerLocation | undefined {
  try {
    const { location } = chooseLedger(option, { perUserFile: withAws ? "if-it-exists" : "never", env });
    return location.kind === "off" ? undefined : location;
  } catch (err) {
    if (err instanceof LedgerSettingError) throw usageError(`${option !== undefined ? "--ledger" : LEDGER_ENV}: ${err.message}`);
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
  if (err instanceof LedgerMissingError) return inputError(`${message} (or name another with --ledger, or read none with --ledger off)`);
  return inputError(`ledger ${describeLocation(location)} cannot be read: ${message}`);
}

/**
 * The ledger as a history source, with its coverage: its window (reservations included), and with CloudTrail what
 * happened since its last sync, so it replaces the CloudTrail source (the ledger's events carry the CloudTrail
 * EventIds it imported, and dedupe against CloudTrail's by them). It counts for the account given, else the one STS
 * names, in the region of the AWS settings; `close` ends its connections.
 */
export async function openLedgerSource(
  location: LedgerLocation,
  aws: AwsSettings,
  cloudTrail: CloudTrailClient | undefined,
  accountId?: string,
): Promise<{ source: HistorySource; close(): Promise<void> }> {
  const ledger = await openLedger(location, aws);
  if (!ledger) throw usageError("the ledger is off");
  try {
    const scope = await resolveScope(aws, accountId);
    const source = ledgerSource(ledger, scope, cloudTrail);
    return {
      source: { load: (window) => source.load(window).catch((err: unknown) => Promise.reject(unreadableLedger(location, err))) },
      close: () => ledger.close(),
    };
  } catch (err) {
    await ledger.close();
    throw unreadableLedger(location, err);
  }
}

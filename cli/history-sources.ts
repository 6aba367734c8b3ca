import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsSettings } from "../aws/clients";
import { CLOUDTRAIL_DAYS, loadHistory } from "../aws/history";
import { ChurnEvent, DAY_MS, HistoryCoverage, HistoryFileError, parseHistoryLines } from "../core";
import {
  LEDGER_ENV,
  LedgerAdmin,
  LedgerLocation,
  LedgerMissingError,
  LedgerScope,
  LedgerSettingError,
  configuredRegion,
  defaultLedgerFile,
  describeLocation,
  ledgerSource,
  openLedger,
  parseLedgerSetting,
  resolveScope,
} from "../ledger";
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

/** CloudTrail LookupEvents: management events of the last 90 days, counted from the service's own clock. */
export function cloudTrailSource(client: CloudTrailClient, serviceNow: number): HistorySource {
  return {
    async load({ now, windowDays }) {
      const loaded = await loadHistory({ cloudTrail: client, files: [], now, windowDays });
      return { events: loaded.events, coverage: { completeSince: serviceNow - CLOUDTRAIL_DAYS * DAY_MS, sources: ["cloudtrail"] } };
    },
  };
}

/**
 * The churn ledger the CLI reads: `--ledger`, else CONNECT_NUMBERS_LEDGER, else the per-user file the provider of
 * this machine writes, when it exists and the account can be asked (`--cloudtrail`: a check that was told to stay
 * offline stays so). `off` reads none. Undefined when there is no ledger to read. A setting that names no ledger
 * is a usage error (exit 2).
 */
export function chosenLedger(option: string | undefined, withAws: boolean, env: NodeJS.ProcessEnv = process.env): LedgerLocation | undefined {
  const setting = option ?? (env[LEDGER_ENV]?.trim() || undefined);
  if (setting !== undefined) {
    try {
      const location = parseLedgerSetting(setting);
      return location.kind === "off" ? undefined : location;
    } catch (err) {
      if (err instanceof LedgerSettingError) throw usageError(`--ledger: ${err.message}`);
      throw err;
    }
  }
  const file = defaultLedgerFile(env);
  return withAws && fs.existsSync(file) ? { kind: "file", path: file } : undefined;
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
 * The account and region to read the ledger for. A file is read first, so its own problem (missing, empty, cut off)
 * is named before any other; and it needs no region: given the account, the one region the file holds it in serves.
 */
async function scopeOf(location: LedgerLocation, ledger: LedgerAdmin, aws: AwsSettings, accountId: string | undefined): Promise<LedgerScope> {
  const held = location.kind === "file" ? await ledger.scopes() : undefined;
  if (held === undefined || accountId === undefined || (await configuredRegion(aws)) !== undefined) return resolveScope(aws, accountId);
  const regions = held.filter((s) => s.accountId === accountId).map((s) => s.region);
  if (regions.length === 1) return { accountId, region: regions[0] };
  const where = describeLocation(location);
  if (regions.length > 1) throw usageError(`ledger ${where} holds account ${accountId} in ${regions.join(", ")}: give --region to choose one`);
  const others = held.map((s) => `${s.accountId} ${s.region}`);
  throw inputError(
    `ledger ${where} holds no history of account ${accountId} (${others.length > 0 ? `it holds ${others.join(", ")}` : "it is empty: run `connect-numbers ledger sync` or `ledger init --history-complete-since`"}); ` +
      "give --region to read it for one region anyway, or name the ledger that holds this account",
  );
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
    const scope = await scopeOf(location, ledger, aws, accountId);
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

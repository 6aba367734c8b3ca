import * as path from "node:path";
import { AccountWindow, CapacityRead, RegionReader, WindowSettings, readWindow, unseenDays } from "../account";
import {
  ChurnHistory,
  DAY_MS,
  LedgerOfWindow,
  TaggedOwnership,
  UnseenHistoryPolicy,
  defaultRule,
  otherAccountCredentials,
} from "../core";
import { describeLocation } from "../ledger/settings";
import { parseRateLimits } from "../aws/rate-limit";
import { createSession } from "../aws/session";
import { inputError, usageError } from "./errors";
import { chosenLedger, cliReadError, openLedgerSource } from "./history-sources";

export interface WindowOptions {
  quota?: number;
  /** Where quota came from, as the report states it (cli/stack-config.ts settingOrigin); else "--quota". */
  quotaOrigin?: string;
  /** --instance-quota: every instance's "Phone numbers per instance", apart from the churn quota (else read per instance with --cloudtrail, else --quota). */
  instanceQuota?: number;
  windowDays?: number;
  ratioPercent?: number;
  reservePercent?: number;
  history?: string[];
  cloudtrail?: boolean;
  region?: string;
  endpoint?: string;
  /**
   * --ledger: dynamodb:<table>, file:<path> or off (else CONNECT_NUMBERS_LEDGER, else the per-user file if it exists,
   * as the provider and the pack).
   */
  ledger?: string;
  /** --rate-limits: x10, connect:ClaimPhoneNumber=5, JSON or off (aws/rate-limit.ts). */
  rateLimits?: string;
  /** The account the ledger counts for (--account, else the one the plan's ARNs name); else STS names it. */
  account?: string;
  /**
   * What names `account` for a plan ("its ARNs name it", "--account"): with --cloudtrail, credentials of another
   * account are refused (core's otherAccountCredentials). Unset for a command that judges no plan.
   */
  accountNamedBy?: string;
  /** The region the plan's ARNs name the account in: the ledger's region when no region is set. */
  accountRegion?: string;
  /** Epoch ms; else the service's clock (with --cloudtrail or a DynamoDB ledger), else this machine's. */
  now?: number;
  unseenHistory: UnseenHistoryPolicy;
}

/** The account reader's window (account/window.ts) in the CLI's terms. */
export interface ChurnWindow extends Omit<AccountWindow, "history"> {
  history: ChurnHistory;
  sources: string[];
  /** Whole days of the window (rounded up) that no source saw. */
  unseenDays: number;
  /** The part of the window (in days) the sources vouch for; kept for the JSON shape of 0.1. */
  coveredDays: number;
  unseenHistory: UnseenHistoryPolicy;
  /** With --cloudtrail: each instance's quota and the numbers each target holds; without, quotas from the options and held unknown. */
  capacity: CapacityRead;
  /** With --cloudtrail, when asked: the kept-for marks of the region's numbers by id (core/connect/kept-for.ts). */
  keptForMarks?: Map<string, string>;
  /** With --cloudtrail, when asked: the connect-numbers holders of these numbers, by id (account/region-reader.ts). */
  holders?: Map<string, TaggedOwnership>;
  /** The ledger read, as --ledger takes it, and its region: what the verdict's `ledger sync` is run with. */
  ledger?: LedgerOfWindow;
}

/**
 * "Now" for every command that reads the account (history, check and plan-waves with --cloudtrail or a DynamoDB
 * ledger, ledger status):
 * the service's clock once it has answered, so each ends the window at the same instant against AWS or an emulator
 * whose clock was moved. The quota (asked once, cached by the reader) is the first answer: each of them reads it
 * anyway, unless a --quota makes it the one call made for the clock; a quota that cannot be read is the caller's to
 * report, and the clock is then this machine's.
 */
export async function serviceNow(reader: Pick<RegionReader, "quota" | "now">): Promise<number> {
  await reader.quota().catch(() => undefined);
  return reader.now();
}

/**
 * The window from the options, read by the account reader (account/): history from the files, the ledger (with
 * --cloudtrail, CloudTrail since its last sync too) or CloudTrail alone, each vouching for its part of the window;
 * with --cloudtrail the quota and what every target holds. What days no source saw do is the caller's (unseenError).
 */
export async function loadWindow(
  o: WindowOptions,
  needs: { keptForMarks?: boolean; holdersOf?: readonly string[]; claims?: Readonly<Record<string, number>> } = {},
): Promise<ChurnWindow> {
  if (o.quota === undefined && !o.cloudtrail) {
    throw usageError(
      "give --quota N, or --cloudtrail to read the quota from Service Quotas (with --region/--endpoint)",
    );
  }
  const windowDays = o.windowDays ?? defaultRule().windowDays;
  const aws = { region: o.region, endpoint: o.endpoint, rateLimits: rateLimitsOf(o.rateLimits) };
  const location = chosenLedger(o.ledger);
  const ledger = location
    ? await openLedgerSource(location, aws, { accountId: o.account, region: o.accountRegion }, o.cloudtrail === true)
    : undefined;
  const reader = new RegionReader(
    { region: ledger?.scope.region ?? o.region ?? "", endpoint: o.endpoint },
    { session: () => createSession(aws), ledger: async () => ledger },
  );
  const settings: WindowSettings = {
    windowDays,
    ratioPercent: o.ratioPercent,
    reservePercent: o.reservePercent,
    quota: o.quota,
    quotaOrigin: o.quotaOrigin ?? "--quota",
    instanceQuota: o.instanceQuota,
    historyFiles: (o.history ?? []).map((f) => path.resolve(f)),
    cloudTrail: o.cloudtrail === true,
  };
  try {
    // The service's ledger (DynamoDB) is stamped by the service's clock: its window ends at the service's now too,
    // --cloudtrail or not. A check that reads no AWS service stays offline and on this machine's clock.
    const online = o.cloudtrail === true || location?.kind === "dynamodb";
    // Before any read: another account's history, quota and numbers would judge this plan (a usage error, as an
    // --account the plan's ARNs contradict is offline).
    if (o.cloudtrail && o.account !== undefined && o.accountNamedBy !== undefined) {
      const other = otherAccountCredentials(
        { account: o.account, namedBy: o.accountNamedBy },
        await reader.credentialsAccount(),
      );
      if (other !== undefined) throw usageError(other);
    }
    const now = o.now ?? (online ? await serviceNow(reader) : Date.now());
    const read = await readWindow(
      reader,
      settings,
      now,
      o.cloudtrail ? { read: "account", instances: "every target", claims: needs.claims } : { read: "offline" },
      // An instant chosen with --now is a what-if: later events have not happened at it. A clock reading is not.
      { whatIf: o.now !== undefined },
    ).catch((err: unknown) => {
      throw cliReadError(err, ledger?.location);
    });
    const keptForMarks =
      o.cloudtrail && needs.keptForMarks
        ? await reader.keptForMarks().catch((err: unknown) => {
            throw cliReadError(err, ledger?.location);
          })
        : undefined;
    const holders =
      o.cloudtrail && needs.holdersOf !== undefined && needs.holdersOf.length > 0
        ? await reader.holdersOf(needs.holdersOf).catch((err: unknown) => {
            throw cliReadError(err, ledger?.location);
          })
        : undefined;
    return {
      ...read,
      keptForMarks,
      holders,
      ...(ledger ? { ledger: { ledger: describeLocation(ledger.location), region: ledger.scope.region } } : {}),
      history: ChurnHistory.build(read.history.events),
      sources: read.coverage.sources,
      unseenDays: unseenDays(read),
      coveredDays: Math.floor((windowDays * DAY_MS - read.unseenMs) / DAY_MS),
      coverageText: read.coverageText,
      unseenHistory: o.unseenHistory,
    };
  } finally {
    reader.close();
    await ledger?.ledger.close();
  }
}

function rateLimitsOf(text: string | undefined) {
  try {
    return text === undefined ? undefined : parseRateLimits(text);
  } catch (err) {
    throw usageError(`--rate-limits: ${(err as Error).message}`);
  }
}

/**
 * Days no source saw leave the window unjudged (exit 3) under --unseen-history refuse. `check` asks it of a plan
 * (core's unseenLeavesUnjudged: a plan without churn, or over the whole limit on its own, needs no history);
 * `history` of the window itself.
 */
export function unseenError(w: ChurnWindow): Error {
  return inputError(
    `cannot judge: ${w.coverageText}. Claims and releases in those days count against the quota but no source shows them. ` +
      `Fix one of three ways: add --history FILE with the account's churn for the whole ${w.rule.windowDays}-day window (JSON Lines: docs/pack.md, "History files"); ` +
      `use a churn ledger whose coverage is complete; or accept the gap with --unseen-history warn (the verdict then says what it did not see).`,
  );
}

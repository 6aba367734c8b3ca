import { Command, InvalidArgumentError, Option } from "commander";
import * as fs from "node:fs";
import * as os from "node:os";
import { AwsSettings } from "../../aws/clients";
import { RegionReader, windowRule } from "../../account";
import { parseRateLimits } from "../../aws/rate-limit";
import { createSession } from "../../aws/session";
import {
  ChurnHistory,
  DAY_MS,
  DEFAULT_RATIO_PERCENT,
  DEFAULT_WINDOW_DAYS,
  budgetOf,
  describeCoverage,
  futureAsNow,
  isoDate,
  plural,
  unseenMs,
} from "../../core";
import {
  AssertionRefusedError,
  LedgerAdmin,
  LedgerMissingError,
  LedgerScope,
  LedgerSettingError,
  chooseLedger,
  openLedger,
  resolveScope,
  syncLedger,
  missingLedgerFile,
} from "../../ledger";
import { budgetChart, svgChart } from "../../report";
import { StatusReport, statusHtml, statusJson, statusText } from "../../report/status";
import { usageError } from "../errors";
import { writeOut } from "../output";
import { serviceNow } from "../window";
import { addStackOption } from "../stack-config";
import { wholeNumber } from "./emulator";

interface LedgerOptions {
  ledger?: string;
  region?: string;
  endpoint?: string;
  account?: string;
  rateLimits?: string;
  format: "text" | "json";
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function rfc3339(value: string): number {
  const t = Date.parse(value);
  if (!RFC3339.test(value) || Number.isNaN(t))
    throw new InvalidArgumentError(`expected an RFC 3339 instant such as 2026-03-01T00:00:00Z, got "${value}"`);
  return t;
}

function withCommon(cmd: Command, formats: readonly string[] = ["text", "json"]): Command {
  return addStackOption(cmd)
    .option(
      "--ledger <location>",
      "dynamodb:<table>, file:<path> or memory: (else CONNECT_NUMBERS_LEDGER, else the per-user file)",
    )
    .option("--region <region>", "AWS region (else AWS_REGION or the profile's)")
    .option("--endpoint <url>", "AWS endpoint, e.g. the emulator's")
    .option("--account <id>", "the 12-digit account the ledger counts for (else STS GetCallerIdentity)")
    .option(
      "--rate-limits <rates>",
      "client request rates: x10, connect:ClaimPhoneNumber=5, JSON, or off (else CONNECT_NUMBERS_RATE_LIMITS)",
    )
    .addOption(
      new Option(
        "--format <format>",
        formats.includes("html") ? "output format (html: one page with the window's chart)" : "output format",
      )
        .choices(formats)
        .default("text"),
    );
}

function awsSettings(o: LedgerOptions): AwsSettings {
  try {
    return {
      region: o.region,
      endpoint: o.endpoint,
      rateLimits: o.rateLimits === undefined ? undefined : parseRateLimits(o.rateLimits),
    };
  } catch (err) {
    throw usageError(`--rate-limits: ${(err as Error).message}`);
  }
}

/** Who acts, for the ledger's audit records. */
function actor(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.GITHUB_ACTIONS === "true")
    return `github-actions ${env.GITHUB_REPOSITORY ?? ""} run ${env.GITHUB_RUN_ID ?? "?"} (${env.GITHUB_ACTOR ?? "unknown actor"})`;
  return `${os.userInfo().username}@${os.hostname()}`;
}

/** Opens the ledger the options name and runs `work`; configuration errors exit 2 with the fix. */
async function withLedger<T>(
  o: LedgerOptions,
  need: "any" | "existing",
  work: (ledger: LedgerAdmin, aws: AwsSettings) => Promise<T>,
): Promise<T> {
  const aws = awsSettings(o);
  let ledger: LedgerAdmin | undefined;
  try {
    const { location } = chooseLedger(o.ledger, { perUserFile: "always" });
    // A file that is not there holds nothing to report or take back: say so (and how to make it) before asking
    // for the region or the account it would hold.
    if (need === "existing" && location.kind === "file" && !fs.existsSync(location.path))
      throw usageError(missingLedgerFile(location.path));
    ledger = await openLedger(location, aws, { createIfMissing: false });
    if (!ledger) throw usageError("the ledger is off: give --ledger dynamodb:<table> or file:<path>");
    return await work(ledger, aws);
  } catch (err) {
    if (err instanceof LedgerSettingError || err instanceof LedgerMissingError) throw usageError(err.message);
    throw err;
  } finally {
    await ledger?.close();
  }
}

async function scopeOf(aws: AwsSettings, account: string | undefined): Promise<LedgerScope> {
  try {
    return await resolveScope(aws, account);
  } catch (err) {
    throw usageError((err as Error).message);
  }
}

/** The instant of an assertion that the account had no claim or release before it. */
const historyCompleteSince = (help: string) =>
  new Option("--history-complete-since <rfc3339>", help).argParser(rfc3339);

/** A command that signs what it says about an instant: the instant, and who signs (actor() falls back to the run). */
const signingCommand = (name: string, description: string, instant: Option, who: string) =>
  withCommon(new Command(name).description(description))
    .addOption(instant)
    .addOption(new Option("--by <name>", `${who} (else the GitHub Actions run, or user@host)`));

const print = (format: LedgerOptions["format"], json: unknown, text: string[]) =>
  console.log(format === "json" ? JSON.stringify(json, null, 2) : text.join("\n"));

function initCommand(): Command {
  return signingCommand(
    "init",
    "create the ledger's DynamoDB table (on demand) or file; optionally record that the account had no churn before an instant",
    historyCompleteSince(
      "assert that the account had no claim or release before this instant (recorded with who and when)",
    ),
    "who makes the assertion",
  ).action(async (o: LedgerOptions & { historyCompleteSince?: number; by?: string }) => {
    if (chooseLedger(o.ledger, { perUserFile: "always" }).location.kind === "memory")
      throw usageError(
        "memory: is a ledger in one process's memory, gone when it exits: there is nothing to create or record. " +
          "Give --ledger file:<path> or dynamodb:<table>.",
      );
    await withLedger(o, "any", async (ledger, aws) => {
      const created = await ledger.init();
      const lines = [`${ledger.description}: ${created ? "created" : "already there"}.`];
      const json: Record<string, unknown> = { ledger: ledger.description, created };
      if (o.historyCompleteSince !== undefined) {
        const scope = await scopeOf(aws, o.account);
        const by = actor(o.by);
        try {
          await ledger.assertCompleteSince(scope, o.historyCompleteSince, by);
        } catch (err) {
          if (err instanceof AssertionRefusedError) throw usageError(`${err.message} Nothing was recorded.`);
          throw err;
        }
        lines.push(
          `Recorded for ${scope.accountId} ${scope.region}: no claim or release before ${isoDate(o.historyCompleteSince)} (asserted by ${by}).`,
        );
        json.assertion = {
          accountId: scope.accountId,
          region: scope.region,
          since: isoDate(o.historyCompleteSince),
          by,
        };
      }
      print(o.format, json, lines);
    });
  });
}

function retractCommand(): Command {
  return signingCommand(
    "retract",
    "take back a wrong --history-complete-since assertion (kept in the ledger, marked retracted with who and when)",
    historyCompleteSince(
      "the instant of the assertion to take back, as `ledger status` shows it",
    ).makeOptionMandatory(),
    "who takes it back",
  ).action(async (o: LedgerOptions & { historyCompleteSince: number; by?: string }) => {
    await withLedger(o, "existing", async (ledger, aws) => {
      const scope = await scopeOf(aws, o.account);
      const by = actor(o.by);
      const retracted = await ledger.retractAssertion(scope, o.historyCompleteSince, by);
      if (retracted.length === 0) {
        const standing = (await ledger.status(scope)).assertions
          .filter((a) => a.retracted === undefined)
          .map((a) => isoDate(a.since));
        throw usageError(
          `${ledger.description} holds no standing assertion for ${isoDate(o.historyCompleteSince)} (account ${scope.accountId}, region ${scope.region}): ` +
            (standing.length > 0 ? `the standing ones are for ${standing.join(", ")}` : "it holds none"),
        );
      }
      const coverage = (await ledger.status(scope)).coverage;
      const since =
        coverage.completeSince === null
          ? "nothing"
          : coverage.completeSince === -Infinity
            ? "the beginning"
            : isoDate(coverage.completeSince);
      print(
        o.format,
        {
          ledger: ledger.description,
          accountId: scope.accountId,
          region: scope.region,
          retracted: retracted.map((a) => ({
            since: isoDate(a.since),
            by: a.by,
            at: isoDate(a.at),
            retractedBy: by,
          })),
          completeSince: since,
        },
        [
          ...retracted.map(
            (a) =>
              `Retracted for ${scope.accountId} ${scope.region}: the assertion by ${a.by} at ${isoDate(a.at)} that there was no claim or release before ${isoDate(a.since)} (retracted by ${by}).`,
          ),
          `History is now complete from ${since}; \`ledger init --history-complete-since\` records the right instant, \`ledger sync\` adds CloudTrail's 90 days.`,
        ],
      );
    });
  });
}

function statusCommand(): Command {
  return withCommon(
    new Command("status").description(
      "coverage (how much of the window the ledger has seen), usage of the window, and the last sync; --format html or --chart draws the window",
    ),
    ["text", "json", "html"],
  )
    .option("--chart <file>", "also write the window's chart: SVG, or a whole HTML report for a file ending .html")
    .option("--quota <n>", "phone-number quota (else Service Quotas L-8F812903)", wholeNumber(0))
    .option("--window-days <days>", "rolling window in days", wholeNumber(1), DEFAULT_WINDOW_DAYS)
    .option(
      "--ratio-percent <p>",
      "claims + releases allowed in the window, in % of the quota",
      wholeNumber(0),
      DEFAULT_RATIO_PERCENT,
    )
    .option("--reserve-percent <p>", "share of the budget to keep back", wholeNumber(0), 0)
    .action(
      async (
        o: Omit<LedgerOptions, "format"> & {
          format: "text" | "json" | "html";
          chart?: string;
          quota?: number;
          windowDays: number;
          ratioPercent: number;
          reservePercent: number;
        },
      ) => {
        await withLedger({ ...o, format: "text" }, "existing", async (ledger, aws) => {
          const scope = await scopeOf(aws, o.account);
          // The account reader's quota, rule and window (account/): the ledger with CloudTrail since its last sync, as
          // `check` and `history` read it, so the three count the same churn.
          const reader = new RegionReader(
            { region: scope.region, endpoint: o.endpoint },
            { session: () => createSession(aws), ledger: async () => ({ ledger, scope }) },
          );
          try {
            let quota = o.quota;
            let quotaNote: string | undefined;
            if (quota === undefined) {
              try {
                quota = await reader.quota();
              } catch (err) {
                quotaNote = `quota unknown (${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}): give --quota`;
              }
            }
            const now = await serviceNow(reader);
            const { status, events: ledgerEvents } = await ledger.snapshot(scope, now, o.windowDays);
            const read = await reader.history({ files: [], cloudTrail: true, windowDays: o.windowDays, now });
            // Stamped after now (a guard's commit within the second the service's clock reads): counted as now, as
            // every face counts it (core's futureAsNow), so usage holds every entry the ledger lists.
            const stamped = futureAsNow(read.events, now);
            const history = ChurnHistory.build(stamped.events);
            const coverageRead = stamped.future ? { ...read.coverage, futureStamped: stamped.future } : read.coverage;
            const limit = quota === undefined ? null : budgetOf(windowRule(o, quota)).limit;
            // CloudTrail since the last sync shows the guard's own claims too: the ledger misses only what the rule
            // `check` merges the two by (ChurnHistory: event id, number id, number) cannot match to an entry of it.
            const missed =
              ChurnHistory.build([...ledgerEvents, ...(read.beyondLedger?.events ?? [])]).size -
              ChurnHistory.build(ledgerEvents).size;
            const report: StatusReport = {
              ledger: ledger.description,
              accountId: scope.accountId,
              region: scope.region,
              now,
              coverage:
                describeCoverage(coverageRead, now, o.windowDays) +
                (missed === 0
                  ? ""
                  : `; the ledger itself misses ${plural(missed, "claim or release", "claims or releases")} CloudTrail shows since its last sync (made outside the provider's guard): \`connect-numbers ledger sync\` imports them`),
              completeSince: read.coverage.completeSince,
              // Not complete while CloudTrail shows churn it lacks.
              completeUntil: missed === 0 ? status.completeUntil : null,
              windowDays: o.windowDays,
              used: history.countInWindow(now, o.windowDays * DAY_MS),
              limit,
              quotaNote,
              entries: status.entries,
              lastSync: status.lastSync,
              assertions: status.assertions,
              windowBytes: status.windowBytes,
              maxWindowBytes: status.maxWindowBytes,
              chart: budgetChart({
                history,
                now,
                windowDays: o.windowDays,
                limit,
                planned: 0,
              }),
            };
            if (o.chart !== undefined)
              fs.writeFileSync(
                o.chart,
                o.chart.toLowerCase().endsWith(".html") ? statusHtml(report) : svgChart(report.chart),
              );
            await writeOut(
              o.format === "json"
                ? JSON.stringify(statusJson(report), null, 2)
                : o.format === "html"
                  ? statusHtml(report)
                  : statusText(report),
            );
          } finally {
            reader.close();
          }
        });
      },
    );
}

function syncCommand(): Command {
  return withCommon(
    new Command("sync").description(
      "import claims and releases from CloudTrail (90 days), free reservations that never happened, reconcile holders with the live numbers",
    ),
  )
    .option("--grace-minutes <m>", "leave reservations younger than this alone", wholeNumber(0), 60)
    .option("--no-live", "skip reconciling holders with the live numbers (saves one Describe per number)")
    .option("--by <name>", "who runs the sync (else the GitHub Actions run, or user@host)")
    .option(
      "--window-days <days>",
      "rolling window in days, for the coverage it reports",
      wholeNumber(1),
      DEFAULT_WINDOW_DAYS,
    )
    .action(async (o: LedgerOptions & { graceMinutes: number; live: boolean; by?: string; windowDays: number }) => {
      await withLedger(o, "any", async (ledger, aws) => {
        const scope = await scopeOf(aws, o.account);
        const session = createSession(aws);
        try {
          const report = await syncLedger(ledger, {
            scope,
            aws: session,
            by: actor(o.by),
            graceMs: o.graceMinutes * 60_000,
            live: o.live,
          });
          const now = session.clock.now();
          const coverage = describeCoverage(report.coverage, now, o.windowDays);
          const unseenDays = Math.ceil(unseenMs(report.coverage, now, o.windowDays) / DAY_MS);
          print(
            o.format,
            {
              ...report,
              from: isoDate(report.from),
              to: isoDate(report.to),
              coverage,
              windowDays: o.windowDays,
              unseenDays,
            },
            [
              `synced ${ledger.description} for ${scope.accountId} ${scope.region} with CloudTrail ${isoDate(report.from)} to ${isoDate(report.to)}:`,
              `  ${report.imported.added} events added, ${report.imported.matched} matched to reservations, ${report.imported.known} already known, ${report.freed} reservations freed`,
              o.live
                ? `  holders: ${report.ownership.added} added, ${report.ownership.updated} updated, ${report.ownership.dropped} dropped (${report.inferredReleases} releases inferred), ${report.ownership.repaired} index copies repaired`
                : "  holders: not reconciled (--no-live)",
              `  coverage: ${coverage}`,
            ],
          );
        } finally {
          session.destroy();
        }
      });
    });
}

export function ledgerCommand(): Command {
  return new Command("ledger")
    .description(
      "the churn ledger: one shared record of every claim and release and of who holds each number, for teams and CI",
    )
    .addCommand(initCommand())
    .addCommand(statusCommand())
    .addCommand(retractCommand())
    .addCommand(syncCommand());
}

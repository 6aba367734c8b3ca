import { Command, InvalidArgumentError, Option } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { DEFAULT_UNSEEN_HISTORY, UNSEEN_HISTORY_POLICIES, parseRfc3339 } from "../../core";
import { FORMATS, Format } from "../../report";
import { inputError } from "../errors";
import { addStackOption, readsStackOfPlan } from "../stack-config";
import { WindowOptions } from "../window";
import { wholeNumber } from "./emulator";

/** Where each value comes from, said once under every command that reads stack config. */
export const STACK_CONFIG_HELP =
  "\nWhere values come from: a flag, else the stack's config (connect-numbers:<key>, from `pulumi config` of --stack or of the " +
  "selected stack when run in a Pulumi project, and for check and plan-waves of the stack a Pulumi plan's URNs name; secrets " +
  "are never read), else the environment (AWS_REGION, CONNECT_NUMBERS_LEDGER, " +
  "CONNECT_NUMBERS_RATE_LIMITS), else the default shown; the stack's connect-numbers:allowReleases (the provider's) adds to --allow-release. Against a loopback endpoint (the emulator) no AWS credentials are needed.";

/** The options every churn command shares: where the history and quota come from, and how to print. */
export function addWindowOptions(cmd: Command): Command {
  return addStackOption(cmd)
    .option(
      "--quota <n>",
      "phone-number quota (else stack config connect-numbers:quota, else read from Service Quotas with --cloudtrail)",
      wholeNumber(0),
    )
    .option(
      "--instance-quota <n>",
      'every instance\'s "Phone numbers per instance" (L-8F812903), apart from the churn quota (else read per instance with --cloudtrail, else --quota)',
      wholeNumber(0),
    )
    .option(
      "--window-days <days>",
      "rolling window in days (AWS has documented 30 and 180; else connect-numbers:windowDays)",
      wholeNumber(1),
      180,
    )
    .option(
      "--ratio-percent <p>",
      "claims + releases allowed in the window, in % of the quota (else connect-numbers:ratioPercent)",
      wholeNumber(0),
      200,
    )
    .option(
      "--reserve-percent <p>",
      "share of the budget to keep back (else connect-numbers:reservePercent)",
      wholeNumber(0),
      0,
    )
    .option(
      "--history <file>",
      "JSON Lines history file (repeatable; else connect-numbers:historyFiles, relative to the project)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--cloudtrail",
      "read history (CloudTrail LookupEvents, 90 days) and the quota (Service Quotas) from the account",
    )
    .option(
      "--region <region>",
      "AWS region for --cloudtrail and --ledger (else connect-numbers:region, else AWS_REGION)",
    )
    .option(
      "--endpoint <url>",
      "endpoint for --cloudtrail and --ledger, e.g. the emulator's (else connect-numbers:endpoint)",
    )
    .option(
      "--ledger <location>",
      "the churn ledger as a history source, with its coverage: dynamodb:<table>, file:<path>, memory: (this process only, empty: for trying things out) or off (else connect-numbers:ledger, else CONNECT_NUMBERS_LEDGER, else the per-user file the provider writes, if it exists)",
    )
    .option(
      "--rate-limits <rates>",
      "client request rates: x10, connect:ClaimPhoneNumber=5, JSON, or off (else connect-numbers:rateLimits, else CONNECT_NUMBERS_RATE_LIMITS; none against the emulator)",
    )
    .option(
      "--account <id>",
      "the 12-digit account the ledger counts for (else, for a plan, the one its ARNs name; else STS GetCallerIdentity)",
      accountId,
    )
    .option(
      "--now <time>",
      "evaluate as of this instant, RFC 3339 with an offset (later history events do not count)",
      instant,
    )
    .addOption(
      new Option(
        "--unseen-history <policy>",
        "days of the window no history source saw: refuse (exit 3) or warn (judge what was seen, and say so; else connect-numbers:unseenHistory)",
      )
        .choices(UNSEEN_HISTORY_POLICIES)
        .default(DEFAULT_UNSEEN_HISTORY),
    )
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .addHelpText("after", STACK_CONFIG_HELP);
}

/** The options of the commands that judge a plan: what to block on, and what a team accepts on purpose. */
export function addGateOptions(cmd: Command): Command {
  return cmd
    .option(
      "--allow-release <number|id|resource>",
      "release this number on purpose (E.164, phone-number id, URN, Terraform address or resource name): accepts its rename finding and --fail-on release (repeatable; shown in the output)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .addOption(
      new Option(
        "--fail-on <what>",
        "also block (exit 1) on: release (any number the plan releases that --allow-release does not name)",
      )
        .choices(FAIL_ON)
        .argParser(repeatable)
        .default([]),
    )
    .option(
      "--project-dir <dir>",
      "the Pulumi project the plan came from: SARIF locations name its files (default: the current directory)",
    );
}

const FAIL_ON = ["release"] as const;
export type FailOn = (typeof FAIL_ON)[number];

function repeatable(v: string, acc: string[]): string[] {
  if (!(FAIL_ON as readonly string[]).includes(v))
    throw new InvalidArgumentError(`expected one of ${FAIL_ON.join(", ")}, got "${v}"`);
  return [...acc, v];
}

function accountId(v: string): string {
  if (!/^\d{12}$/.test(v)) throw new InvalidArgumentError(`expected a 12-digit AWS account id, got "${v}"`);
  return v;
}

function instant(v: string): number {
  const t = parseRfc3339(v);
  if (Number.isNaN(t))
    throw new InvalidArgumentError(`expected an RFC 3339 time with an offset such as 2026-11-24T12:00:00Z, got "${v}"`);
  return t;
}

/** The window's options as commander gives them (its defaults filled in), and the output format. */
export interface CommonOptions extends WindowOptions {
  windowDays: number;
  ratioPercent: number;
  reservePercent: number;
  history: string[];
  format: Format;
}

export interface GateOptions extends CommonOptions {
  allowRelease: string[];
  failOn: FailOn[];
  projectDir?: string;
}

/** A command that judges a plan (check, plan-waves): the plan's file, and the window's and the gate's options. */
export function planJudgeCommand(name: string, description: string): Command {
  return addGateOptions(
    addWindowOptions(
      readsStackOfPlan(new Command(name))
        .description(description)
        .argument("[file]", "the plan; - or nothing for standard input"),
    ),
  );
}

/** FILE, or standard input for "-" or no argument. */
export function openInput(file: string | undefined): { stream: Readable; name: string; path?: string } {
  if (file === undefined || file === "-") return { stream: process.stdin, name: "standard input" };
  const absolute = path.resolve(file);
  try {
    fs.accessSync(absolute, fs.constants.R_OK);
  } catch {
    throw inputError(`cannot read ${absolute}: no such file, or no permission`);
  }
  if (fs.statSync(absolute).isDirectory())
    throw inputError(`${absolute} is a directory, not a plan file: give the file the plan was written to`);
  return { stream: fs.createReadStream(absolute, { highWaterMark: 1 << 20 }), name: file, path: absolute };
}

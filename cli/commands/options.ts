import { Command, InvalidArgumentError, Option } from "commander";
import * as fs from "node:fs";
import { Readable } from "node:stream";
import { FORMATS, Format } from "../render";
import { inputError } from "../errors";
import { WindowOptions } from "../window";
import { wholeNumber } from "./emulator";

/** The options every churn command shares: where the history and quota come from, and how to print. */
export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option("--quota <n>", "phone-number quota (else read from Service Quotas with --cloudtrail)", wholeNumber(0))
    .option("--window-days <days>", "rolling window in days (AWS has documented 30 and 180)", wholeNumber(1), 180)
    .option("--ratio-percent <p>", "claims + releases allowed in the window, in % of the quota", wholeNumber(0), 200)
    .option("--reserve-percent <p>", "share of the budget to keep back", wholeNumber(0), 0)
    .option("--history <file>", "JSON Lines history file (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--cloudtrail", "read history (CloudTrail LookupEvents, 90 days) and the quota (Service Quotas) from the account")
    .option("--region <region>", "AWS region for --cloudtrail (else AWS_REGION)")
    .option("--endpoint <url>", "endpoint for --cloudtrail, e.g. the emulator's")
    .option("--now <iso>", "evaluate as of this instant (later history events do not count)", instant)
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"));
}

function instant(v: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new InvalidArgumentError(`expected an ISO-8601 instant such as 2026-11-24T12:00:00Z, got "${v}"`);
  return t;
}

export interface CommonOptions {
  quota?: number;
  windowDays: number;
  ratioPercent: number;
  reservePercent: number;
  history: string[];
  cloudtrail?: boolean;
  region?: string;
  endpoint?: string;
  now?: number;
  format: Format;
}

export function windowOptions(o: CommonOptions): WindowOptions {
  return { quota: o.quota, windowDays: o.windowDays, ratioPercent: o.ratioPercent, reservePercent: o.reservePercent, history: o.history, cloudtrail: o.cloudtrail, region: o.region, endpoint: o.endpoint, now: o.now };
}

/** FILE, or standard input for "-" or no argument. */
export function openInput(file: string | undefined): { stream: Readable; name: string } {
  if (file === undefined || file === "-") return { stream: process.stdin, name: "standard input" };
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw inputError(`cannot read ${file}: no such file, or no permission`);
  }
  return { stream: fs.createReadStream(file, { highWaterMark: 1 << 20 }), name: file };
}

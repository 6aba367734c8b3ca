import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import * as fs from "node:fs";
import * as path from "node:path";
import { CLOUDTRAIL_DAYS, loadHistory } from "../aws/history";
import { ChurnEvent, DAY_MS, HistoryCoverage, HistoryFileError, parseHistoryLines } from "../core";
import { inputError } from "./errors";

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

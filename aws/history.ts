import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import * as fs from "node:fs";
import { ChurnEvent, DAY_MS, parseHistoryLines } from "../core";

/** CloudTrail keeps management events for 90 days; the churn window is usually longer. */
export const CLOUDTRAIL_DAYS = 90;
const EVENT_NAMES = ["ClaimPhoneNumber", "ReleasePhoneNumber", "ImportPhoneNumber"] as const;

export interface HistorySources {
  cloudTrail?: CloudTrailClient;
  files?: string[];
  now: number;
  windowDays: number;
}

export interface LoadedHistory {
  events: ChurnEvent[];
  /** How far back the sources reach, in days (the window is fully covered when >= windowDays). */
  coveredDays: number;
  sources: string[];
}

export async function loadHistory(sources: HistorySources): Promise<LoadedHistory> {
  const events: ChurnEvent[] = [];
  const names: string[] = [];
  let coveredDays = 0;
  for (const file of sources.files ?? []) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      throw new Error(`history file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path in historyFiles / --history`);
    }
    const parsed = parseHistoryLines(text, file);
    events.push(...parsed);
    names.push(file);
    // A file vouches for the whole window: it is the team's own ledger of what happened.
    coveredDays = sources.windowDays;
  }
  if (sources.cloudTrail) {
    events.push(...(await cloudTrailEvents(sources.cloudTrail, sources.now, Math.min(CLOUDTRAIL_DAYS, sources.windowDays))));
    names.push("cloudtrail");
    coveredDays = Math.max(coveredDays, Math.min(CLOUDTRAIL_DAYS, sources.windowDays));
  }
  return { events, coveredDays, sources: names };
}

async function cloudTrailEvents(client: CloudTrailClient, now: number, days: number): Promise<ChurnEvent[]> {
  const out: ChurnEvent[] = [];
  for (const eventName of EVENT_NAMES) {
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
          StartTime: new Date(now - days * DAY_MS),
          EndTime: new Date(now),
          MaxResults: 50,
          NextToken,
        }),
      );
      for (const e of page.Events ?? []) {
        if (e.EventSource && e.EventSource !== "connect.amazonaws.com") continue;
        const detail = parseDetail(e.CloudTrailEvent);
        if (detail?.errorCode) continue; // a refused call changed nothing
        const resource = e.Resources?.find((r) => r.ResourceName?.includes(":phone-number/"))?.ResourceName;
        out.push({
          at: e.EventTime?.getTime() ?? now,
          action: eventName === "ReleasePhoneNumber" ? "release" : "claim",
          phoneNumber: stringField(detail?.requestParameters, "phoneNumber"),
          phoneNumberId:
            stringField(detail?.responseElements, "phoneNumberId") ??
            stringField(detail?.requestParameters, "phoneNumberId") ??
            resource?.slice(resource.lastIndexOf("/") + 1),
          source: "cloudtrail",
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return out;
}

interface TrailDetail {
  errorCode?: string;
  requestParameters?: unknown;
  responseElements?: unknown;
}

function parseDetail(text: string | undefined): TrailDetail | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as TrailDetail;
  } catch {
    return undefined;
  }
}

function stringField(o: unknown, key: string): string | undefined {
  if (typeof o !== "object" || o === null) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}

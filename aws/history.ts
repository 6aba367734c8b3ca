import { cloudTrailSdk } from "./sdk";
import { pages } from "./pages";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import * as fs from "node:fs";
import {
  ChurnEvent,
  HistoryCoverage,
  cloudTrailSpan,
  identity,
  mergeCoverage,
  parseHistoryLines,
  phoneNumberIdOf,
} from "../core";
const EVENT_NAMES = ["ClaimPhoneNumber", "ReleasePhoneNumber", "ImportPhoneNumber"] as const;

export interface HistorySources {
  cloudTrail?: CloudTrailClient;
  files?: string[];
  now: number;
  windowDays: number;
}

export interface LoadedHistory {
  events: ChurnEvent[];
  /** What the sources vouch for together (core's cloudTrailSpan for CloudTrail; a file, the whole window). */
  coverage: HistoryCoverage;
}

/** A history file that cannot be opened: its path and the system's reason (ENOENT, EACCES, EISDIR, …). */
export class UnreadableHistoryFileError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
  ) {
    super(`history file ${file} cannot be read (${code}): check the path in historyFiles / --history`);
    this.name = "UnreadableHistoryFileError";
  }
}

export async function loadHistory(sources: HistorySources): Promise<LoadedHistory> {
  const events: ChurnEvent[] = [];
  const parts: HistoryCoverage[] = [];
  for (const file of sources.files ?? []) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      throw new UnreadableHistoryFileError(file, (err as NodeJS.ErrnoException).code ?? String(err));
    }
    const parsed = parseHistoryLines(text, file);
    events.push(...parsed);
    // A file vouches for the whole window: it is the team's own ledger of what happened.
    parts.push({ completeSince: -Infinity, sources: [file] });
  }
  if (sources.cloudTrail) {
    const { from } = cloudTrailSpan(sources.now, sources.windowDays);
    events.push(...(await cloudTrailEvents(sources.cloudTrail, from, sources.now)));
    parts.push({ completeSince: from, sources: ["cloudtrail"] });
  }
  return { events, coverage: mergeCoverage(parts) };
}

/** A claim, release or import as CloudTrail recorded it (imports count as claims). */
export interface CloudTrailChurnEvent {
  eventId: string;
  at: number;
  action: "claim" | "release";
  phoneNumber?: string;
  phoneNumberId?: string;
  clientToken?: string;
}

/**
 * Every successful ClaimPhoneNumber, ReleasePhoneNumber and ImportPhoneNumber CloudTrail holds in [from, to], made
 * through the API or the console alike (both log under connect.amazonaws.com; the admin guide warns that some
 * console actions are not logged at all). One LookupEvents query per event name, paged 50 at a time.
 */
export async function cloudTrailChurn(
  client: CloudTrailClient,
  from: number,
  to: number,
): Promise<CloudTrailChurnEvent[]> {
  const out: CloudTrailChurnEvent[] = [];
  for (const eventName of EVENT_NAMES) {
    const listing = pages(
      (NextToken) =>
        client.send(
          new cloudTrailSdk.LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
            StartTime: new Date(from),
            EndTime: new Date(to),
            MaxResults: 50,
            NextToken,
          }),
        ),
      (page) => page.NextToken,
    );
    for await (const page of listing) {
      for (const e of page.Events ?? []) {
        if (e.EventSource && e.EventSource !== "connect.amazonaws.com") continue;
        const detail = parseDetail(e.CloudTrailEvent);
        if (detail?.errorCode) continue; // a refused call changed nothing
        const resource = e.Resources?.find((r) => r.ResourceName?.includes(":phone-number/"))?.ResourceName;
        const at = e.EventTime?.getTime() ?? to;
        const phoneNumberId = lastSegment(
          stringField(detail?.responseElements, "phoneNumberId") ??
            stringField(detail?.requestParameters, "phoneNumberId") ??
            resource,
        );
        // CloudTrail documents an EventId on every event; should one come without (blank counts as without), the
        // stand-in is unique within this read: a re-import may then count it twice (the safe side), never merge two.
        out.push({
          eventId: identity(e.EventId) ?? stringField(detail, "eventID") ?? `${eventName}@${at}#${out.length}`,
          at,
          action: eventName === "ReleasePhoneNumber" ? "release" : "claim",
          phoneNumber: stringField(detail?.requestParameters, "phoneNumber"),
          phoneNumberId,
          clientToken: stringField(detail?.requestParameters, "clientToken"),
        });
      }
    }
  }
  return out;
}

async function cloudTrailEvents(client: CloudTrailClient, from: number, now: number): Promise<ChurnEvent[]> {
  return (await cloudTrailChurn(client, from, now)).map(churnEventOfTrail);
}

/** A CloudTrail record as the window counts it. */
export function churnEventOfTrail(e: CloudTrailChurnEvent): ChurnEvent {
  return {
    at: e.at,
    action: e.action,
    phoneNumber: e.phoneNumber,
    phoneNumberId: e.phoneNumberId,
    source: "cloudtrail",
    eventId: e.eventId,
  };
}

/** A number id from an id or an ARN (Release accepts either); an ARN that ends in "/" names none. */
function lastSegment(idOrArn: string | undefined): string | undefined {
  return idOrArn === undefined ? undefined : identity(phoneNumberIdOf(idOrArn));
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

/** A field that names something: a blank string names nothing. */
function stringField(o: unknown, key: string): string | undefined {
  if (typeof o !== "object" || o === null) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === "string" ? identity(v) : undefined;
}

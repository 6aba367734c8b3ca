import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { plural } from "../core";
import { inputError, quoteFailure, refusalIn } from "./errors";
import { EXPECTED, ResourceChange, describe, fromPulumiStep } from "./steps";

const EVENT_KEYS = [
  "resourcePreEvent",
  "resOutputsEvent",
  "preludeEvent",
  "summaryEvent",
  "diagnosticEvent",
  "stdoutEvent",
  "cancelEvent",
  "policyEvent",
  "resOpFailedEvent",
  "policyLoadEvent",
  "policyRemediationEvent",
  "policyAnalyzeSummaryEvent",
  "policyRemediateSummaryEvent",
  "policyAnalyzeStackSummaryEvent",
  "progressEvent",
  "errorEvent",
  "startDebuggingEvent",
];
export const looksLikeEngineEvent = (o: Record<string, unknown>) => "sequence" in o || EVENT_KEYS.some((k) => k in o);

const HOW_TO =
  "capture the whole preview's events: `pulumi preview --event-log FILE` (with PULUMI_DEBUG_COMMANDS=true) or `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json`, and let it finish";

/**
 * Engine events, one JSON object a line. Complete only with the summaryEvent the engine sends at the end of a
 * preview that succeeded: a log cut off before it, or one whose summary or diagnostics say the preview failed,
 * would judge a part of the plan as if it were all of it. node:readline decodes UTF-8 split across chunks.
 */
export async function readEventLines(
  input: Readable,
  name: string,
  onChange: (c: ResourceChange) => void,
): Promise<void> {
  let lineNo = 0;
  let summary: Record<string, unknown> | undefined;
  const errors: string[] = [];
  const shownOps = new Map<string, number>();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    const where = `${name}:${lineNo}`;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw inputError(
        `${where} is not a JSON object (truncated, or other output mixed in: ${JSON.stringify(line.slice(0, 60))}): ${EXPECTED}`,
      );
    }
    if (
      typeof event !== "object" ||
      event === null ||
      Array.isArray(event) ||
      !looksLikeEngineEvent(event as Record<string, unknown>)
    ) {
      throw inputError(`${where} is not a Pulumi engine event (${describe(event)}): ${EXPECTED}`);
    }
    const e = event as Record<string, Record<string, unknown> | undefined>;
    if (summary && e.resourcePreEvent)
      throw inputError(`${where}: a resource event after the summaryEvent: two logs mixed into one? ${HOW_TO}`);
    if (e.resourcePreEvent !== undefined) {
      const change = fromPulumiStep(e.resourcePreEvent?.metadata, where);
      shownOps.set(change.actions[0], (shownOps.get(change.actions[0]) ?? 0) + 1);
      onChange(change);
    }
    const diagnostic = e.diagnosticEvent;
    if (diagnostic && diagnostic.severity === "error") errors.push(String(diagnostic.message ?? "").trim());
    if (e.summaryEvent !== undefined) {
      if (typeof e.summaryEvent !== "object" || e.summaryEvent === null)
        throw inputError(`${where}: the summaryEvent is ${describe(e.summaryEvent)}: ${HOW_TO}`);
      summary = e.summaryEvent;
    }
  }
  if (lineNo === 0) throw inputError(`${name} is empty: ${EXPECTED}`);
  if (!summary) {
    throw inputError(
      `${name} ends before its summaryEvent: the log is cut off, or the preview was cancelled or crashed, so steps may be missing; ${HOW_TO}`,
    );
  }
  if (summary.isPreview === false) {
    throw inputError(
      `${name} is the event log of an update, not of a preview: it tells what was done, not what a plan would do; ${HOW_TO}`,
    );
  }
  if (summary.maybeCorrupt === true)
    throw inputError(
      `${name} says the stack may be corrupt ("maybeCorrupt": true): repair the state (pulumi stack export / import) and preview again`,
    );
  const refused = refusalIn(name, errors);
  if (refused) throw refused;
  checkCounts(name, summary.resourceChanges, shownOps);
  const firstError = errors[0];
  if (summary.result !== undefined && summary.result !== "succeeded") {
    throw inputError(
      `${name}: the preview ${String(summary.result)}${firstError ? ` (${quoteFailure(firstError)})` : ""}: a failed preview does not show every step; fix the error and preview again`,
    );
  }
  if (firstError !== undefined) {
    throw inputError(
      `${name}: the preview reported an error (${quoteFailure(firstError)}): a failed preview does not show every step; fix it and preview again`,
    );
  }
}

/** The ops whose resource events every preview sends and its summary counts, as in the digest's changeSummary. */
const COUNTED_OPS = ["create", "delete", "replace"];

/**
 * The summaryEvent counts the steps the engine took: a log that shows fewer resource events lost some (lines
 * dropped or filtered), and a release among them would pass unseen.
 */
function checkCounts(name: string, counts: unknown, shown: ReadonlyMap<string, number>): void {
  if (counts === undefined || counts === null) return;
  if (typeof counts !== "object" || Array.isArray(counts))
    throw inputError(`${name}: the summaryEvent's resourceChanges is ${describe(counts)}, not an object: ${HOW_TO}`);
  for (const op of COUNTED_OPS) {
    const counted = (counts as Record<string, unknown>)[op];
    if (counted === undefined) continue;
    if (typeof counted !== "number")
      throw inputError(
        `${name}: the summaryEvent's resourceChanges.${op} is ${describe(counted)}, not a number: ${HOW_TO}`,
      );
    const seen = shown.get(op) ?? 0;
    if (seen < counted)
      throw inputError(
        `${name}: its summaryEvent counts ${plural(counted, `${op} step`)} but the log shows ${seen}: events are missing (dropped or filtered out); ${HOW_TO}`,
      );
  }
}

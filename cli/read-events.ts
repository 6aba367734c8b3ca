import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { inputError } from "./errors";
import { EXPECTED, ResourceChange, describe, fromPulumiStep } from "./steps";

const EVENT_KEYS = ["resourcePreEvent", "resOutputsEvent", "preludeEvent", "summaryEvent", "diagnosticEvent", "stdoutEvent", "cancelEvent", "policyEvent", "resOpFailedEvent", "policyLoadEvent", "policyRemediationEvent", "policyAnalyzeSummaryEvent", "policyRemediateSummaryEvent", "policyAnalyzeStackSummaryEvent", "progressEvent", "errorEvent", "startDebuggingEvent"];
export const looksLikeEngineEvent = (o: Record<string, unknown>) => "sequence" in o || EVENT_KEYS.some((k) => k in o);

const HOW_TO =
  "capture the whole preview's events: `pulumi preview --event-log FILE` (with PULUMI_DEBUG_COMMANDS=true) or `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json`, and let it finish";

/**
 * Engine events, one JSON object a line. Complete only with the summaryEvent the engine sends at the end of a
 * preview that succeeded: a log cut off before it, or one whose summary or diagnostics say the preview failed,
 * would judge a part of the plan as if it were all of it. node:readline decodes UTF-8 split across chunks.
 */
export async function readEventLines(input: Readable, name: string, onChange: (c: ResourceChange) => void): Promise<void> {
  let lineNo = 0;
  let summary: Record<string, unknown> | undefined;
  let firstError: string | undefined;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    const where = `${name}:${lineNo}`;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw inputError(`${where} is not a JSON object (truncated, or other output mixed in: ${JSON.stringify(line.slice(0, 60))}): ${EXPECTED}`);
    }
    if (typeof event !== "object" || event === null || Array.isArray(event) || !looksLikeEngineEvent(event as Record<string, unknown>)) {
      throw inputError(`${where} is not a Pulumi engine event (${describe(event)}): ${EXPECTED}`);
    }
    const e = event as Record<string, Record<string, unknown> | undefined>;
    if (summary && e.resourcePreEvent) throw inputError(`${where}: a resource event after the summaryEvent: two logs mixed into one? ${HOW_TO}`);
    if (e.resourcePreEvent !== undefined) {
      const metadata = e.resourcePreEvent?.metadata;
      onChange(fromPulumiStep(metadata, where));
    }
    const diagnostic = e.diagnosticEvent;
    if (diagnostic && diagnostic.severity === "error" && firstError === undefined) firstError = String(diagnostic.message ?? "").trim();
    if (e.summaryEvent !== undefined) {
      if (typeof e.summaryEvent !== "object" || e.summaryEvent === null) throw inputError(`${where}: the summaryEvent is ${describe(e.summaryEvent)}: ${HOW_TO}`);
      summary = e.summaryEvent;
    }
  }
  if (lineNo === 0) throw inputError(`${name} is empty: ${EXPECTED}`);
  if (!summary) {
    throw inputError(`${name} ends before its summaryEvent: the log is cut off, or the preview was cancelled or crashed, so steps may be missing; ${HOW_TO}`);
  }
  if (summary.isPreview === false) {
    throw inputError(`${name} is the event log of an update, not of a preview: it tells what was done, not what a plan would do; ${HOW_TO}`);
  }
  if (summary.result !== undefined && summary.result !== "succeeded") {
    throw inputError(`${name}: the preview ${String(summary.result)}${firstError ? ` (${firstError.split("\n")[0].slice(0, 200)})` : ""}: a failed preview does not show every step; fix the error and preview again`);
  }
  if (firstError !== undefined) {
    throw inputError(`${name}: the preview reported an error (${firstError.split("\n")[0].slice(0, 200)}): a failed preview does not show every step; fix it and preview again`);
  }
}

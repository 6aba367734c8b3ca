import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { ResourceChange } from "./changes";
import { inputError } from "./errors";
import { JsonShapeError, forEachArrayElement } from "./json-elements";

/**
 * Reads any plan this CLI understands, as a stream in bounded memory, and yields its resource changes:
 *  - `pulumi preview --json` (and `pulumi destroy --preview-only --json`): a document with `steps`;
 *  - engine events, one JSON object a line (`--event-log`, PULUMI_ENABLE_STREAMING_JSON_PREVIEW);
 *  - `terraform show -json`: a document with `resource_changes`.
 */
export type InputFormat = "pulumi-preview" | "pulumi-events" | "terraform-plan";

const EXPECTED =
  "expected the output of `pulumi preview --json` (an object with \"steps\"), Pulumi engine events (one JSON object per line), or `terraform show -json` (an object with \"resource_changes\")";

const ENGINE_EVENT_KEYS = ["sequence", "resourcePreEvent", "resOutputsEvent", "preludeEvent", "summaryEvent", "diagnosticEvent", "stdoutEvent", "cancelEvent", "policyEvent", "resOpFailedEvent"];

export async function readChanges(input: Readable, name: string, onChange: (c: ResourceChange) => void): Promise<InputFormat> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headText = "";
  // Enough of the start to tell the formats apart: the first line, or the first 64 KiB.
  while (!headText.includes("\n") && headText.length < 65_536) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(chunk);
    headText += chunk.toString("utf8");
  }
  const rest = Readable.from(
    (async function* () {
      for (const chunk of head) yield chunk;
      for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
    })(),
  );
  const trimmed = headText.trimStart();
  if (trimmed === "") throw inputError(`${name} is empty: ${EXPECTED}`);
  if (!trimmed.startsWith("{")) throw inputError(`${name} is not JSON (it starts with ${JSON.stringify(trimmed.slice(0, 20))}): ${EXPECTED}`);
  if (looksLikeEventLine(trimmed.split("\n")[0])) {
    await readEventLines(rest, name, onChange);
    return "pulumi-events";
  }
  return readDocument(rest, name, onChange);
}

function looksLikeEventLine(line: string): boolean {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return typeof o === "object" && o !== null && ENGINE_EVENT_KEYS.some((k) => k in o);
  } catch {
    return false;
  }
}

/** node:readline splits lines and decodes UTF-8 across chunk boundaries. */
async function readEventLines(input: Readable, name: string, onChange: (c: ResourceChange) => void): Promise<void> {
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    let event: { resourcePreEvent?: { metadata?: PulumiStepLike } };
    try {
      event = JSON.parse(line);
    } catch {
      throw inputError(`${name}:${lineNo} is not a JSON object (truncated?): ${EXPECTED}`);
    }
    const m = event.resourcePreEvent?.metadata;
    if (m) onChange(fromPulumiStep({ op: m.op, urn: m.urn, oldState: m.old ?? undefined, newState: m.new ?? undefined, type: m.type }));
  }
}

interface PulumiState {
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  retainOnDelete?: boolean;
}

interface PulumiStepLike {
  op?: string;
  urn?: string;
  type?: string;
  old?: PulumiState | null;
  new?: PulumiState | null;
  oldState?: PulumiState;
  newState?: PulumiState;
}

function fromPulumiStep(step: PulumiStepLike): ResourceChange {
  if (typeof step.op !== "string" || typeof step.urn !== "string") {
    throw inputError(`a Pulumi step has no "op" or "urn" (${JSON.stringify(step).slice(0, 120)}): ${EXPECTED}`);
  }
  return {
    format: "pulumi",
    address: step.urn,
    // The URN's type segment carries parent types; the state's type does not.
    type: step.newState?.type ?? step.oldState?.type ?? step.type ?? "",
    actions: [step.op],
    before: step.oldState?.outputs ?? step.oldState?.inputs,
    after: step.newState?.inputs ?? step.newState?.outputs,
    retainOnDelete: step.oldState?.retainOnDelete,
  };
}

interface TerraformChange {
  address?: string;
  type?: string;
  change?: { actions?: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
}

function fromTerraform(rc: TerraformChange): ResourceChange {
  if (typeof rc.address !== "string" || !Array.isArray(rc.change?.actions)) {
    throw inputError(`a Terraform resource_change has no "address" or "change.actions" (${JSON.stringify(rc).slice(0, 120)}): ${EXPECTED}`);
  }
  return { format: "terraform", address: rc.address, type: rc.type ?? "", actions: rc.change!.actions!, before: rc.change?.before ?? undefined, after: rc.change?.after ?? undefined };
}

/** Streams the `steps` or `resource_changes` elements one at a time, noting the top-level keys. */
async function readDocument(input: Readable, name: string, onChange: (c: ResourceChange) => void): Promise<InputFormat> {
  const topKeys = new Set<string>();
  let format: InputFormat | undefined;
  try {
    await forEachArrayElement(input, new Set(["steps", "resource_changes"]), {
      onTopLevelKey: (key) => topKeys.add(key),
      onElement(key, value) {
        if (key === "resource_changes") {
          format = "terraform-plan";
          onChange(fromTerraform(value as TerraformChange));
        } else {
          format = "pulumi-preview";
          onChange(fromPulumiStep(value as PulumiStepLike));
        }
      },
    });
  } catch (err) {
    if (err instanceof JsonShapeError) throw inputError(`${name} is not complete JSON (${err.message}): ${EXPECTED}`);
    throw err;
  }
  if (format) return format;
  if (topKeys.has("steps") || topKeys.has("changeSummary")) return "pulumi-preview";
  if (topKeys.has("resource_changes") || topKeys.has("format_version")) return "terraform-plan";
  throw inputError(`${name} has neither "steps" nor "resource_changes" (top-level keys: ${[...topKeys].slice(0, 8).join(", ") || "none"}): ${EXPECTED}`);
}

import { Readable } from "node:stream";
import { inputError } from "./errors";
import { DocumentFacts, readDocument } from "../plan/read-document";
import { looksLikeEngineEvent, readEventLines } from "../plan/read-events";
import { EXPECTED, ResourceChange } from "../plan/steps";

/**
 * Reads any plan this CLI understands, as a stream in bounded memory, and yields its resource changes:
 *  - `pulumi preview --json` (and `pulumi destroy --preview-only --json`): a document with `steps`;
 *  - engine events, one JSON object a line (`--event-log`, PULUMI_ENABLE_STREAMING_JSON_PREVIEW);
 *  - `terraform show -json`: a document with `resource_changes`.
 * Anything that is not a complete, successful plan is refused (exit 3): a partial plan judged as a whole one
 * would pass what the whole plan fails.
 */
export type InputFormat = "pulumi-preview" | "pulumi-events" | "terraform-plan";

export interface InputFacts {
  format: InputFormat;
  notes: string[];
  /** Set when the plan says it is not the whole change: a verdict on it can block, but never pass (exit 3). */
  incomplete?: string;
}

export async function readChanges(
  input: Readable,
  name: string,
  onChange: (c: ResourceChange) => void,
): Promise<InputFacts> {
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
  const whole = Buffer.concat(head);
  const first = withoutUtf8Bom(whole, name);
  if (first !== whole) headText = first.toString("utf8");
  const rest = Readable.from(
    (async function* () {
      if (first.length > 0) yield first;
      for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
    })(),
  );
  const trimmed = headText.trimStart();
  if (trimmed === "") throw inputError(`${name} is empty (did the command that writes the plan fail?): ${EXPECTED}`);
  if (!trimmed.startsWith("{"))
    throw inputError(
      `${name} is not JSON (it starts with ${JSON.stringify(trimmed.slice(0, 40))}: is another program's output mixed in?): ${EXPECTED}`,
    );
  if (isEventLine(trimmed.split("\n")[0])) {
    await readEventLines(rest, name, onChange);
    return { format: "pulumi-events", notes: [] };
  }
  const facts: DocumentFacts = await readDocument(rest, name, onChange);
  return facts;
}

function isEventLine(line: string): boolean {
  try {
    const o = JSON.parse(line) as unknown;
    return (
      typeof o === "object" && o !== null && !Array.isArray(o) && looksLikeEngineEvent(o as Record<string, unknown>)
    );
  } catch {
    return false;
  }
}

/**
 * JSON may start with a UTF-8 byte-order mark (RFC 8259 lets a reader ignore it; Windows tools write one): it is
 * read past. UTF-16, what Windows PowerShell 5's `>` writes, would read as garbage: refused, saying how to write UTF-8.
 */
function withoutUtf8Bom(start: Buffer, name: string): Buffer {
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return start.subarray(3);
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff)) {
    const mark = start[0] === 0xff ? "FF FE" : "FE FF";
    throw inputError(
      `${name} is UTF-16 (byte-order mark ${mark}), not UTF-8: write the plan as UTF-8, e.g. in PowerShell \`pulumi preview --json --show-replacement-steps | Out-File -Encoding utf8 plan.json\``,
    );
  }
  return start;
}

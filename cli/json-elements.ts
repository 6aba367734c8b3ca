import { Readable } from "node:stream";

/**
 * Streams the elements of the named top-level arrays of one JSON document (`steps`, `resource_changes`), each
 * handed over as parsed JSON, in memory bounded by one element plus one chunk.
 *
 * Written by hand rather than with stream-json: on a 245 MiB, 100,000-step preview stream-json's token stream
 * took 10x as long as JSON.parse of the whole file, and the target is 1.5x. This only finds where each element
 * starts and ends (strings, escapes and nesting) and leaves the parsing to JSON.parse, element by element.
 */
export interface ElementSink {
  onElement(arrayKey: string, value: unknown): void;
  onTopLevelKey(key: string): void;
}

export class JsonShapeError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export async function forEachArrayElement(input: Readable, arrayKeys: ReadonlySet<string>, sink: ElementSink): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let seenRoot = false;
  // The last string read at depth 1: the key, when a value follows.
  let keyParts: Buffer[] | undefined;
  let lastKey: string | undefined;
  // The array being captured (its elements live at depth 2) and the element in progress.
  let capturing: string | undefined;
  let element: Buffer[] | undefined;
  let elementStart = -1;

  const finishElement = (chunk: Buffer, end: number) => {
    if (!element || capturing === undefined) return;
    // Usually the whole element is in this chunk: decode it in place rather than copying.
    const text = (element.length === 0 ? chunk.toString("utf8", elementStart, end) : Buffer.concat([...element, chunk.subarray(elementStart, end)]).toString("utf8")).trim();
    element = undefined;
    elementStart = -1;
    if (text === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new JsonShapeError(`an element of "${capturing}" is not valid JSON (${(err as Error).message})`);
    }
    sink.onElement(capturing, value);
  };

  for await (const raw of input) {
    const chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (element) elementStart = 0;
    let keyStart = keyParts ? 0 : -1;
    let nextBackslash = -2;
    for (let i = 0; i < chunk.length; i++) {
      if (inString) {
        if (escaped) {
          escaped = false;
          continue;
        }
        // Most of a preview is string content (serialized providers): jump to the next quote or backslash
        // with the native search instead of looking at every byte.
        const quote = chunk.indexOf(QUOTE, i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
          i = nextBackslash;
          escaped = true;
          continue;
        }
        if (quote === -1) {
          i = chunk.length - 1;
          continue;
        }
        i = quote;
        inString = false;
        if (keyParts) {
          keyParts.push(chunk.subarray(keyStart, i + 1));
          lastKey = JSON.parse(Buffer.concat(keyParts).toString("utf8")) as string;
          keyParts = undefined;
          keyStart = -1;
        }
        continue;
      }
      const b = chunk[i];
      if (capturing !== undefined && depth === 2 && !element && !isSpace(b) && b !== COMMA && b !== CLOSE_BRACKET) {
        element = [];
        elementStart = i;
      }
      switch (b) {
        case QUOTE:
          inString = true;
          if (depth === 1 && capturing === undefined) {
            keyParts = [];
            keyStart = i;
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (depth === 0) {
            if (seenRoot || b !== OPEN_BRACE) throw new JsonShapeError("the document is not one JSON object");
            seenRoot = true;
          }
          if (depth === 1 && b === OPEN_BRACKET && lastKey !== undefined && arrayKeys.has(lastKey)) capturing = lastKey;
          depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (capturing !== undefined && depth === 2) {
            finishElement(chunk, i);
            capturing = undefined;
          }
          depth--;
          if (depth < 0) throw new JsonShapeError("unbalanced brackets");
          break;
        case COMMA:
          if (capturing !== undefined && depth === 2) finishElement(chunk, i);
          break;
        case 0x3a: // ':' ends a key at depth 1
          if (depth === 1 && lastKey !== undefined) sink.onTopLevelKey(lastKey);
          break;
      }
    }
    if (keyParts && keyStart >= 0) keyParts.push(chunk.subarray(keyStart));
    if (element && elementStart >= 0) element.push(chunk.subarray(elementStart));
  }
  if (!seenRoot) throw new JsonShapeError("no JSON object found");
  if (depth !== 0 || inString) throw new JsonShapeError("the document ends early (truncated?)");
}

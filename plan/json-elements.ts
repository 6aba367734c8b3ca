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
  /**
   * Every top-level value once it ends: containers by kind only, scalars (a few bytes: `"errored": true`) parsed.
   * Lets a reader refuse `"steps": null` or a plan that says it failed.
   */
  onTopLevelValue?(key: string, value: TopLevelValue): void;
}

export type TopLevelValue =
  { kind: "object" } | { kind: "array" } | { kind: "scalar"; value: string | number | boolean | null };

/** A top-level scalar longer than this is not a plan field: refuse rather than buffer it. */
const MAX_SCALAR_BYTES = 1 << 20;

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

type TopState = "first-key" | "key" | "colon" | "value" | "in-value" | "comma";

/**
 * `arrayKeys`: top-level arrays whose elements are handed over one at a time; `objectKeys`: small top-level objects
 * whose members are handed over one at a time, each as a one-member object.
 */
export async function forEachArrayElement(
  input: Readable,
  arrayKeys: ReadonlySet<string>,
  sink: ElementSink,
  objectKeys: ReadonlySet<string> = new Set(),
): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let seenRoot = false;
  let rootClosed = false;
  // Where the top level (depth 1) stands: which token may come next.
  let top: TopState = "first-key";
  let keyParts: Buffer[] | undefined;
  let lastKey: string | undefined;
  // The top-level value in progress: a container's kind, or a scalar's bytes.
  let valueKind: "object" | "array" | "scalar" | undefined;
  let scalar: Buffer[] | undefined;
  let scalarStart = -1;
  let scalarBytes = 0;
  // The array being captured (its elements live at depth 2) and the element in progress.
  let capturing: string | undefined;
  let capturingObject = false;
  let element: Buffer[] | undefined;
  let elementStart = -1;
  let elementDue = false;
  // Open brackets below the top level, so that `[}` is refused even where elements are not parsed.
  const open: number[] = [];

  const finishElement = (chunk: Buffer, end: number) => {
    if (!element || capturing === undefined) return;
    // Usually the whole element is in this chunk: decode it in place rather than copying.
    const text = (
      element.length === 0
        ? chunk.toString("utf8", elementStart, end)
        : Buffer.concat([...element, chunk.subarray(elementStart, end)]).toString("utf8")
    ).trim();
    element = undefined;
    elementStart = -1;
    if (text === "") throw new JsonShapeError(`"${capturing}" has an empty element (two commas in a row?)`);
    let value: unknown;
    try {
      // An object's elements are its members: `"create": 1` reads as {"create": 1}.
      value = JSON.parse(capturingObject ? `{${text}}` : text);
    } catch (err) {
      throw new JsonShapeError(`an element of "${capturing}" is not valid JSON (${(err as Error).message})`);
    }
    sink.onElement(capturing, value);
  };

  const finishValue = (chunk: Buffer, end: number) => {
    const key = lastKey ?? "";
    if (valueKind === "scalar") {
      const text = (
        scalar!.length === 0
          ? chunk.toString("utf8", scalarStart, end)
          : Buffer.concat([...scalar!, chunk.subarray(scalarStart, end)]).toString("utf8")
      ).trim();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new JsonShapeError(`the value of "${key}" is not valid JSON: ${JSON.stringify(text.slice(0, 60))}`);
      }
      sink.onTopLevelValue?.(key, { kind: "scalar", value: value as string | number | boolean | null });
    } else if (valueKind) {
      sink.onTopLevelValue?.(key, { kind: valueKind });
    }
    valueKind = undefined;
    scalar = undefined;
    scalarStart = -1;
    top = "comma";
  };

  const unexpected = (chunk: Buffer, i: number, where: string) =>
    new JsonShapeError(
      `unexpected ${JSON.stringify(chunk.toString("utf8", i, Math.min(chunk.length, i + 60)))} ${where}`,
    );

  for await (const raw of input) {
    const chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (element) elementStart = 0;
    if (scalar) scalarStart = 0;
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
          top = "colon";
        }
        continue;
      }
      const b = chunk[i];
      if (depth <= 1 && !isSpace(b)) {
        if (depth === 0) {
          if (rootClosed)
            throw unexpected(
              chunk,
              i,
              "after the JSON document (is another program's output, such as Pulumi's stderr, mixed into it?)",
            );
          if (b !== OPEN_BRACE) throw new JsonShapeError("the document is not one JSON object");
          seenRoot = true;
          depth = 1;
          continue;
        }
        if (top === "in-value" && valueKind === "scalar") {
          if (b === COMMA || b === CLOSE_BRACE) finishValue(chunk, i);
          else if (b === OPEN_BRACE || b === OPEN_BRACKET) throw unexpected(chunk, i, `in the value of "${lastKey}"`);
          else {
            if (b === QUOTE) inString = true;
            continue;
          }
        }
        switch (top as TopState) {
          case "first-key":
          case "key":
            if (b === QUOTE) {
              inString = true;
              keyParts = [];
              keyStart = i;
              continue;
            }
            if (b === CLOSE_BRACE && top === "first-key") break;
            throw unexpected(chunk, i, "where a key of the top-level object belongs");
          case "colon":
            if (b !== 0x3a) throw unexpected(chunk, i, `after the key "${lastKey}"`);
            sink.onTopLevelKey(lastKey!);
            top = "value";
            continue;
          case "value":
            top = "in-value";
            if (b === OPEN_BRACE || b === OPEN_BRACKET) {
              valueKind = b === OPEN_BRACE ? "object" : "array";
              break;
            }
            valueKind = "scalar";
            scalar = [];
            scalarStart = i;
            scalarBytes = 0;
            if (b === QUOTE) inString = true;
            continue;
          case "comma":
            if (b === COMMA) {
              top = "key";
              continue;
            }
            if (b === CLOSE_BRACE) break;
            throw unexpected(chunk, i, `after the value of "${lastKey}"`);
        }
      } else if (depth <= 1) {
        if (top === "in-value" && valueKind === "scalar") finishValue(chunk, i);
        continue;
      }
      if (
        capturing !== undefined &&
        depth === 2 &&
        !element &&
        !isSpace(b) &&
        b !== COMMA &&
        b !== CLOSE_BRACKET &&
        b !== CLOSE_BRACE
      ) {
        element = [];
        elementStart = i;
      }
      switch (b) {
        case QUOTE:
          inString = true;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (depth === 1 && lastKey !== undefined && (b === OPEN_BRACKET ? arrayKeys : objectKeys).has(lastKey)) {
            capturing = lastKey;
            capturingObject = b === OPEN_BRACE;
          }
          open.push(b);
          depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (depth > 1 && open.pop() !== b - 2) throw unexpected(chunk, i, "(brackets do not match)");
          if (capturing !== undefined && depth === 2) {
            if (elementDue && !element)
              throw unexpected(chunk, i, `in "${capturing}" (an element is missing after a comma)`);
            finishElement(chunk, i);
            capturing = undefined;
            elementDue = false;
          }
          depth--;
          if (depth === 1) finishValue(chunk, i);
          else if (depth === 0) rootClosed = true;
          break;
        case COMMA:
          if (capturing !== undefined && depth === 2) {
            if (!element) throw unexpected(chunk, i, `in "${capturing}" (an element is missing)`);
            finishElement(chunk, i);
            elementDue = true;
          }
          break;
      }
    }
    if (keyParts && keyStart >= 0) keyParts.push(chunk.subarray(keyStart));
    if (element && elementStart >= 0) element.push(chunk.subarray(elementStart));
    if (scalar && scalarStart >= 0) {
      scalar.push(chunk.subarray(scalarStart));
      scalarBytes += chunk.length - scalarStart;
      if (scalarBytes > MAX_SCALAR_BYTES)
        throw new JsonShapeError(`the value of "${lastKey}" is longer than ${MAX_SCALAR_BYTES} bytes`);
    }
  }
  if (!seenRoot) throw new JsonShapeError("no JSON object found");
  if (!rootClosed || inString) throw new JsonShapeError("the document ends early (truncated?)");
}

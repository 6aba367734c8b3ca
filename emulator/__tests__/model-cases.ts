import { MemberRef, SmithyModel, TRAIT, enumValues, patternRegExp, shapeOf, traitsOf } from "../aws-model/smithy";
import { Service, inputShapeId } from "../aws-model/services";

/**
 * Requests generated from AWS's model: from a valid base request, one per constraint trait that breaks exactly that
 * constraint (AWS must refuse it), and one per boundary the model allows (AWS must not refuse it as invalid).
 */

export interface ModelCase {
  operation: string;
  /** e.g. "Tags.1.member.Key: pattern ^.+$ broken by \"\\n\"" */
  name: string;
  input: Record<string, unknown>;
  expect: "reject" | "accept";
  /** The member the refusal must name, in AWS's notation (`Tags.1.member.Key`). */
  path: string;
}

interface Variant {
  value: unknown;
  expect: "reject" | "accept";
  path: string;
  what: string;
}

type Json = Record<string, unknown>;

/** Strings tried, in order, against a pattern: the first that breaks it (and fits the length) is the case. */
const BREAKERS = ["\n", " ", "#", "!", "aws:k", "~", "é", "a"];
/** Characters tried to fill a string that must match a pattern. */
const FILLERS = ["a", "A", "1", "Z", "k"];
/** Enum sets longer than this contribute their first and last value as boundaries, not every value. */
const ENUM_SAMPLE = 8;

const lengthTrait = (t: Json) => t[TRAIT.length] as { min?: number; max?: number } | undefined;
const rangeTrait = (t: Json) => t[TRAIT.range] as { min?: number; max?: number } | undefined;
const show = (v: unknown) =>
  typeof v === "string" && v.length > 24 ? `"${v.slice(0, 8)}…" (${[...v].length} chars)` : JSON.stringify(v);

/** The lengths at the edges of a length trait (none without one). */
function bounds(length: { min?: number; max?: number } | undefined): number[] {
  if (!length) return [];
  return [...new Set([length.min ?? 0, ...(length.max !== undefined ? [length.max] : [])])];
}

function fits(traits: Json, s: string): boolean {
  const length = lengthTrait(traits);
  const n = [...s].length;
  const pattern = traits[TRAIT.pattern] as string | undefined;
  return (length?.min ?? 0) <= n && n <= (length?.max ?? Infinity) && (!pattern || patternRegExp(pattern).test(s));
}

/** A string of exactly `n` characters that matches the pattern, if a simple one exists. */
function stringOfLength(traits: Json, n: number): string | undefined {
  const pattern = traits[TRAIT.pattern] as string | undefined;
  const prefixes = ["", "arn:", "+1", "+12"];
  for (const prefix of prefixes) {
    for (const fill of FILLERS) {
      if (n < prefix.length) continue;
      const s = prefix + fill.repeat(n - prefix.length);
      if (!pattern || patternRegExp(pattern).test(s)) return s;
    }
  }
  return undefined;
}

/** Any valid value of a shape, for a member the base request leaves out. */
export function sample(model: SmithyModel, ref: MemberRef): unknown {
  const shape = shapeOf(model, ref.target);
  const traits = traitsOf(model, ref);
  const values = enumValues(model, ref);
  if (values) return values[0];
  switch (shape.type) {
    case "string": {
      const length = lengthTrait(traits);
      for (let n = Math.max(length?.min ?? 1, 1); n <= Math.min(length?.max ?? 32, 32); n++) {
        const s = stringOfLength(traits, n);
        if (s !== undefined) return s;
      }
      return undefined;
    }
    case "boolean":
      return true;
    case "integer":
    case "long":
      return rangeTrait(traits)?.min ?? 1;
    case "list": {
      const item = sample(model, shape.member!);
      return item === undefined
        ? undefined
        : Array.from({ length: Math.max(lengthTrait(traits)?.min ?? 1, 1) }, () => item);
    }
    case "map": {
      const key = sample(model, shape.key!);
      const value = sample(model, shape.value!);
      return key === undefined || value === undefined ? undefined : { [key as string]: value };
    }
    case "structure": {
      const out: Json = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.traits?.[TRAIT.required] === undefined) continue;
        const v = sample(model, member);
        if (v === undefined) return undefined;
        out[name] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function stringVariants(traits: Json, values: string[] | undefined, path: string): Variant[] {
  const out: Variant[] = [];
  const length = lengthTrait(traits);
  const pattern = traits[TRAIT.pattern] as string | undefined;
  if (values) {
    out.push({ value: "NOT_IN_THE_ENUM", expect: "reject", path, what: "enum broken" });
    const shown = values.length > ENUM_SAMPLE ? [values[0], values[values.length - 1]] : values;
    for (const v of shown) out.push({ value: v, expect: "accept", path, what: `enum value ${v}` });
    return out;
  }
  if (length?.min !== undefined && length.min > 0) {
    const s = stringOfLength(traits, length.min - 1) ?? "a".repeat(length.min - 1);
    out.push({ value: s, expect: "reject", path, what: `length min ${length.min} broken by ${show(s)}` });
  }
  if (length?.max !== undefined) {
    const s = stringOfLength(traits, length.max + 1) ?? "a".repeat(length.max + 1);
    out.push({ value: s, expect: "reject", path, what: `length max ${length.max} broken by ${show(s)}` });
  }
  for (const n of bounds(length)) {
    const s = stringOfLength(traits, n);
    if (s !== undefined)
      out.push({ value: s, expect: "accept", path, what: `length ${n}, the model's bound: ${show(s)}` });
  }
  if (pattern) {
    const padTo = Math.max(length?.min ?? 1, 1);
    const candidates = BREAKERS.map((b) => b + "a".repeat(Math.max(0, padTo - [...b].length)));
    const breaker = candidates.find((s) => fits({ [TRAIT.length]: length }, s) && !patternRegExp(pattern).test(s));
    if (breaker !== undefined)
      out.push({ value: breaker, expect: "reject", path, what: `pattern ${pattern} broken by ${show(breaker)}` });
    const lookahead = /^\^\(\?!([^)]+)\)/.exec(pattern)?.[1];
    if (lookahead && lookahead !== breaker)
      out.push({
        value: `${lookahead}k`,
        expect: "reject",
        path,
        what: `pattern ${pattern}: reserved prefix ${lookahead}`,
      });
  }
  return out;
}

/** The variants of one member's value: each breaks or meets one of its constraints, the rest kept valid. */
function variants(model: SmithyModel, ref: MemberRef, current: unknown, path: string): Variant[] {
  const shape = shapeOf(model, ref.target);
  const traits = traitsOf(model, ref);
  const values = enumValues(model, ref);
  if (values || shape.type === "string") return stringVariants(traits, values, path);
  switch (shape.type) {
    case "integer":
    case "long": {
      const range = rangeTrait(traits);
      const out: Variant[] = [];
      if (range?.min !== undefined) {
        out.push(
          { value: range.min - 1, expect: "reject", path, what: `range min ${range.min} broken` },
          { value: range.min, expect: "accept", path, what: `range min ${range.min}` },
        );
      }
      if (range?.max !== undefined) {
        out.push(
          { value: range.max + 1, expect: "reject", path, what: `range max ${range.max} broken` },
          { value: range.max, expect: "accept", path, what: `range max ${range.max}` },
        );
      }
      return out;
    }
    case "list": {
      const list = current as unknown[];
      const length = lengthTrait(traits);
      const itemValues = enumValues(model, shape.member!);
      // Distinct items where the member is an enum, so a full list is not a list of repeats.
      const items = (n: number) =>
        Array.from({ length: n }, (_, i) => (itemValues ? itemValues[i % itemValues.length] : list[0]));
      const out: Variant[] = [];
      if (length?.min !== undefined && length.min > 0)
        out.push({ value: items(length.min - 1), expect: "reject", path, what: `length min ${length.min} broken` });
      if (length?.max !== undefined)
        out.push({ value: items(length.max + 1), expect: "reject", path, what: `length max ${length.max} broken` });
      for (const n of bounds(length)) {
        out.push({ value: items(n), expect: "accept", path, what: `length ${n}, the model's bound` });
      }
      for (const v of variants(model, shape.member!, list[0], `${path}.1.member`))
        out.push({ ...v, value: [v.value, ...list.slice(1)] });
      return out;
    }
    case "map": {
      const map = current as Json;
      const [key, value] = Object.entries(map)[0];
      const length = lengthTrait(traits);
      const out: Variant[] = [];
      const entries = (n: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [n === 1 ? key : `${key}${i}`, value]));
      if (length?.min !== undefined && length.min > 0)
        out.push({ value: entries(length.min - 1), expect: "reject", path, what: `length min ${length.min} broken` });
      if (length?.max !== undefined)
        out.push({ value: entries(length.max + 1), expect: "reject", path, what: `length max ${length.max} broken` });
      for (const n of bounds(length)) {
        out.push({ value: entries(n), expect: "accept", path, what: `length ${n}, the model's bound` });
      }
      for (const v of variants(model, shape.key!, key, path))
        out.push({ ...v, what: `key ${v.what}`, value: { [v.value as string]: value } });
      for (const v of variants(model, shape.value!, value, `${path}.${key}`))
        out.push({ ...v, value: { [key]: v.value } });
      return out;
    }
    case "structure":
      return structureVariants(model, ref.target, current as Json, path);
    default:
      return [];
  }
}

function structureVariants(model: SmithyModel, shapeId: string, current: Json, prefix: string): Variant[] {
  const out: Variant[] = [];
  for (const [name, ref] of Object.entries(shapeOf(model, shapeId).members ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const label = ref.traits?.[TRAIT.httpLabel] !== undefined;
    // The SDK refuses, before sending, a path label that is absent or empty: no such request reaches AWS.
    if (ref.traits?.[TRAIT.required] !== undefined && !label) {
      const rest = Object.fromEntries(Object.entries(current).filter(([k]) => k !== name));
      out.push({ value: rest, expect: "reject", path, what: "required member left out" });
    }
    const value = current[name] ?? sample(model, ref);
    if (value === undefined) continue;
    for (const v of variants(model, ref, value, path)) {
      if (label && (v.value === "" || v.value === undefined)) continue;
      out.push({ ...v, value: { ...current, [name]: v.value } });
    }
  }
  return out;
}

export function modelCases(service: Service, operation: string, base: Json): ModelCase[] {
  return structureVariants(service.model, inputShapeId(service, operation), base, "").map((v) => ({
    operation,
    name: `${v.path}: ${v.what}`,
    input: v.value as Json,
    expect: v.expect,
    path: v.path,
  }));
}

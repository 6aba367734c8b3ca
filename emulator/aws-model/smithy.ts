/**
 * The part of a Smithy JSON AST (https://smithy.io/2.0/spec/json-ast.html) the emulator reads: shapes, their
 * members, and the traits that constrain an input. AWS publishes its service models in this form.
 */

export type Traits = Record<string, unknown>;

export interface MemberRef {
  target: string;
  traits?: Traits;
}

export interface Shape {
  type: string;
  traits?: Traits;
  /** structure, union, enum, intEnum */
  members?: Record<string, MemberRef>;
  /** list */
  member?: MemberRef;
  /** map */
  key?: MemberRef;
  value?: MemberRef;
  /** operation */
  input?: { target: string };
  errors?: Array<{ target: string }>;
}

export interface SmithyModel {
  smithy: string;
  metadata?: Record<string, unknown>;
  shapes: Record<string, Shape>;
}

export const TRAIT = {
  required: "smithy.api#required",
  length: "smithy.api#length",
  pattern: "smithy.api#pattern",
  range: "smithy.api#range",
  enum: "smithy.api#enum",
  enumValue: "smithy.api#enumValue",
  http: "smithy.api#http",
  httpLabel: "smithy.api#httpLabel",
  httpQuery: "smithy.api#httpQuery",
  idempotencyToken: "smithy.api#idempotencyToken",
} as const;

/** The constraint traits a request can break, and the binding traits that place a member on the wire. */
export const KEPT_TRAITS: readonly string[] = [
  TRAIT.required,
  TRAIT.length,
  TRAIT.pattern,
  TRAIT.range,
  TRAIT.enum,
  TRAIT.enumValue,
  TRAIT.http,
  TRAIT.httpLabel,
  TRAIT.httpQuery,
  TRAIT.idempotencyToken,
  "smithy.api#error",
  "smithy.api#httpError",
];

/** Prelude shapes (smithy.api#String, …) are not in a model's shape table: their type is their name. */
const PRELUDE: Record<string, string> = {
  "smithy.api#String": "string",
  "smithy.api#Boolean": "boolean",
  "smithy.api#PrimitiveBoolean": "boolean",
  "smithy.api#Integer": "integer",
  "smithy.api#PrimitiveInteger": "integer",
  "smithy.api#Long": "long",
  "smithy.api#PrimitiveLong": "long",
  "smithy.api#Timestamp": "timestamp",
  "smithy.api#Document": "document",
  "smithy.api#Unit": "structure",
};

export function shapeOf(model: SmithyModel, id: string): Shape {
  const shape = model.shapes[id];
  if (shape) return shape;
  const prelude = PRELUDE[id];
  if (prelude) return { type: prelude, ...(id === "smithy.api#Unit" ? { members: {} } : {}) };
  throw new Error(`The model has no shape ${id}.`);
}

/** A member's traits override its target's (Smithy's rule for member traits). */
export function traitsOf(model: SmithyModel, ref: MemberRef): Traits {
  return { ...(shapeOf(model, ref.target).traits ?? {}), ...(ref.traits ?? {}) };
}

/** The values an enum accepts: an `enum` shape's members, or a string's Smithy 1.0 `@enum` trait. */
export function enumValues(model: SmithyModel, ref: MemberRef): string[] | undefined {
  const shape = shapeOf(model, ref.target);
  if (shape.type === "enum") {
    return Object.entries(shape.members ?? {}).map(([name, m]) => String(m.traits?.[TRAIT.enumValue] ?? name));
  }
  const trait = traitsOf(model, ref)[TRAIT.enum] as Array<{ value: string }> | undefined;
  return trait?.map((e) => e.value);
}

export function operationShape(model: SmithyModel, namespace: string, operation: string): Shape {
  const shape = model.shapes[`${namespace}#${operation}`];
  if (!shape || shape.type !== "operation") throw new Error(`The model has no operation ${namespace}#${operation}.`);
  return shape;
}

/** Smithy patterns are ECMA-262 regular expressions, with Unicode property escapes (\p{L}) as in AWS's models. */
export function patternRegExp(pattern: string): RegExp {
  return new RegExp(pattern, "u");
}

/** Smithy counts a string's length in Unicode scalar values, not UTF-16 units. */
export function lengthOf(value: string | unknown[] | Record<string, unknown>): number {
  if (typeof value === "string") return [...value].length;
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

import { MemberRef, SmithyModel, TRAIT, enumValues, lengthOf, patternRegExp, shapeOf, traitsOf } from "./smithy";

/**
 * Checks a request against its operation's input shape, trait by trait, as AWS's front end does before the
 * operation runs (the SDK checks nothing). Messages follow AWS's ("Member must not be null", "Member must have
 * length less than or equal to 128", …).
 */

export type Constraint = "required" | "type" | "length" | "pattern" | "range" | "enum";

export interface Violation {
  /** Where, as AWS writes it: `Tags`, `Tags.1.member.Key`, `NumberCapabilities.2.member`. */
  path: string;
  value: unknown;
  constraint: Constraint;
  /** "Member must …" */
  message: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

export function structureViolations(model: SmithyModel, shapeId: string, value: Json, prefix = ""): Violation[] {
  const out: Violation[] = [];
  for (const [name, ref] of Object.entries(shapeOf(model, shapeId).members ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const v = value[name];
    if (absent(v)) {
      if (ref.traits?.[TRAIT.required] !== undefined)
        out.push({ path, value: null, constraint: "required", message: "Member must not be null" });
      continue;
    }
    out.push(...memberViolations(model, ref, v, path));
  }
  return out;
}

function memberViolations(model: SmithyModel, ref: MemberRef, v: unknown, path: string): Violation[] {
  const shape = shapeOf(model, ref.target);
  const traits = traitsOf(model, ref);
  const wrongType = (expected: string): Violation[] => [
    { path, value: v, constraint: "type", message: `Member must be ${expected}` },
  ];
  const out: Violation[] = [];
  switch (shape.type) {
    case "string":
    case "enum": {
      if (typeof v !== "string") return wrongType("a string");
      const values = enumValues(model, ref);
      if (values && !values.includes(v))
        out.push({
          path,
          value: v,
          constraint: "enum",
          message: `Member must satisfy enum value set: [${values.join(", ")}]`,
        });
      out.push(...lengthViolations(traits, v, path));
      const pattern = traits[TRAIT.pattern] as string | undefined;
      if (pattern !== undefined && !patternRegExp(pattern).test(v)) {
        out.push({
          path,
          value: v,
          constraint: "pattern",
          message: `Member must satisfy regular expression pattern: ${pattern}`,
        });
      }
      return out;
    }
    case "boolean":
      return typeof v === "boolean" ? [] : wrongType("a boolean");
    case "integer":
    case "long": {
      if (typeof v !== "number" || !Number.isInteger(v)) return wrongType("an integer");
      return boundViolations(traits[TRAIT.range] as Bounds | undefined, v, "range", "value", v, path);
    }
    case "list": {
      if (!Array.isArray(v)) return wrongType("a list");
      out.push(...lengthViolations(traits, v, path));
      v.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (absent(item))
          out.push({ path: itemPath, value: null, constraint: "required", message: "Member must not be null" });
        else out.push(...memberViolations(model, shape.member!, item, itemPath));
      });
      return out;
    }
    case "map": {
      if (!isObject(v)) return wrongType("a map");
      out.push(...lengthViolations(traits, v, path));
      for (const [key, item] of Object.entries(v)) {
        for (const bad of memberViolations(model, shape.key!, key, path))
          out.push({ ...bad, message: `Map keys must satisfy constraint: [${bad.message}]` });
        out.push(...memberViolations(model, shape.value!, item, `${path}.${key}`));
      }
      return out;
    }
    case "structure":
      return isObject(v) ? structureViolations(model, ref.target, v, path) : wrongType("a structure");
    default:
      return [];
  }
}

function lengthViolations(traits: Record<string, unknown>, v: string | unknown[] | Json, path: string): Violation[] {
  return boundViolations(traits[TRAIT.length] as Bounds | undefined, lengthOf(v), "length", "length", v, path);
}

interface Bounds {
  min?: number;
  max?: number;
}

/** Smithy's @range and @length, in AWS's words: `n` is the value itself or its length (`what`). */
function boundViolations(
  bounds: Bounds | undefined,
  n: number,
  constraint: "range" | "length",
  what: "value" | "length",
  value: unknown,
  path: string,
): Violation[] {
  const out: Violation[] = [];
  if (bounds?.min !== undefined && n < bounds.min)
    out.push({ path, value, constraint, message: `Member must have ${what} greater than or equal to ${bounds.min}` });
  if (bounds?.max !== undefined && n > bounds.max)
    out.push({ path, value, constraint, message: `Member must have ${what} less than or equal to ${bounds.max}` });
  return out;
}

export function describeViolations(violations: Violation[]): string {
  const shown = (v: unknown) => (v === null ? "null" : typeof v === "string" ? `'${v}'` : `'${JSON.stringify(v)}'`);
  const each = violations.map(
    (x) => `Value ${shown(x.value)} at '${x.path}' failed to satisfy constraint: ${x.message}`,
  );
  return `${violations.length} validation error${violations.length === 1 ? "" : "s"} detected: ${each.join("; ")}`;
}

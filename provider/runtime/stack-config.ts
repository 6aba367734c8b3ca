import { stackConfigFix } from "../../core/config-list";

/** What this reads of a zod object schema, named structurally so no published declaration names zod. */
interface ObjectSchema<T> {
  shape: object;
  safeParse(
    raw: unknown,
  ):
    { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

/**
 * Reads every `connect-numbers:<key>` the schema names from the stack config and validates them; an empty value is
 * unset. The error names each key, its value and the fix. Shared by the Connect and SMS providers.
 */
export function readStackConfig<T>(schema: ObjectSchema<T>, get: (key: string) => string | undefined): T {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = get(`connect-numbers:${key}`);
    if (v !== undefined && v !== "") raw[key] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `connect-numbers:${i.path.join(".")} = ${JSON.stringify(raw[String(i.path[0])])}: ${i.message}`,
    );
    const keys = parsed.error.issues.map((i) => String(i.path[0]));
    throw new Error(`invalid stack config: ${issues.join("; ")}. Fix it with ${stackConfigFix(keys)}.`);
  }
  return parsed.data;
}

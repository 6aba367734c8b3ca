import { z } from "zod";
import { ServiceError } from "../state/errors";

/**
 * The request's body as the schema reads it, or a 400 that names every member it refuses. Apart from ControlCall
 * (request.ts), whose typings the package's entry reaches: zod's own typings do not compile under a user's
 * `moduleResolution: node` without esModuleInterop.
 */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
    throw new ServiceError("InvalidControlRequest", 400, issues);
  }
  return result.data;
}

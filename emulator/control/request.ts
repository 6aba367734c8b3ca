import { z } from "zod";
import { ServiceError } from "../state/errors";
import { CallContext } from "../state/store";

/** A request to the control plane (/_emulator/, /_emulator/sms/), as the wire server hands it over. */
export interface ControlCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  defaults: CallContext;
}

/** The request's body as the schema reads it, or a 400 that names every member it refuses. */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
    throw new ServiceError("InvalidControlRequest", 400, issues);
  }
  return result.data;
}

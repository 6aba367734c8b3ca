import connectJson from "./connect.json";
import smsJson from "./pinpoint-sms-voice-v2.json";
import { SmithyModel, TRAIT, operationShape, shapeOf } from "./smithy";
import { Violation, structureViolations } from "./validate";

/**
 * AWS's published models of the two services the emulator answers (cut down by scripts/extract-aws-models.ts),
 * and how a request on the wire becomes the operation's input. The emulator validates every request against
 * these, so its checks and the contract test (emulator/__tests__/aws-model.contract.test.ts) read one source.
 */

export const CONNECT = { model: connectJson as unknown as SmithyModel, namespace: "com.amazonaws.connect" };
export const SMS = { model: smsJson as unknown as SmithyModel, namespace: "com.amazonaws.pinpointsmsvoicev2" };

export type Service = typeof CONNECT;

export function inputShapeId(service: Service, operation: string): string {
  return operationShape(service.model, service.namespace, operation).input!.target;
}

/** awsJson1_0: the body is the input. */
export function jsonViolations(service: Service, operation: string, body: Record<string, unknown>): Violation[] {
  return structureViolations(service.model, inputShapeId(service, operation), body);
}

export interface RestRequest {
  /** Path labels in the order the operation's URI names them, percent-decoded. */
  labels: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** restJson1: the input gathered from the URI labels, the query string and the body, as the model binds them. */
export function restInput(service: Service, operation: string, request: RestRequest): Record<string, unknown> {
  const op = operationShape(service.model, service.namespace, operation);
  const uri = (op.traits?.[TRAIT.http] as { uri: string }).uri;
  const labelNames = [...uri.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]);
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shapeOf(service.model, op.input!.target).members ?? {})) {
    const traits = ref.traits ?? {};
    const queryName = traits[TRAIT.httpQuery] as string | undefined;
    if (traits[TRAIT.httpLabel] !== undefined) input[name] = request.labels[labelNames.indexOf(name)];
    else if (queryName !== undefined) input[name] = queryValue(service, ref.target, request.query, queryName);
    else input[name] = request.body[name];
  }
  return input;
}

function queryValue(service: Service, target: string, query: URLSearchParams, name: string): unknown {
  const type = shapeOf(service.model, target).type;
  if (type === "list") return query.has(name) ? query.getAll(name) : undefined;
  const raw = query.get(name) ?? undefined;
  // A number that does not parse stays a string, so the check reports it as the wrong type.
  if ((type === "integer" || type === "long") && raw !== undefined && /^-?\d+$/.test(raw)) return Number(raw);
  return raw;
}

export function restViolations(service: Service, operation: string, request: RestRequest): Violation[] {
  return structureViolations(service.model, inputShapeId(service, operation), restInput(service, operation, request));
}

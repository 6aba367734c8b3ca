import { randomUUID } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { ServiceError } from "../state/errors";

export interface CallContext {
  accountId: string;
  region: string;
}

export const DEFAULT_ACCOUNT = "123456789012";

/**
 * The account and region a signed request is for: the region from the SigV4 credential scope, the account from
 * an access key id of twelve digits (as moto does), else the emulator's default account.
 */
export function callContext(req: IncomingMessage, defaults: CallContext): CallContext {
  const auth = req.headers.authorization ?? "";
  const m = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\//.exec(auth);
  return {
    accountId: m && /^\d{12}$/.test(m[1]) ? m[1] : defaults.accountId,
    region: m?.[2] ?? defaults.region,
  };
}

/** The emulator's clock, as AWS's Date header: clients take the service's time from it. */
function serverDate(res: ServerResponse): string {
  const now = (res.req as IncomingMessage & { emulatorNow?: number }).emulatorNow;
  return new Date(now ?? Date.now()).toUTCString();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    date: serverDate(res),
    "content-type": contentType,
    "x-amzn-RequestId": randomUUID(),
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Errors in the form the SDK parses: status, `x-amzn-ErrorType`, and a body with `__type` and the message. */
export function sendError(res: ServerResponse, err: ServiceError, contentType = "application/json"): void {
  const body = { __type: err.type, Message: err.message, message: err.message, ...err.extra };
  const text = JSON.stringify(body);
  res.writeHead(err.status, {
    date: serverDate(res),
    "content-type": contentType,
    "x-amzn-ErrorType": err.type,
    "x-amzn-RequestId": randomUUID(),
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function notImplemented(method: string, path: string): ServiceError {
  return new ServiceError(
    "NotYetImplemented",
    404,
    `The connect-numbers emulator does not implement ${method} ${path}. Implemented: Claim/Release/Describe/Update/UpdatePhoneNumberMetadata, ListPhoneNumbers(V2), SearchAvailablePhoneNumbers, tags, contact-flow association, CloudTrail LookupEvents, Service Quotas Get/ListServiceQuota(s).`,
  );
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError("SerializationException", 400, "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError("SerializationException", 400, "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

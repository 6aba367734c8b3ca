import { randomUUID } from "node:crypto";
import { Violation, describeViolations } from "../aws-model/validate";
import { ServiceError } from "../state/errors";

/**
 * Errors as SMS and voice v2 reports them. The model gives its error shapes no httpError trait, so awsJson1_0's
 * defaults apply: 400 for client faults, 500 for server faults. [U] AWS does not document the real status codes.
 */

export interface FieldProblem {
  Name: string;
  Message: string;
}

export const validation = (reason: string, message: string, fields: FieldProblem[] = []) =>
  new ServiceError("ValidationException", 400, message, {
    Reason: reason,
    ...(fields.length > 0 ? { Fields: fields } : {}),
  });

/** Requests that break the model: MISSING_PARAMETER when a required member is absent, else FIELD_VALIDATION_FAILED. */
export const modelViolation = (violations: Violation[]) =>
  validation(
    violations.some((x) => x.constraint === "required") ? "MISSING_PARAMETER" : "FIELD_VALIDATION_FAILED",
    describeViolations(violations),
    violations.map((x) => ({ Name: x.path, Message: x.message })),
  );

export const conflict = (reason: string | undefined, message: string, resourceType: string, resourceId: string) =>
  new ServiceError("ConflictException", 400, message, {
    ...(reason ? { Reason: reason } : {}),
    ResourceType: resourceType,
    ResourceId: resourceId,
  });

export const notFound = (resourceType: string, resourceId: string) =>
  new ServiceError(
    "ResourceNotFoundException",
    400,
    `The ${resourceType} ${resourceId} does not exist in this account and region.`,
    {
      ResourceType: resourceType,
      ResourceId: resourceId,
    },
  );

export const quotaExceeded = (reason: string, message: string) =>
  new ServiceError("ServiceQuotaExceededException", 400, message, { Reason: reason });

export const throttled = () =>
  new ServiceError("ThrottlingException", 400, "Rate exceeded: 1 request per second per operation by default.");

/**
 * The emulator's fault kinds are written in Connect's terms (InternalServiceException, 403 AccessDenied, 429
 * Throttling); SMS and voice v2 names and codes them its own way.
 */
export function smsFlavour(e: ServiceError): ServiceError {
  switch (e.type) {
    case "ThrottlingException":
      return new ServiceError("ThrottlingException", 400, e.message);
    case "InternalServiceException":
      return new ServiceError("InternalServerException", 500, e.message, { RequestId: randomUUID() });
    case "AccessDeniedException":
      return new ServiceError(
        "AccessDeniedException",
        400,
        e.message.replace(/connect:(PinpointSMSVoiceV2\.)?/, "sms-voice:"),
      );
    default:
      return e;
  }
}

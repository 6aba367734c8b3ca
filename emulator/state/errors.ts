/** An error as Connect (or CloudTrail, Service Quotas) reports it: the wire layer turns it into status + type. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = type;
  }
}

export const invalidParameter = (message: string) => new ServiceError("InvalidParameterException", 400, message);
export const invalidRequest = (message: string) => new ServiceError("InvalidRequestException", 400, message);
export const notFound = (message: string) => new ServiceError("ResourceNotFoundException", 404, message);
export const idempotencyMismatch = (token: string) =>
  new ServiceError("IdempotencyException", 409, `ClientToken ${token} was already used with different parameters.`);
export const resourceInUse = (message: string, resourceType: string, resourceId: string) =>
  new ServiceError("ResourceInUseException", 409, message, { ResourceType: resourceType, ResourceId: resourceId });
export const throttling = (message = "Rate exceeded") => new ServiceError("ThrottlingException", 429, message);

import { ValidationFailure, failure } from "./failure";

export type ConnectTargetKind = "instance" | "traffic-distribution-group";

export interface ConnectTarget {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  kind: ConnectTargetKind;
  /** The instance id, or the traffic distribution group id. */
  id: string;
}

// arn:PARTITION:connect:REGION:ACCOUNT:instance/ID  or  …:traffic-distribution-group/ID
const TARGET_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso(?:-[a-z])?):connect:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):(instance|traffic-distribution-group)\/([A-Za-z0-9-]{1,100})$/;
const INSTANCE_ID = /^[A-Za-z0-9-]{1,100}$/;

export function parseTargetArn(value: string): ConnectTarget | undefined {
  const m = TARGET_ARN.exec(value);
  if (!m) return undefined;
  return { arn: value, partition: m[1], region: m[2], accountId: m[3], kind: m[4] as ConnectTargetKind, id: m[5] };
}

export function validateTargetArn(property: string, value: unknown): ValidationFailure | ConnectTarget {
  const parsed = typeof value === "string" ? parseTargetArn(value) : undefined;
  if (parsed) return parsed;
  const looksLikeId = typeof value === "string" && INSTANCE_ID.test(value);
  return failure(
    property,
    value,
    "is not the ARN of a Connect instance or traffic distribution group",
    looksLikeId
      ? "That looks like an instance id: pass it as instanceId, or give the full ARN arn:aws:connect:REGION:ACCOUNT:instance/ID."
      : "Use arn:aws:connect:REGION:ACCOUNT:instance/ID or arn:aws:connect:REGION:ACCOUNT:traffic-distribution-group/ID.",
  );
}

export function validateInstanceId(property: string, value: unknown): ValidationFailure | undefined {
  if (typeof value === "string" && INSTANCE_ID.test(value)) return undefined;
  return failure(
    property,
    value,
    "is not a Connect instance id",
    typeof value === "string" && value.startsWith("arn:")
      ? "That is an ARN: pass it as targetArn."
      : "Use the id at the end of the instance ARN (1 to 100 letters, digits and dashes).",
  );
}

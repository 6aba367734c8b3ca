import { lookupEvents } from "../state/cloudtrail";
import { getServiceQuota, listServiceQuotas } from "../state/service-quotas";
import { ServiceError } from "../state/errors";
import { EmulatorStore } from "../state/store";
import { getResources } from "../state/tagging";
import { CallContext } from "./respond";

type Handler = (store: EmulatorStore, ctx: CallContext, body: Record<string, unknown>) => unknown;

/** awsJson1_1 services on the same port, routed by X-Amz-Target. */
const TARGETS: Record<string, Record<string, Handler>> = {
  CloudTrail_20131101: { LookupEvents: lookupEvents },
  ServiceQuotasV20190624: { GetServiceQuota: getServiceQuota, ListServiceQuotas: listServiceQuotas },
  ResourceGroupsTaggingAPI_20170126: { GetResources: getResources },
};

/** Each service's prefix of IAM actions, which its AccessDenied names (cloudtrail:LookupEvents, not connect:). */
const IAM_PREFIX: Record<string, string> = {
  CloudTrail_20131101: "cloudtrail",
  ServiceQuotasV20190624: "servicequotas",
  ResourceGroupsTaggingAPI_20170126: "tag",
};

/**
 * Resolves `Service.Operation`, accepting the legacy long prefix
 * (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents) too. `flavour` words an injected fault
 * (written in Connect's terms, emulator/control/faults.ts) as this service's.
 */
export function resolveTarget(
  header: string,
): { operation: string; handler: Handler; flavour: (e: ServiceError) => ServiceError } | undefined {
  const parts = header.split(".");
  const operation = parts[parts.length - 1];
  const service = parts[parts.length - 2];
  const handler = service ? TARGETS[service]?.[operation] : undefined;
  if (!handler) return undefined;
  const prefix = IAM_PREFIX[service];
  const flavour = (e: ServiceError) =>
    e.type === "AccessDeniedException"
      ? new ServiceError(e.type, e.status, e.message.replace(/\bconnect:/, `${prefix}:`), e.extra)
      : e;
  return { operation, handler, flavour };
}

import { lookupEvents } from "../state/cloudtrail";
import { getServiceQuota, listServiceQuotas } from "../state/service-quotas";
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

/**
 * Resolves `Service.Operation`, accepting the legacy long prefix
 * (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents) too.
 */
export function resolveTarget(header: string): { operation: string; handler: Handler } | undefined {
  const parts = header.split(".");
  const operation = parts[parts.length - 1];
  const service = parts[parts.length - 2];
  const handler = service ? TARGETS[service]?.[operation] : undefined;
  return handler ? { operation, handler } : undefined;
}

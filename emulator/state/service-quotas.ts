import { ServiceError } from "./errors";
import { instanceQuotaOf } from "./model";
import { CallContext, EmulatorStore } from "./store";

export const PHONE_NUMBER_QUOTA_CODE = "L-8F812903";

const RATE_QUOTAS: Array<[code: string, name: string]> = [
  ["L-21385E28", "Rate of ClaimPhoneNumber API requests"],
  ["L-91A40F24", "Rate of ReleasePhoneNumber API requests"],
  ["L-34F440B5", "Rate of DescribePhoneNumber API requests"],
];

/** `contextId`: an instance ARN, whose own "Phone numbers per instance" is answered (a resource-level quota). */
function quotas(store: EmulatorStore, ctx: CallContext, contextId?: string) {
  const arn = (code: string) => `arn:aws:servicequotas:${ctx.region}:${ctx.accountId}:connect/${code}`;
  return [
    {
      ServiceCode: "connect",
      ServiceName: "Amazon Connect",
      QuotaArn: arn(PHONE_NUMBER_QUOTA_CODE),
      QuotaCode: PHONE_NUMBER_QUOTA_CODE,
      QuotaName: "Phone numbers per instance",
      Value: instanceQuotaOf(store.settings, contextId),
      Unit: "None",
      Adjustable: true,
      GlobalQuota: false,
      QuotaAppliedAtLevel: "RESOURCE",
    },
    ...RATE_QUOTAS.map(([code, name]) => ({
      ServiceCode: "connect",
      ServiceName: "Amazon Connect",
      QuotaArn: arn(code),
      QuotaCode: code,
      QuotaName: name,
      Value: 2,
      Unit: "None",
      Adjustable: true,
      GlobalQuota: false,
      QuotaAppliedAtLevel: "ACCOUNT",
    })),
  ];
}

/** The account's Connect quotas: the only service this emulator knows. */
function connectQuotas(store: EmulatorStore, ctx: CallContext, body: Record<string, unknown>) {
  if (body.ServiceCode !== "connect")
    throw new ServiceError(
      "NoSuchResourceException",
      400,
      `Service ${String(body.ServiceCode)} is not known to this emulator.`,
    );
  return quotas(store, ctx, typeof body.ContextId === "string" ? body.ContextId : undefined);
}

export function getServiceQuota(store: EmulatorStore, ctx: CallContext, body: Record<string, unknown>) {
  const quota = connectQuotas(store, ctx, body).find((q) => q.QuotaCode === body.QuotaCode);
  if (!quota)
    throw new ServiceError(
      "NoSuchResourceException",
      400,
      `Quota ${String(body.QuotaCode)} does not exist for connect.`,
    );
  return { Quota: quota };
}

export function listServiceQuotas(store: EmulatorStore, ctx: CallContext, body: Record<string, unknown>) {
  return { Quotas: connectQuotas(store, ctx, body) };
}

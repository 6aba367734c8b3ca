import { serviceQuotasSdk } from "./sdk";
import type { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";

export const PHONE_NUMBER_QUOTA_CODE = "L-8F812903";

/** Service Quotas "Phone numbers per instance" (resource level: ContextId is the instance ARN where given). */
export async function readPhoneNumberQuota(client: ServiceQuotasClient, instanceArn?: string): Promise<number> {
  const res = await client.send(
    new serviceQuotasSdk.GetServiceQuotaCommand({
      ServiceCode: "connect",
      QuotaCode: PHONE_NUMBER_QUOTA_CODE,
      ContextId: instanceArn,
    }),
  );
  const value = res.Quota?.Value;
  if (value === undefined || !Number.isFinite(value))
    throw new Error(`Service Quotas returned no value for connect ${PHONE_NUMBER_QUOTA_CODE}`);
  return Math.floor(value);
}

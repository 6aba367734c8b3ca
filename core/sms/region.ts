import { isUnknown } from "../unknown";
import { AWS_REGION_PATTERN, connectChannelRegion, parseSmsArn } from "./arn";

/** The inputs of an SMS origination number that can name its region: the region itself, or an ARN. */
export interface SmsRegionInputs {
  region?: string;
  phoneNumberId?: string;
  poolId?: string;
  optOutListName?: string;
  registrationId?: string;
  twoWayChannelArn?: string;
}

/** Inputs that may carry an ARN, and so a region. */
const ARN_INPUTS = ["phoneNumberId", "poolId", "optOutListName", "registrationId"] as const;

/** Every region the inputs name, by the input that names it. */
export function regionsNamed(i: SmsRegionInputs): Array<{ property: string; region: string }> {
  const out: Array<{ property: string; region: string }> = [];
  if (typeof i.region === "string" && !isUnknown(i.region)) out.push({ property: "region", region: i.region });
  for (const key of ARN_INPUTS) {
    const v = i[key];
    const region = typeof v === "string" ? parseSmsArn(v)?.region : undefined;
    if (region) out.push({ property: key, region });
  }
  const channel =
    typeof i.twoWayChannelArn === "string"
      ? (connectChannelRegion(i.twoWayChannelArn) ?? arnRegion(i.twoWayChannelArn))
      : undefined;
  if (channel) out.push({ property: "twoWayChannelArn", region: channel });
  return out;
}

function arnRegion(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region && AWS_REGION_PATTERN.test(region) ? region : undefined;
}

/** The region a number lives in: the explicit input, else one its ARNs name, else the provider's default. */
export function regionOf(i: SmsRegionInputs, fallback: string | undefined): string | undefined {
  return regionsNamed(i).find((r) => r.property !== "twoWayChannelArn")?.region ?? fallback;
}

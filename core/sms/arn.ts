/** `sms-voice` resource ARNs: arn:PARTITION:sms-voice:REGION:ACCOUNT:(phone-number|pool|…)/ID. */
export interface SmsArn {
  partition: string;
  region: string;
  accountId: string;
  resourceType: string;
  id: string;
}

const SMS_ARN = /^arn:(aws[a-z-]*):sms-voice:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([a-z-]+)\/([A-Za-z0-9_-]+)$/;
export const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function parseSmsArn(text: string): SmsArn | undefined {
  const m = SMS_ARN.exec(text);
  return m ? { partition: m[1], region: m[2], accountId: m[3], resourceType: m[4], id: m[5] } : undefined;
}

/** The bare id of an id-or-ARN, so `phone-…` and its ARN compare equal. */
export function smsIdOf(idOrArn: string): string {
  return parseSmsArn(idOrArn)?.id ?? idOrArn;
}

/** The two-way destination that routes inbound SMS to Amazon Connect in a region (UpdatePhoneNumber TwoWayChannelArn). */
export function connectTwoWayChannel(region: string): string {
  return `connect.${region}.amazonaws.com`;
}

/** The region a `connect.<region>.amazonaws.com` channel names; undefined for an ARN or anything else. */
export function connectChannelRegion(channel: string): string | undefined {
  const m = /^connect\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com$/.exec(channel);
  return m?.[1];
}

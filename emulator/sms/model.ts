/**
 * End User Messaging SMS and voice v2 (pinpoint-sms-voice-v2) state: plain JSON, kept per account and region in
 * the emulator's StateDocument beside Connect's (Partition.sms), so it persists and resets with the rest.
 */

export type SmsNumberStatus = "PENDING" | "ACTIVE" | "ASSOCIATING" | "DISASSOCIATING" | "DELETED";
export type RequestableNumberType = "LONG_CODE" | "TOLL_FREE" | "TEN_DLC" | "SIMULATOR";

export interface SmsRateLimit {
  ratePerSecond: number;
  burst: number;
}

export interface SmsSettings {
  /**
   * How long a requested number stays PENDING, per type. [U] AWS documents PENDING → ACTIVE without durations;
   * Terraform's PR #49485 says TEN_DLC and TOLL_FREE numbers "can remain PENDING for days to weeks", and SIMULATOR
   * numbers provision at once (go-to-k/cdkd #1320). Assumed: LONG_CODE and SIMULATOR at once, the others 3 days.
   */
  pendingMs: Record<RequestableNumberType, number>;
  /** [U] How long a released number stays DISASSOCIATING before DELETED (Terraform waits on DISASSOCIATING). */
  releaseMs: number;
  /** [U] How long a DELETED number is still answered by DescribePhoneNumbers (Terraform treats DELETED as gone). */
  deletedVisibleMs: number;
  /** DescribeAccountLimits PHONE_NUMBERS Max. [U] AWS does not publish the default; assumed 20. */
  phoneNumberLimit: number;
  /** DescribeAccountLimits POOLS Max. [U] assumed 10. */
  poolLimit: number;
  /**
   * Per operation, account and region. AWS's quotas page: nearly every v2 operation defaults to 1 request/second;
   * [U] the rows for the phone-number operations were not found, and the burst is not published (assumed 1).
   * null turns it off.
   */
  rateLimit: SmsRateLimit | null;
  /** [U] AWS documents no ClientToken lifetime; assumed 24 h, like the emulator's Connect tokens. */
  idempotencyTtlMs: number;
}

const DAY_MS = 86_400_000;

export const DEFAULT_SMS_SETTINGS: SmsSettings = {
  pendingMs: { LONG_CODE: 0, SIMULATOR: 0, TOLL_FREE: 3 * DAY_MS, TEN_DLC: 3 * DAY_MS },
  releaseMs: 60_000,
  deletedVisibleMs: DAY_MS,
  phoneNumberLimit: 20,
  poolLimit: 10,
  rateLimit: { ratePerSecond: 1, burst: 1 },
  idempotencyTtlMs: DAY_MS,
};

export function smsSettingsOf(partial: Partial<SmsSettings> | undefined): SmsSettings {
  return {
    ...DEFAULT_SMS_SETTINGS,
    ...(partial ?? {}),
    pendingMs: { ...DEFAULT_SMS_SETTINGS.pendingMs, ...(partial?.pendingMs ?? {}) },
  };
}

export interface SmsNumber {
  id: string;
  arn: string;
  phoneNumber: string;
  status: SmsNumberStatus;
  isoCountryCode: string;
  messageType: string;
  numberCapabilities: string[];
  numberType: string;
  monthlyLeasingPrice: string;
  twoWayEnabled: boolean;
  twoWayChannelArn?: string;
  twoWayChannelRole?: string;
  selfManagedOptOutsEnabled: boolean;
  optOutListName: string;
  internationalSendingEnabled: boolean;
  deletionProtectionEnabled: boolean;
  poolId?: string;
  registrationId?: string;
  tags: Record<string, string>;
  createdAt: number;
  /** PENDING ends here. */
  activatesAt?: number;
  /** DISASSOCIATING ends here, and DELETED begins. */
  deletedAt?: number;
  /** The Connect number it was imported as (ImportPhoneNumber); live only while that number exists. */
  importedAs?: string;
}

export interface SmsPool {
  id: string;
  arn: string;
  status: "CREATING" | "ACTIVE" | "DELETING";
  messageType: string;
  twoWayEnabled: boolean;
  twoWayChannelArn?: string;
  selfManagedOptOutsEnabled: boolean;
  optOutListName: string;
  sharedRoutesEnabled: boolean;
  deletionProtectionEnabled: boolean;
  tags: Record<string, string>;
  createdAt: number;
  /** Number ids, in the order they joined. */
  identities: string[];
  isoCountryCode?: string;
}

export interface SmsEvent {
  at: number;
  action: "request" | "release";
  phoneNumberId: string;
  phoneNumber: string;
  clientToken?: string;
}

export interface SmsIdempotencyRecord {
  operation: string;
  token: string;
  fingerprint: string;
  response: unknown;
  at: number;
}

/** One account in one region. */
export interface SmsPartition {
  numbers: SmsNumber[];
  pools: SmsPool[];
  idempotency: SmsIdempotencyRecord[];
  /** Every number requested and every release, in order: what tests count. */
  events: SmsEvent[];
  /** E.164 numbers released here: AWS says you "won't be able to obtain the same number again". */
  released: string[];
  counter: number;
}

export function emptySmsPartition(): SmsPartition {
  return { numbers: [], pools: [], idempotency: [], events: [], released: [], counter: 0 };
}

/** The emulator's whole state: plain JSON, so it can be written to a file and read back. */

import type { SmsPartition, SmsSettings } from "../sms/model";

export type NumberStatus = "CLAIMED" | "IN_PROGRESS" | "FAILED";

export interface EmulatorSettings {
  /** Service Quotas L-8F812903 "Phone numbers per instance": the account's default. */
  quota: number;
  /**
   * L-8F812903 of an instance whose own was raised or lowered (a resource-level quota), by instance ARN: what
   * GetServiceQuota answers with that ARN as ContextId, and the limit its claims meet. Others have `quota`.
   */
  instanceQuotas?: Record<string, number>;
  /** Claims + releases in the window may not exceed ratioPercent of the quota. */
  ratioPercent: number;
  windowDays: number;
  /** How long a released number stays out of the pool. */
  cooldownDays: number;
  /** How long a claim or move stays IN_PROGRESS. */
  claimDelayMs: number;
  /** How long a ClientToken is remembered. */
  idempotencyTtlMs: number;
  /** How a claim refused by the churn rule surfaces: at once as an error, or as a claim that turns FAILED. */
  blockedClaim: "error" | "failed";
  /** Whether a claim that ends FAILED still counts as churn (AWS does not say; conservative default). */
  countFailedClaims: boolean;
  /** CloudTrail LookupEvents answers for this many days back. */
  cloudTrailDays: number;
  seed: number;
  /** End User Messaging SMS and voice v2 (emulator/sms/model.ts); unset keys take DEFAULT_SMS_SETTINGS. */
  sms?: Partial<SmsSettings>;
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  quota: 5,
  ratioPercent: 200,
  windowDays: 180,
  cooldownDays: 180,
  claimDelayMs: 200,
  idempotencyTtlMs: 24 * 3_600_000,
  blockedClaim: "error",
  countFailedClaims: true,
  cloudTrailDays: 90,
  seed: 1,
};

/** The "Phone numbers per instance" AWS applies to this instance (its own where set, else the account's default). */
export function instanceQuotaOf(settings: EmulatorSettings, instanceArn: string | undefined): number {
  return (instanceArn !== undefined ? settings.instanceQuotas?.[instanceArn] : undefined) ?? settings.quota;
}

export interface Target {
  arn: string;
  id: string;
  kind: "instance" | "traffic-distribution-group";
  name: string;
}

export interface ClaimedNumber {
  id: string;
  arn: string;
  phoneNumber: string;
  countryCode: string;
  type: string;
  description?: string;
  targetArn: string;
  tags: Record<string, string>;
  status: NumberStatus;
  statusMessage?: string;
  /** When IN_PROGRESS ends; then `pendingOutcome` applies. */
  settlesAt?: number;
  pendingOutcome?: { status: "CLAIMED" | "FAILED"; message?: string; targetArn?: string };
  /**
   * This record is a claim (or import) that failed, or is failing: it holds no place, is the account's to retry for a
   * day, then leaves it. A FAILED move (UpdatePhoneNumber) is not: its number is still held, on its old target.
   */
  failedClaim?: true;
  flowId?: string;
  claimedAt: number;
  /** Set by ImportPhoneNumber: the SMS and voice v2 number this Connect number was imported from. */
  sourcePhoneNumberArn?: string;
}

export interface ChurnRecord {
  eventId: string;
  at: number;
  action: "claim" | "release" | "import";
  /** Absent for a seeded event that names no number (an outside release nobody recorded the details of). */
  phoneNumber?: string;
  phoneNumberId?: string;
  targetArn: string;
  clientToken?: string;
}

export interface CooldownEntry {
  phoneNumber: string;
  until: number;
}

export interface IdempotencyRecord {
  operation: string;
  token: string;
  fingerprint: string;
  response: unknown;
  at: number;
}

/** One account in one region. */
export interface Partition {
  accountId: string;
  region: string;
  targets: Target[];
  numbers: ClaimedNumber[];
  events: ChurnRecord[];
  cooldown: CooldownEntry[];
  idempotency: IdempotencyRecord[];
  /** Numbers someone else holds: never offered, never claimable. */
  takenElsewhere: string[];
  /** How many numbers have been handed out, for deterministic ids. */
  counter: number;
  /** SMS and voice v2 origination numbers and pools; absent in state files written before they were emulated. */
  sms?: SmsPartition;
}

export interface StateDocument {
  version: 1;
  settings: EmulatorSettings;
  clock: { offsetMs: number; frozenAt?: number };
  partitions: Partition[];
}

/** A number whose claim failed holds no place; one whose move failed still holds its old one. */
export const isFailedClaim = (n: ClaimedNumber) => n.status === "FAILED" && n.failedClaim === true;

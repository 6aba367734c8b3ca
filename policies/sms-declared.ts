import type { PolicyResource } from "@pulumi/policy";
import { PULUMI_AWS_SMS_NUMBER_TYPE, SMS_NUMBER_TYPE, SmsForcingInputs, smsIdOf } from "../core/sms";
import { regionOf } from "../core/sms";
import { ownerKeysOf } from "./declared";
import { read, readBoolean, readString } from "./props";

/** The inputs that decide which SMS number a resource holds (provider/sms/diff.ts replaces on each). */
export const SMS_FORCING = ["isoCountryCode", "messageType", "numberCapabilities", "numberType", "registrationId", "phoneNumberId", "region"] as const;
export type SmsForcing = (typeof SMS_FORCING)[number];

/** Inputs that may name the number's region: its own, or an ARN's (provider/sms/shape.ts regionOf). */
const REGION_INPUTS = ["region", "phoneNumberId", "poolId", "optOutListName", "registrationId"] as const;

/** An SMS origination number the new program declares, read without touching unknowns. */
/** The number-forcing inputs (core/sms.ts) as the program gives them, each possibly unset. */
export interface DeclaredSms extends Partial<SmsForcingInputs> {
  urn: string;
  name: string;
  kind: "connect-numbers" | "pulumi-aws";
  /** ownerKey of the URN and of each alias URN (core/owner.ts), as for Connect numbers. */
  ownerKeys: string[];
  /** Adopt this number (bare id), an input. */
  phoneNumberId?: string;
  /** Known only when the program gives it: else the delete's own state decides, which CrossGuard does not show. */
  forceDisassociate?: boolean;
  deletionProtectionEnabled?: boolean;
  /**
   * The number an unchanged resource holds (its outputs: CrossGuard shows outputs only for resources the plan
   * leaves as they are). Such a resource is neither replaced nor requesting.
   */
  holds?: string;
  /** Number-forcing inputs not known at preview. */
  unknown: SmsForcing[];
  /** Inputs the resource's ignoreChanges option keeps from forcing anything. */
  ignored: string[];
  /** pulumi-aws: the resource exists already (its ARN output is known). */
  exists?: boolean;
}

export function declaredSmsNumbers(resources: readonly PolicyResource[]): DeclaredSms[] {
  const out: DeclaredSms[] = [];
  for (const r of resources) {
    if (r.type === SMS_NUMBER_TYPE) out.push(ours(r, ownerKeysOf(r)));
    else if (r.type === PULUMI_AWS_SMS_NUMBER_TYPE) out.push(pulumiAws(r, ownerKeysOf(r)));
  }
  return out;
}

function ours(r: PolicyResource, ownerKeys: string[]): DeclaredSms {
  const unknown: SmsForcing[] = [];
  const str = (key: SmsForcing) => {
    const v = readString(r.props, key);
    if (!v.known) unknown.push(key);
    return v.known ? v.value : undefined;
  };
  // Outputs (an unchanged resource) carry `arn` and `origin`; inputs never do.
  const arn = readString(r.props, "arn");
  const origin = readString(r.props, "origin");
  const unchanged = arn.known && typeof arn.value === "string" && arn.value !== "" && origin.known && typeof origin.value === "string";
  const id = str("phoneNumberId");
  const regionInputs: Record<string, string> = {};
  for (const key of REGION_INPUTS) {
    const v = readString(r.props, key);
    if (!v.known) {
      if (key === "region" || key === "phoneNumberId") pushOnce(unknown, "region");
    } else if (v.value !== undefined) regionInputs[key] = v.value;
  }
  const force = readBoolean(r.props, "forceDisassociate");
  const protection = readBoolean(r.props, "deletionProtectionEnabled");
  return {
    ...identity(r, "connect-numbers", ownerKeys),
    isoCountryCode: str("isoCountryCode"),
    messageType: str("messageType"),
    numberCapabilities: capabilities(r, unknown),
    numberType: str("numberType"),
    registrationId: str("registrationId"),
    phoneNumberId: unchanged || id === undefined ? undefined : smsIdOf(id),
    region: regionOf(regionInputs, undefined),
    forceDisassociate: force.known ? force.value : undefined,
    deletionProtectionEnabled: protection.known ? protection.value : undefined,
    holds: unchanged && id !== undefined ? smsIdOf(id) : undefined,
    unknown,
  };
}

/** pulumi-aws carries no ownership tags of ours: only a new one (no ARN yet) is known to request a number. */
function pulumiAws(r: PolicyResource, ownerKeys: string[]): DeclaredSms {
  const arn = readString(r.props, "arn");
  const protection = readBoolean(r.props, "deletionProtectionEnabled");
  return {
    ...identity(r, "pulumi-aws", ownerKeys),
    deletionProtectionEnabled: protection.known ? protection.value : undefined,
    unknown: [],
    exists: arn.known && typeof arn.value === "string" && arn.value.length > 0,
  };
}

function capabilities(r: PolicyResource, unknown: SmsForcing[]): string[] | undefined {
  const v = read(r.props, "numberCapabilities");
  if (!v.known) {
    unknown.push("numberCapabilities");
    return undefined;
  }
  if (!Array.isArray(v.value)) return undefined;
  const items = v.value.map((_, i) => read(v.value as object, String(i)));
  if (items.some((x) => !x.known)) {
    unknown.push("numberCapabilities");
    return undefined;
  }
  return items.map((x) => String((x as { value: unknown }).value));
}

function identity(r: PolicyResource, kind: DeclaredSms["kind"], ownerKeys: string[]) {
  return { urn: r.urn, name: r.name, kind, ownerKeys, ignored: Array.isArray(r.opts.ignoreChanges) ? [...r.opts.ignoreChanges] : [] };
}

function pushOnce<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}

import type { PolicyResource } from "@pulumi/policy";
import {
  PULUMI_AWS_SMS_NUMBER_TYPE,
  SMS_FORCING_INPUTS,
  SMS_NUMBER_TYPE,
  SmsForcingInput,
  SmsNumberInputs,
  WantedSmsNumber,
  smsIdOf,
  wantedSmsNumber,
} from "../../core/sms";
import { ownerKeysOf } from "../connect/declared";
import { read, readBoolean, readString } from "../props";

/** An SMS origination number the new program declares, read without touching unknowns. */
export interface DeclaredSms {
  urn: string;
  name: string;
  kind: "connect-numbers" | "pulumi-aws";
  /** ownerKey of the URN and of each alias URN (core/owner.ts), as for Connect numbers. */
  ownerKeys: string[];
  /** The number it wants (core/sms), parsed once from its inputs; none for pulumi-aws (no tags of ours). */
  wanted?: WantedSmsNumber;
  /** Known only when the program gives it: else the delete's own state decides, which CrossGuard does not show. */
  forceDisassociate?: boolean;
  deletionProtectionEnabled?: boolean;
  /**
   * The number an unchanged resource holds (its outputs: CrossGuard shows outputs only for resources the plan
   * leaves as they are). Such a resource is neither replaced nor requesting.
   */
  holds?: string;
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
  const unknown: SmsForcingInput[] = [];
  const inputs: SmsNumberInputs = {};
  for (const key of STRING_INPUTS) {
    const v = readString(r.props, key);
    if (!v.known) {
      if ((SMS_FORCING_INPUTS as readonly string[]).includes(key)) unknown.push(key as SmsForcingInput);
    } else if (v.value !== undefined) inputs[key] = v.value;
  }
  const capabilities = read(r.props, "numberCapabilities");
  if (
    !capabilities.known ||
    (Array.isArray(capabilities.value) &&
      capabilities.value.some((_, i) => !read(capabilities.value as object, String(i)).known))
  )
    unknown.push("numberCapabilities");
  else if (Array.isArray(capabilities.value)) inputs.numberCapabilities = capabilities.value.map(String);
  // Outputs (an unchanged resource) carry `arn` and `origin`; inputs never do.
  const arn = readString(r.props, "arn");
  const origin = readString(r.props, "origin");
  const unchanged =
    arn.known && typeof arn.value === "string" && arn.value !== "" && origin.known && typeof origin.value === "string";
  const force = readBoolean(r.props, "forceDisassociate");
  const protection = readBoolean(r.props, "deletionProtectionEnabled");
  const id = inputs.phoneNumberId;
  return {
    ...identity(r, "connect-numbers", ownerKeys),
    wanted: wantedSmsNumber(unchanged ? { ...inputs, phoneNumberId: undefined } : inputs, { unknown }),
    forceDisassociate: force.known ? force.value : undefined,
    deletionProtectionEnabled: protection.known ? protection.value : undefined,
    holds: unchanged && id !== undefined ? smsIdOf(id) : undefined,
  };
}

/** The forcing inputs that are strings (numberCapabilities, a list, is read apart). */
const SMS_FORCING_KEYS = SMS_FORCING_INPUTS.filter(
  (k): k is Exclude<SmsForcingInput, "numberCapabilities"> => k !== "numberCapabilities",
);
/** The string inputs that decide the number or name its region (an ARN's). */
const STRING_INPUTS = [...SMS_FORCING_KEYS, "poolId", "optOutListName"] as const;

/** pulumi-aws carries no ownership tags of ours: only a new one (no ARN yet) is known to request a number. */
function pulumiAws(r: PolicyResource, ownerKeys: string[]): DeclaredSms {
  const arn = readString(r.props, "arn");
  const protection = readBoolean(r.props, "deletionProtectionEnabled");
  return {
    ...identity(r, "pulumi-aws", ownerKeys),
    deletionProtectionEnabled: protection.known ? protection.value : undefined,
    exists: arn.known && typeof arn.value === "string" && arn.value.length > 0,
  };
}

function identity(r: PolicyResource, kind: DeclaredSms["kind"], ownerKeys: string[]) {
  return {
    urn: r.urn,
    name: r.name,
    kind,
    ownerKeys,
    ignored: Array.isArray(r.opts.ignoreChanges) ? [...r.opts.ignoreChanges] : [],
  };
}

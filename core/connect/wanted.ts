import { forcingRule } from "../forcing";
import { TaggedOwnership } from "../owner";
import { isUnknown } from "../unknown";
import { matchesPrefix } from "../validation/phone";
import { phoneNumberIdOf, placeOfArn } from "./arn";

/**
 * The one rule of which Connect number a resource wants, and when the number it holds no longer does: made once from
 * the inputs (the provider's diff and create, the pack and the CLI all parse through `wantedNumber`), then
 * `forcingInputs` names the inputs that force a new number (a claim and a release), like a Terraform ForceNew.
 */

/** The inputs that decide which number a resource holds: a change to one may claim another. */
export const CONNECT_FORCING_INPUTS = [
  "phoneNumber",
  "countryCode",
  "type",
  "prefix",
  "targetArn",
  "instanceId",
  "region",
  "phoneNumberId",
] as const;
export type ConnectForcingInput = (typeof CONNECT_FORCING_INPUTS)[number];

/** specific: claim this E.164; search: claim one the criteria find; adopt: take one the account holds, no claim. */
export type ClaimMode = "specific" | "search" | "adopt";

/** The inputs as a program, a plan or the engine gives them: any may be Pulumi's unknown sentinel. */
export interface ConnectNumberInputs {
  phoneNumber?: string;
  phoneNumberId?: string;
  adopt?: boolean;
  countryCode?: string;
  type?: string;
  prefix?: string;
  targetArn?: string;
  instanceId?: string;
  region?: string;
}

/** The number a resource wants, parsed once. Unknown inputs are listed, never guessed. */
export interface WantedNumber {
  mode: ClaimMode;
  /** adopt: the bare id of the number to adopt. */
  phoneNumberId?: string;
  /** specific, or adopt without an id: the E.164 number. */
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  prefix?: string;
  /** The region the number must live in, when the inputs (or stack config, for an instance id) say. */
  region?: string;
  /** The input a change of region is blamed on. */
  regionInput: "targetArn" | "region";
  /** Inputs not known yet (at preview, computed from other resources): each may force a new number. */
  unknown: readonly ConnectForcingInput[];
}

/**
 * A number the account holds: the one noun for it in every layer. A field the reader does not know is left out
 * (the rule then neither blames nor trusts it).
 */
export interface HeldNumber {
  phoneNumberId: string;
  phoneNumber?: string;
  countryCode?: string;
  type?: string;
  region?: string;
  /** The instance or traffic distribution group it is claimed to. */
  targetArn?: string;
  /** Imported from this End User Messaging SMS number (ImportPhoneNumber): a Connect number all the same. */
  importedFrom?: string;
  /** Who its ownership tags (or the ledger's index) say holds it. */
  owner?: TaggedOwnership;
  /** AWS's PhoneNumberStatus (CLAIMED, IN_PROGRESS, FAILED), where the reader read it: a FAILED claim holds nothing. */
  status?: string;
  /** With status FAILED: "move" when an UpdatePhoneNumber failed (the number is still held); else a claim. */
  failedOperation?: "move";
}

export function claimMode(i: Pick<ConnectNumberInputs, "phoneNumber" | "phoneNumberId" | "adopt">): ClaimMode {
  if (i.phoneNumberId !== undefined || i.adopt === true) return "adopt";
  if (i.phoneNumber !== undefined) return "specific";
  return "search";
}

export interface WantedContext {
  /** Stack config's region: the region of a resource given only an instance id. */
  defaultRegion?: string;
  /** Inputs a reader already knows to be unknown (the pack reads unknowns apart from values). */
  unknown?: readonly ConnectForcingInput[];
}

/**
 * The wanted number of these inputs. The region is the target ARN's, else an adopted ARN's, else the region
 * input, else (for an instance id) stack config's.
 */
export function wantedNumber(inputs: ConnectNumberInputs, context: WantedContext = {}): WantedNumber {
  const unknown = new Set<ConnectForcingInput>(context.unknown ?? []);
  const known = <K extends ConnectForcingInput>(key: K): string | undefined => {
    const v = inputs[key];
    if (isUnknown(v)) unknown.add(key);
    return v === undefined || isUnknown(v) ? undefined : v;
  };
  const phoneNumberId = known("phoneNumberId");
  const targetArn = known("targetArn");
  const explicitRegion = known("region");
  const instanceId = known("instanceId");
  const mode = claimMode({
    phoneNumber: inputs.phoneNumber ?? (unknown.has("phoneNumber") ? "" : undefined),
    phoneNumberId: inputs.phoneNumberId ?? (unknown.has("phoneNumberId") ? "" : undefined),
    adopt: inputs.adopt,
  });
  const region =
    placeOfArn(targetArn)?.region ??
    placeOfArn(phoneNumberId)?.region ??
    explicitRegion ??
    (instanceId !== undefined ? context.defaultRegion : undefined);
  const wanted: WantedNumber = {
    mode,
    phoneNumberId: phoneNumberId === undefined ? undefined : phoneNumberIdOf(phoneNumberId),
    phoneNumber: known("phoneNumber"),
    countryCode: known("countryCode"),
    type: known("type"),
    prefix: known("prefix"),
    region,
    regionInput: inputs.targetArn !== undefined ? "targetArn" : "region",
    unknown: [],
  };
  return { ...wanted, unknown: CONNECT_FORCING_INPUTS.filter((k) => unknown.has(k)) };
}

/**
 * The inputs that force the held number to be replaced: another specific number or adopted id, search criteria the
 * number no longer meets, another region. An unknown input counts as changed; a fact of the held number the reader
 * does not know forces nothing (partial state is read back by an update, never guessed). `ignored` inputs (the
 * resource's ignoreChanges) never force.
 */
export const forcingInputs = forcingRule<HeldNumber, WantedNumber, ConnectForcingInput>(
  (held, wanted, { unknown, add, force }) => {
    const differs = (k: "phoneNumber" | "countryCode" | "type") => held[k] !== undefined && wanted[k] !== held[k];
    if (wanted.mode === "adopt" && (wanted.phoneNumberId !== undefined || unknown("phoneNumberId"))) {
      force("phoneNumberId", wanted.phoneNumberId !== held.phoneNumberId);
    } else if (wanted.mode !== "search") {
      force("phoneNumber", differs("phoneNumber"));
    } else {
      force("countryCode", differs("countryCode"));
      force("type", differs("type"));
      const prefixMissed =
        wanted.prefix !== undefined &&
        held.phoneNumber !== undefined &&
        !matchesPrefix(held.phoneNumber, wanted.prefix);
      force("prefix", prefixMissed);
    }

    // A target unknown at preview may be in another region: counted as a move out of it.
    if (unknown("targetArn")) add("targetArn");
    else if (unknown("region")) add(wanted.regionInput);
    else if (wanted.region !== undefined && held.region !== undefined && wanted.region !== held.region)
      add(wanted.regionInput);
    else if (unknown("instanceId")) add("instanceId");
  },
);

/**
 * Whether the held number is known to satisfy the wanted one: every fact the rule compares is known on both sides
 * and none forces a new number. The provider's create takes such a number rather than claiming another.
 */
export function meets(held: HeldNumber, wanted: WantedNumber): boolean {
  if (wanted.unknown.length > 0) return false;
  if (wanted.region !== undefined && held.region === undefined) return false;
  const compared: Array<keyof HeldNumber> =
    wanted.mode === "search"
      ? ["countryCode", "type", ...(wanted.prefix !== undefined ? (["phoneNumber"] as const) : [])]
      : wanted.phoneNumberId !== undefined
        ? []
        : ["phoneNumber"];
  if (compared.some((k) => held[k] === undefined)) return false;
  return forcingInputs(held, wanted).length === 0;
}

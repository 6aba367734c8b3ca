import { parseUrn } from "../core";
import { SMS_NUMBER_TYPE, SmsDeleteJudgement, SmsNumberRef, judgeSmsDelete, smsIdOf } from "../core/sms";
import { isUnknown } from "../core";
import { inputError } from "./errors";
import { ResourceChange, SourceLine } from "./steps";

/** A number a plan releases from End User Messaging SMS: one per old instance deleted, whatever steps show it. */
export interface SmsReleaseRecord extends SmsNumberRef {
  resource: string;
  type: string;
  /** The old instance's id (or Terraform deposed key). */
  instance: string;
  reason: "delete" | "replace" | "pending-delete";
  /** AWS would refuse this release (deletion protection, a pool): the apply stops there, halfway. */
  refused?: NonNullable<SmsDeleteJudgement["refused"]>;
  source?: SourceLine;
}

/** A resource that requests a new SMS number (RequestPhoneNumber); adopting or importing one requests nothing. */
export interface SmsRequestRecord {
  resource: string;
  type: string;
  /** The old instance it replaces, for a replacement. */
  replaces?: string;
  source?: SourceLine;
}

export interface BuiltSms {
  releases: SmsReleaseRecord[];
  requests: SmsRequestRecord[];
  /** Resources with a Pulumi `replace` step but none of its replacement steps. */
  hiddenReplacementSteps: string[];
}

/** The step sets of cli/changes.ts, shared so both kinds of number read a plan alike. */
export interface StepRules {
  noChurn: ReadonlySet<string>;
  claims: ReadonlySet<string>;
  releases: ReadonlySet<string>;
  replacementSteps: ReadonlySet<string>;
  terraformKnown: ReadonlySet<string>;
  howTo: string;
}

/** Old-state properties that decide a delete: hidden (a secret) means the delete cannot be judged. */
const DECIDING = [
  "phoneNumber",
  "phone_number",
  "phoneNumberId",
  "id",
  "arn",
  "deletionProtectionEnabled",
  "deletion_protection_enabled",
  "poolId",
  "forceDisassociate",
];

const isHidden = (v: unknown) => isUnknown(v) || v === "[secret]";

/** The resource's own name for messages: a Pulumi URN's name, a Terraform address without its type (as in HCL). */
function nameOf(change: ResourceChange): string {
  if (change.format === "pulumi") return parseUrn(change.address)?.name ?? change.address;
  return change.address.startsWith(`${change.type}.`) ? change.address.slice(change.type.length + 1) : change.address;
}

/**
 * SMS origination numbers in a plan (OriginationNumber, pulumi-aws Smsvoicev2PhoneNumber, Terraform
 * aws_pinpointsmsvoicev2_phone_number): which numbers it releases and requests, read like Connect's (one per
 * instance, replacements paired, pending deletes and deposed objects counted), and whether AWS would refuse each
 * release (core/sms.ts judgeSmsDelete, the provider's own rule). They are listed apart from Connect's numbers: no
 * churn quota is documented for them. A delete whose number or protection cannot be read is an error.
 */
export class SmsPlanBuilder {
  private readonly releases = new Map<string, SmsReleaseRecord>();
  private readonly requests = new Map<string, SmsRequestRecord>();
  private readonly ops = new Map<string, Set<string>>();
  private readonly replaced = new Map<string, string>();
  /** OriginationNumber resources whose new inputs adopt a number by id: a replacement that keeps that id hands it over. */
  private readonly adopts = new Map<string, string>();

  constructor(private readonly rules: StepRules) {}

  add(change: ResourceChange): void {
    const ops = this.ops.get(change.address) ?? new Set<string>();
    this.ops.set(change.address, ops);
    for (const a of change.actions) ops.add(a);
    const adopted = change.type === SMS_NUMBER_TYPE ? change.after?.phoneNumberId : undefined;
    if (typeof adopted === "string" && adopted !== "" && !isHidden(adopted))
      this.adopts.set(change.address, smsIdOf(adopted));
    if (change.format === "pulumi") this.addPulumi(change, change.actions[0]);
    else this.addTerraform(change);
  }

  private addPulumi(change: ResourceChange, op: string): void {
    const r = this.rules;
    if (r.noChurn.has(op)) return;
    if (!r.claims.has(op) && !r.releases.has(op)) {
      throw inputError(
        `unknown Pulumi step op "${op}" on ${change.address}: refusing to count it as no release; expected create, delete, replace, update, same, …`,
      );
    }
    if (op === "replace" || op === "create-replacement") this.replaced.set(change.address, change.oldId ?? "");
    if (r.claims.has(op)) this.request(change);
    if (r.releases.has(op)) this.release(change, op === "delete" ? "delete" : "replace");
  }

  private addTerraform(change: ResourceChange): void {
    for (const a of change.actions) {
      if (!this.rules.terraformKnown.has(a)) {
        throw inputError(
          `unknown Terraform action "${a}" on ${change.address}: refusing to count it as no release; expected create, delete, update, no-op, read, forget`,
        );
      }
    }
    const creates = change.actions.includes("create");
    const deletes = change.actions.includes("delete");
    if (creates && deletes) this.replaced.set(change.address, change.oldId ?? "");
    if (creates && !change.importing) this.request(change);
    if (deletes) this.release(change, creates ? "replace" : "delete");
  }

  private request(change: ResourceChange): void {
    if (!change.after)
      throw inputError(
        `${change.address} is created but the plan has no new state for it, so whether it requests an SMS number cannot be told: ${this.rules.howTo}`,
      );
    const adopting =
      change.type === SMS_NUMBER_TYPE &&
      change.after.phoneNumberId !== undefined &&
      change.after.phoneNumberId !== null;
    if (adopting || this.requests.has(change.address)) return;
    this.requests.set(change.address, { resource: change.address, type: change.type, source: change.source });
  }

  private release(change: ResourceChange, reason: SmsReleaseRecord["reason"]): void {
    const instance = change.oldId ?? "";
    const key = `${change.address}\u0000${instance}`;
    if (this.releases.has(key) || change.retainOnDelete) return;
    const before = change.before ?? {};
    const hidden = DECIDING.filter((k) => isHidden(before[k]));
    if (hidden.length > 0) {
      throw inputError(
        `${change.address} is deleted but its old state hides ${hidden.join(", ")}: whether it releases an SMS number, which one, and whether AWS would refuse cannot be told; ${this.rules.howTo}`,
      );
    }
    const state = change.oldId !== undefined && before.id === undefined ? { ...before, id: change.oldId } : before;
    const judged = judgeSmsDelete({ type: change.type, name: nameOf(change), outputs: state });
    const number = judged?.releases;
    if (!change.before || !number || (number.phoneNumber === undefined && number.phoneNumberId === undefined)) {
      throw inputError(
        `${change.address} is deleted but the plan does not say which SMS number it holds (no phone number or id in its old state): a release that cannot be named cannot be shown; ${this.rules.howTo}`,
      );
    }
    this.releases.set(key, {
      resource: change.address,
      type: change.type,
      ...number,
      instance,
      reason,
      refused: judged.refused,
      source: change.source,
    });
  }

  build(): BuiltSms {
    const releases: SmsReleaseRecord[] = [];
    for (const r of this.releases.values()) {
      const replacedInstance = this.replaced.get(r.resource);
      // As for Connect: a replacement's release of another instance than the one it replaces is a pending delete.
      const reason = r.reason === "replace" && replacedInstance !== r.instance ? "pending-delete" : r.reason;
      // A replacement that adopts the very number its old instance holds takes it over (its lease): the old
      // instance's delete releases nothing, and is refused for nothing.
      if (reason === "replace" && r.phoneNumberId !== undefined && this.adopts.get(r.resource) === r.phoneNumberId)
        continue;
      releases.push({ ...r, reason });
    }
    const requests = [...this.requests.values()].map((q) => ({ ...q, replaces: this.replaced.get(q.resource) }));
    const hiddenReplacementSteps = [...this.ops]
      .filter(([, ops]) => ops.has("replace") && ![...ops].some((o) => this.rules.replacementSteps.has(o)))
      .map(([resource]) => resource);
    return { releases, requests, hiddenReplacementSteps };
  }
}

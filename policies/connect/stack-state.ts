import type { PolicyResource } from "@pulumi/policy";
import {
  AWS_NATIVE_CONNECT_NUMBER_TYPE,
  PULUMI_AWS_CONNECT_NUMBER_TYPE,
  ReleasedNumber,
  phoneNumberIdOf,
} from "../../core";
import {
  ExportedResource,
  PendingNumberDelete,
  pendingNumberDeletes,
  readStackExport,
} from "../../account/stack-export";

/** A number a pulumi-aws or aws-native resource holds in the state. */
export interface ForeignNumber {
  urn: string;
  phoneNumber?: string;
  phoneNumberId: string;
  region?: string;
  retainOnDelete: boolean;
}

/**
 * The numbers that pulumi-aws and aws-native resources hold in the stack's current state, which CrossGuard does not
 * show a pack: a removed resource's delete, and its retainOnDelete. The pack needs them for one question: does
 * a number connect-numbers adopts in this plan belong to one of them, and does that one's delete release it? And the
 * old instances pending delete (`pending`), which the next up releases: a declared resource holding a second number
 * may be one. So the state is read only for a plan that adopts a number, or whose resource holds a second one.
 */
export type StackState =
  { ok: true; numbers: ForeignNumber[]; pending: PendingNumberDelete[] } | { ok: false; reason: string };

/** What a foreign holder of an adopted number does in this plan. */
export interface ForeignHolders {
  /** Removed without retainOnDelete: its provider's delete releases the number (core/pairing.ts pairs it). */
  releasing: ReleasedNumber[];
  /** Removed with retainOnDelete: dropped from the stack, the number kept for the adoption. */
  retained: ForeignNumber[];
}

/** `pulumi stack export` of the stack the engine runs the pack for, from the program's directory. */
export function readStackState(programDir: string | undefined, env: NodeJS.ProcessEnv = process.env): StackState {
  const exported = readStackExport(programDir, env.PULUMI_STACK, env);
  return exported.ok
    ? {
        ok: true,
        numbers: foreignNumbers({ deployment: { resources: exported.resources } }),
        pending: pendingNumberDeletes(exported.resources),
      }
    : { ok: false, reason: exported.reason };
}

/**
 * The pulumi-aws (`arn`, `phoneNumber`) and aws-native (`phoneNumberArn`, `address`) numbers of an export, in the
 * output names declared.ts reads them by; a pending delete (`delete: true`) is an old instance, not a holder.
 */
export function foreignNumbers(exported: { deployment?: { resources?: unknown[] } }): ForeignNumber[] {
  const out: ForeignNumber[] = [];
  for (const r of exported.deployment?.resources ?? []) {
    const res = r as ExportedResource;
    if (typeof res.urn !== "string" || res.delete === true) continue;
    const native = res.type === AWS_NATIVE_CONNECT_NUMBER_TYPE;
    if (res.type !== PULUMI_AWS_CONNECT_NUMBER_TYPE && !native) continue;
    const arn = res.outputs?.[native ? "phoneNumberArn" : "arn"];
    const phoneNumber = res.outputs?.[native ? "address" : "phoneNumber"];
    if (typeof arn !== "string" || !arn.startsWith("arn:")) continue;
    out.push({
      urn: res.urn,
      phoneNumber: typeof phoneNumber === "string" ? phoneNumber : undefined,
      phoneNumberId: phoneNumberIdOf(arn),
      region: arn.split(":")[3] || undefined,
      retainOnDelete: res.retainOnDelete === true,
    });
  }
  return out;
}

/** The state's pulumi-aws / aws-native numbers whose resources the new program no longer declares. */
export function foreignHolders(state: readonly ForeignNumber[], resources: readonly PolicyResource[]): ForeignHolders {
  const declared = new Set(resources.map((r) => r.urn));
  const removed = state.filter((n) => !declared.has(n.urn));
  return {
    releasing: removed
      .filter((n) => !n.retainOnDelete)
      .map((n) => ({ resource: n.urn, phoneNumber: n.phoneNumber, phoneNumberId: n.phoneNumberId, region: n.region })),
    retained: removed.filter((n) => n.retainOnDelete),
  };
}

/**
 * What the state says of the second numbers declared resources hold (`leftBehind`, derive.ts): the old instances
 * pending delete among them, which the next up releases; or, when the state could not be read, one sentence each
 * saying what the pack cannot tell.
 */
export function pendingOfState<N extends { phoneNumber: string }>(
  state: StackState | undefined,
  leftBehind: readonly N[],
  holderOf: (n: N) => string,
): { pending: PendingNumberDelete[]; unseen: string[] } {
  if (leftBehind.length === 0 || state === undefined) return { pending: [], unseen: [] };
  if (state.ok) return { pending: state.pending, unseen: [] };
  return {
    pending: [],
    unseen: leftBehind.map(
      (n) =>
        `${holderOf(n)} holds a second number, ${n.phoneNumber}: if the stack's state holds it pending delete (an earlier replacement or delete that did not finish), ` +
        `the next \`pulumi up\` releases it, and the pack could not read the state to tell (${state.reason}); ` +
        "`connect-numbers check` on `pulumi preview --json --show-replacement-steps` sees it.",
    ),
  };
}

import { Known, parseUrn } from "../../core";
import {
  HeldSmsNumber,
  SMS_NUMBER_TYPE,
  SmsDeleteJudgement,
  SmsForcingInput,
  forcingSmsInputs,
  judgeSmsDelete,
} from "../../core/sms";
import type { PendingNumberDelete } from "../../account/stack-export";
import { urnOfOwner } from "../connect/derive";
import { matchHoldings } from "../holdings";
import { DeclaredSms } from "./declared";

/**
 * An SMS number the account holds in one region, as DescribePhoneNumbers reports it; its owner only when its tags
 * were read (a number an unchanged resource holds needs no read).
 */
export type ListedSms = Known<HeldSmsNumber, "arn" | "phoneNumber" | "region" | "deletionProtectionEnabled">;

/** A number the plan releases from End User Messaging SMS, and whether AWS would refuse it. */
export interface SmsRelease {
  resource: string;
  phoneNumber: string;
  phoneNumberId: string;
  region: string;
  /** "pending-delete": an old instance the stack's state holds pending delete, which the next up releases. */
  reason: "delete" | "replace" | "pending-delete";
  forcedBy?: SmsForcingInput[];
  refused?: NonNullable<SmsDeleteJudgement["refused"]> & {
    /**
     * A pool refusal of a removed resource rests on an assumption: CrossGuard does not show the removed resource's
     * forceDisassociate, with which the delete leaves the pool first. allowReleases naming the number lifts it.
     */
    assumed?: "forceDisassociate";
  };
}

export interface SmsPlan {
  releases: SmsRelease[];
  /** Resources that request a new SMS number (RequestPhoneNumber), with why. */
  requests: Array<{ resource: string; note: string }>;
  /**
   * Second numbers declared resources hold that no pending delete given names: the stack's state tells whether one
   * is an old instance pending delete (policies/connect/stack-state.ts pendingOfState).
   */
  leftBehind: ListedSms[];
}

/**
 * What the plan does to the stack's SMS numbers, from the new program and the numbers the account holds (CrossGuard
 * shows neither deletes nor old state), by the rule the Connect side follows (derive.ts): a held number belongs to
 * the declared resource whose URN or alias URN has its owner key; one no declared resource owns is released; a
 * declared resource whose inputs no longer describe its number replaces it. There is no hand-over: the provider
 * refuses to adopt a number another owner's tags name, so a number adopted from a removed resource is that
 * resource's release. Each release is judged by core/sms.ts judgeSmsDelete over what AWS says now (deletion
 * protection, pool). A declared resource's second number is its old instance's release when the stack's state holds
 * that instance pending delete (`pending`), as `check` reads it from the plan's steps; else no part of the plan.
 */
export function deriveSmsPlan(
  declared: readonly DeclaredSms[],
  listed: readonly ListedSms[],
  stack: string,
  pending: readonly PendingNumberDelete[] = [],
): SmsPlan {
  const byId = new Map(listed.map((n) => [n.phoneNumberId, n]));
  const owned = listed.filter((n) => n.owner?.stack === stack);
  const ours = declared.filter((d) => d.kind === "connect-numbers");
  // An unchanged resource's outputs name its number: no tag needed.
  const { holding, matched, ownedKeys } = matchHoldings(
    ours,
    owned,
    (n, d) => forcing(n, d).length === 0,
    (d) => (d.holds !== undefined ? byId.get(d.holds) : undefined),
  );

  const releases: SmsRelease[] = [];
  const requests: SmsPlan["requests"] = [];
  for (const d of declared) {
    if (d.kind === "pulumi-aws") {
      if (!d.exists)
        requests.push({
          resource: d.urn,
          note: "pulumi-aws Smsvoicev2PhoneNumber without an arn yet; if it is a replacement, its release is not visible to CrossGuard (connect-numbers check on pulumi preview --json sees it)",
        });
      continue;
    }
    const held = holding.get(d);
    if (!held) {
      if (d.wanted?.phoneNumberId === undefined)
        requests.push({
          resource: d.urn,
          note:
            d.wanted !== undefined && d.wanted.unknown.length > 0
              ? `${d.wanted.unknown.join(", ")} unknown until apply`
              : "new",
        });
      continue;
    }
    const forcedBy = forcing(held, d);
    if (forcedBy.length === 0) continue;
    // The old instance's delete runs with its own state; the declared forceDisassociate stands in for it.
    releases.push({ ...release(d.urn, held, "replace", d.forceDisassociate === true), forcedBy });
    if (d.wanted?.phoneNumberId === undefined)
      requests.push({ resource: d.urn, note: `replaces ${held.phoneNumber}: ${forcedBy.join(", ")} changed` });
  }
  const leftBehind: ListedSms[] = [];
  for (const n of owned) {
    if (matched.has(n)) continue;
    if (ownedKeys.has(n.owner!.key)) {
      const old = pending.find((p) => p.phoneNumberId === n.phoneNumberId);
      if (old) releases.push(release(old.urn, n, "pending-delete", undefined));
      else leftBehind.push(n);
      continue;
    }
    releases.push(release(formerOwner(n), n, "delete", undefined));
  }
  return { releases, requests, leftBehind };
}

/** The inputs that make the provider replace the held number (core/sms forcingSmsInputs); an unchanged resource keeps it. */
export function forcing(held: ListedSms, d: DeclaredSms): SmsForcingInput[] {
  return d.holds !== undefined || d.wanted === undefined ? [] : forcingSmsInputs(held, d.wanted, d.ignored);
}

function release(
  resource: string,
  n: ListedSms,
  reason: SmsRelease["reason"],
  forceDisassociate: boolean | undefined,
): SmsRelease {
  const name = parseUrn(resource)?.name ?? resource;
  const outputs = {
    phoneNumber: n.phoneNumber,
    phoneNumberId: n.phoneNumberId,
    arn: n.arn,
    region: n.region,
    deletionProtectionEnabled: n.deletionProtectionEnabled,
    poolId: n.poolId,
    forceDisassociate,
  };
  const judged = judgeSmsDelete({ type: SMS_NUMBER_TYPE, name, outputs });
  const refused = judged?.refused && {
    ...judged.refused,
    ...(judged.refused.reason === "pool" && forceDisassociate === undefined
      ? { assumed: "forceDisassociate" as const }
      : {}),
  };
  return {
    resource,
    phoneNumber: n.phoneNumber,
    phoneNumberId: n.phoneNumberId,
    region: n.region,
    reason,
    ...(refused ? { refused } : {}),
  };
}

function formerOwner(n: ListedSms): string {
  return urnOfOwner(n.owner!) ?? `the owner with key ${n.owner!.key} (${n.phoneNumber})`;
}

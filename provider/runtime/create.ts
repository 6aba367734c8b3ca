import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { randomUUID } from "node:crypto";
import { heldByNumber } from "../../aws/inventory";
import {
  LEGACY_CLAIM_KEY_TAG,
  LEGACY_RESOURCE_TAG,
  TaggedOwnership,
  WRITTEN_OWNERSHIP_TAG_KEYS,
  ownershipFromTags,
  phoneNumberIdOf,
  NumberDeclaration,
  declaredTwiceRefusal,
} from "../../core";
import { resourceName } from "../../core/inputs/connect";
import { PhoneNumberInputs, PhoneNumberOutputs, claimMode } from "../shape";
import { ClaimContext, Claimed, NumberNotAvailableError, claimSearched, claimSpecific } from "./claim";
import { Deployment } from "./deployment";
import { applyInPlace } from "./in-place";
import { ClaimFailedError, Hold, describe, outputsOf, waitSettled } from "./numbers";
import { markFailed, replacedUnderAlias } from "./failed-claims";
import { DescribedHeldNumber, describeHolder, holderOf, meetsInputs, ownedBy, ownerOf } from "./ownership";
import { placeOfInputs } from "./place";
import { statusLines } from "./progress";

/** Thrown after the number is held but a later step failed: Pulumi records the id and these outputs, so nothing leaks. */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

export const labelOf = (i: { ownerUrn?: string; ownerResource?: string }) => `PhoneNumber "${resourceName(i)}"`;

/**
 * Creates the resource: takes a number this owner already holds (an earlier attempt Pulumi never recorded, or the
 * instance a replacement replaces), or hands over a specific number another resource of this stack holds (a rename
 * without alias), or adopts one, and only otherwise claims. Every path ends with the number tagged for this owner
 * and this instance's lease, its description and tags applied, and recorded in the ledger.
 */
export async function create(
  dep: Deployment,
  inputs: PhoneNumberInputs,
): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  const label = labelOf(inputs);
  const place = await placeOfInputs(dep, inputs, label);
  const owner = ownerOf(inputs.ownerUrn, label);
  const ledger = await dep.ledger(place.scope);
  const ctx: ClaimContext = {
    place,
    owner,
    lease: randomUUID(),
    inputs,
    label,
    guard: dep.guard(place.scope, place.session),
    capacity: dep.capacity(place.scope, place.session),
    ledger,
    defaultRegion: dep.regions.defaultRegion,
  };
  if (claimMode(inputs) === "adopt") return adopt(dep, ctx);

  const held = await ownedBy(place, ledger, owner, label);
  const meeting = held.filter((s) => meetsInputs(s, inputs, ctx.defaultRegion));
  // An earlier attempt's number first (else it would leak), then the replaced instance's (a hand-over, no churn).
  const earlier = meeting.find((s) => !dep.isLive(owner.key, s.PhoneNumberId!));
  // An earlier attempt's number is this create's claim, made before a crash: a rename's old number is judged by it.
  if (earlier) noteFreshClaim(dep, ctx, earlier);
  const take = earlier ?? meeting[0];
  if (take) return settle(dep, ctx, take, { origin: "claim" });
  const failed = [...held, ...replacedUnderAlias(dep, owner.key)].find(
    (s) =>
      s.PhoneNumberStatus?.Status === "FAILED" &&
      meetsInputs({ ...s, PhoneNumberStatus: { Status: "CLAIMED" } }, inputs, ctx.defaultRegion),
  );
  const orphan = held.find((s) => s !== failed && !dep.isLive(owner.key, s.PhoneNumberId!));
  if (orphan) return recordOrphan(dep, ctx, orphan);

  const specific = claimMode(inputs) === "specific";
  if (specific) {
    const holder = await holderOf(place, ledger, owner.stack, inputs.phoneNumber!);
    // Another resource's FAILED claim holds nothing to hand over: the claim below is its retry (a rename of it).
    if (holder && !failed && !holder.failedClaim) return handOver(dep, ctx, holder, "claim");
  }
  try {
    // A FAILED claim is retried on the same number: AWS keeps it for this account for a day.
    if (failed || specific)
      return await claimed(
        dep,
        ctx,
        await claimSpecific(ctx, (failed ?? { PhoneNumber: inputs.phoneNumber }).PhoneNumber!),
      );
  } catch (err) {
    if (!(err instanceof NumberNotAvailableError)) throw err;
    if (specific) throw new Error(await notAvailable(dep, ctx, err));
  }
  return claimed(dep, ctx, await claimSearched(ctx, dep.candidates));
}

/** Waits for the claim to settle; FAILED or a timeout keeps the number in state with the error (a partial create). */
async function claimed(
  dep: Deployment,
  ctx: ClaimContext,
  c: Claimed,
): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  noteFreshClaim(dep, ctx, c.summary);
  if (c.earlier) return settle(dep, ctx, c.summary, { origin: "claim", claimGeneration: c.generation });
  const id = c.summary.PhoneNumberId!;
  const holding: Hold = {
    owner: ctx.owner,
    lease: ctx.lease,
    moveCount: 0,
    origin: "claim",
    claimGeneration: c.generation,
  };
  await record(ctx, c.summary);
  try {
    // The describe after the claim may already show it settled: no second describe for what is known.
    const summary =
      c.summary.PhoneNumberStatus?.Status === "CLAIMED"
        ? c.summary
        : await waitSettled(
            ctx.place.session.connect,
            id,
            dep.config.claimTimeoutSeconds,
            ctx.label,
            "claim",
            statusLines(ctx.owner.urn),
          );
    return { id, outs: outputsOf(ctx.inputs, summary, ctx.place, holding) };
  } catch (err) {
    // Claims sent at once into an instance another deployment filled can each end FAILED: each names them all so far.
    const failed =
      err instanceof ClaimFailedError
        ? ctx.capacity.claimFailed(ctx.inputs, err.summary.PhoneNumberStatus?.Message, {
            label: ctx.label,
            phoneNumber: err.summary.PhoneNumber,
          })
        : undefined;
    const summary =
      err instanceof ClaimFailedError
        ? err.summary
        : { ...c.summary, PhoneNumberStatus: { Status: "IN_PROGRESS" as const } };
    // The ownership record written at the claim says FAILED now, so the pack, reading the index without describing,
    // counts the retry the next `up` makes as the claim it is. Not fatal: the refusal below stands either way, and
    // says what the pack may then miss.
    const unrecorded =
      err instanceof ClaimFailedError
        ? (await record(ctx, err.summary).then(
            () => "",
            (e: Error) =>
              ` (The ledger could not record the claim as FAILED (${e.message}): the policy pack may count the retry the next \`up\` makes as no claim; \`connect-numbers check\` and the provider count it.)`,
          )) + (await markFailed(ctx.place.session.connect, err.summary, "claim"))
        : "";
    // A claim FAILED for the target's limit with connect-numbers:quota above the account's: the setting says so.
    const above = failed === undefined ? undefined : await ctx.guard.quotaAboveAccount();
    const setting = above === undefined ? "" : ` ${above}`;
    const why =
      failed === undefined && unrecorded === ""
        ? (err as Error)
        : new Error(
            failed === undefined
              ? `${(err as Error).message}${unrecorded}`
              : `${(err as Error).message} So far ${failed}; no further claim goes into it in this deployment.${setting}${unrecorded}`,
          );
    throw partial(why, id, outputsOf(ctx.inputs, summary, ctx.place, holding));
  }
}

/**
 * Tells the deployment what this create (or a set's claim) claimed, as a new claim of core's rename rule: a delete
 * later in this deployment of a number these inputs would have accepted is a rename without an alias, refused
 * (lifecycle.ts, set/runtime/lifecycle.ts).
 */
export function noteFreshClaim(dep: Deployment, ctx: ClaimContext, summary: ClaimedPhoneNumberSummary): void {
  const { inputs } = ctx;
  const search = claimMode(inputs) === "search";
  dep.noteFreshClaim({
    stack: ctx.owner.stack,
    accountId: ctx.place.accountId,
    ownerKey: ctx.owner.key,
    phoneNumber: summary.PhoneNumber,
    claim: {
      resource: ctx.owner.urn,
      ...(search
        ? { countryCode: inputs.countryCode, type: inputs.type, prefix: inputs.prefix }
        : { phoneNumber: summary.PhoneNumber }),
      region: ctx.place.region,
      unknown: [],
      ...(ctx.grows ? { grows: true } : {}),
    },
  });
}

/**
 * Takes a number that is already held (this owner's, or handed over): applies target, description and tags, and
 * writes this instance's lease last. A failure before that leaves the number with its former holder (or, for an
 * earlier attempt's number, tagged for this owner, found again by the next create): no partial state to record.
 */
async function settle(
  dep: Deployment,
  ctx: ClaimContext,
  summary: ClaimedPhoneNumberSummary,
  how: { origin: PhoneNumberOutputs["origin"]; claimGeneration?: number },
): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  const id = summary.PhoneNumberId!;
  const from = ownershipFromTags(summary.Tags);
  const holding: Hold = { owner: ctx.owner, lease: ctx.lease, moveCount: 0, ...how };
  await record(ctx, summary, from?.lease);
  const done = await applyInPlace(
    ctx.place,
    dep.capacity(ctx.place.scope, ctx.place.session),
    summary,
    ctx.inputs,
    holding,
    dep.config.claimTimeoutSeconds,
    ctx.label,
  );
  if (from && from.key !== ctx.owner.key) dep.noteHandOver(id, from.key, ctx.owner.key);
  return { id, outs: outputsOf(ctx.inputs, done.summary, ctx.place, { ...holding, moveCount: done.moveCount }) };
}

/**
 * A number this owner holds that Pulumi never recorded and that no longer meets the inputs (they changed after a
 * crash, or `up --replace` changed them too): kept in the stack with an error, so nothing leaks and the next
 * preview shows its replacement.
 */
async function recordOrphan(dep: Deployment, ctx: ClaimContext, orphan: ClaimedPhoneNumberSummary): Promise<never> {
  const reason =
    `${ctx.label}: this resource already holds ${orphan.PhoneNumber} (${orphan.PhoneNumberId}), claimed by an earlier attempt that Pulumi did not record ` +
    "(or by the instance `pulumi up --replace` replaces), and it does not meet the inputs any more. It is now recorded in the stack so it cannot leak; " +
    "run `pulumi up` again to replace it with a number that does (that releases it), or change the inputs back to keep it.";
  const holding: Hold = { owner: ctx.owner, lease: ctx.lease, moveCount: 0, origin: "claim" };
  await record(ctx, orphan, ownershipFromTags(orphan.Tags)?.lease);
  const done = await applyInPlace(
    ctx.place,
    dep.capacity(ctx.place.scope, ctx.place.session),
    orphan,
    { ...ctx.inputs, targetArn: undefined, instanceId: undefined },
    holding,
    dep.config.claimTimeoutSeconds,
    ctx.label,
  );
  throw new PartialCreateError(
    reason,
    orphan.PhoneNumberId!,
    outputsOf(ctx.inputs, done.summary, ctx.place, holding) as unknown as Record<string, unknown>,
    [reason],
  );
}

/** A specific number another resource of this stack holds: taken over unless the program still wants it there too. */
async function handOver(
  dep: Deployment,
  ctx: ClaimContext,
  holder: DescribedHeldNumber,
  origin: PhoneNumberOutputs["origin"],
): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  const number = holder.summary.PhoneNumber;
  const o = holder.ownership;
  if (!o) {
    throw new Error(
      `${ctx.label}: account ${ctx.place.accountId} already holds ${number} in ${ctx.place.region}, managed by no stack. ` +
        "To bring it under this resource with no claim and no churn, set adopt: true (or phoneNumberId to its id or ARN).",
    );
  }
  if (o.stack !== ctx.owner.stack) {
    throw new Error(
      `${ctx.label}: ${number} is held by ${describeHolder(o)}. ${moveFromStackFix(o, holder.summary.PhoneNumberArn ?? holder.summary.PhoneNumberId!)}`,
    );
  }
  if (o.key !== ctx.owner.key) {
    const wanted = dep.declaredInputs(o.key);
    if (wanted && meetsInputs(holder.summary, wanted, ctx.defaultRegion))
      throw new Error(declaredTwice(ctx, number!, o, { name: resourceName(wanted), kind: "PhoneNumber" }));
    const set = dep.setDeclaration(o.key);
    if (set?.numbers.includes(number!)) throw new Error(declaredTwice(ctx, number!, o, set));
  }
  return settle(dep, ctx, holder.summary, { origin });
}

/**
 * Two resources of the program declare one specific number: whichever takes it first holds it, and the other is told
 * both names (on a fresh `up`, and on the next, alike).
 */
function declaredTwice(
  ctx: ClaimContext,
  number: string,
  holder: TaggedOwnership,
  other: Pick<NumberDeclaration, "name" | "kind">,
): string {
  return declaredTwiceRefusal({
    label: ctx.label,
    number,
    declaration: { name: resourceName(ctx.inputs), kind: "PhoneNumber" },
    other,
    holder: holder.urnTag ?? holder.key,
  });
}

/** Why a specific number cannot be claimed: declared twice, held by another stack of this account, by this account unmanaged, or not here at all. */
async function notAvailable(dep: Deployment, ctx: ClaimContext, err: NumberNotAvailableError): Promise<string> {
  const held = await heldByNumber(ctx.place.session.connect, err.phoneNumber);
  const summary = held && (await describe(ctx.place.session.connect, held.arn));
  const o = summary ? ownershipFromTags(summary.Tags) : undefined;
  if (held && o && summary?.PhoneNumberStatus?.Status === "FAILED")
    return `${ctx.label}: AWS refused to claim ${err.phoneNumber} again: account ${ctx.place.accountId} still lists it as a claim that FAILED (${o.urnTag ?? o.key}), and takes a retry only within a day of the failure; after that it returns the number to its inventory. Run \`pulumi up\` again later, or search by countryCode + type instead.`;
  if (held && o && o.stack === ctx.owner.stack) {
    const wanted = o.key === ctx.owner.key ? undefined : dep.declaredInputs(o.key);
    if (wanted && summary && meetsInputs(summary, wanted, ctx.defaultRegion))
      return declaredTwice(ctx, err.phoneNumber, o, { name: resourceName(wanted), kind: "PhoneNumber" });
    const set = o.key === ctx.owner.key ? undefined : dep.setDeclaration(o.key);
    if (set?.numbers.includes(err.phoneNumber)) return declaredTwice(ctx, err.phoneNumber, o, set);
    return `${ctx.label}: ${err.phoneNumber} is held by this stack under its old name (${o.urnTag ?? o.key}). To keep it, give this resource that name, or add aliases: [{ name: "<old name>" }].`;
  }
  if (held && o)
    return `${ctx.label}: ${err.phoneNumber} is held by ${describeHolder(o)} in account ${ctx.place.accountId}. ${moveFromStackFix(o, held.arn)}`;
  if (held)
    return `${ctx.label}: account ${ctx.place.accountId} holds ${err.phoneNumber} in ${ctx.place.region}, unmanaged: set adopt: true to take it over with no claim.`;
  return (
    `${ctx.label}: ${err.phoneNumber} is not available: another AWS account holds it, or it was released and is in its cooldown (up to 180 days); ` +
    `account ${ctx.place.accountId} does not hold it in ${ctx.place.region}. Choose another number (SearchAvailablePhoneNumbers), or search by countryCode + type instead.`
  );
}

/**
 * How to move a number from another stack to this one. Taking it over here without being told would let two stacks
 * manage it (and this one's destroy release a number that one still declares), so the other stack lets it go and
 * the user clears its tags: retainOnDelete and \`pulumi state delete\` never call the provider, so the tags stay.
 */
function moveFromStackFix(o: TaggedOwnership, arn: string): string {
  const keys = [...WRITTEN_OWNERSHIP_TAG_KEYS, ...(o.legacy ? [LEGACY_RESOURCE_TAG, LEGACY_CLAIM_KEY_TAG] : [])];
  return (
    `To move it here: take it out of stack ${o.stack} without releasing it (the retainOnDelete option, then remove the resource; or \`pulumi state delete\`), ` +
    `clear its ownership tags (\`aws connect untag-resource --resource-arn ${arn} --tag-keys ${keys.join(" ")}\`), then adopt it here with adopt: true.`
  );
}

/** Adoption: a number the account holds, by id, ARN or E.164 form; never a claim. */
async function adopt(dep: Deployment, ctx: ClaimContext): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  const { connect } = ctx.place.session;
  const { inputs } = ctx;
  const ref = inputs.phoneNumberId ?? (await heldByNumber(connect, inputs.phoneNumber!))?.arn;
  const summary = ref === undefined ? undefined : await describe(connect, ref);
  if (!summary) {
    const what =
      inputs.phoneNumberId !== undefined
        ? `phoneNumberId ${inputs.phoneNumberId} (${phoneNumberIdOf(inputs.phoneNumberId)})`
        : inputs.phoneNumber;
    throw new Error(
      `${ctx.label}: account ${ctx.place.accountId} holds no ${what} in ${ctx.place.region} to adopt. Check the id and the region (an ARN says it), or drop adopt to claim a number.`,
    );
  }
  const o = ownershipFromTags(summary.Tags);
  if (o && o.key !== ctx.owner.key) return handOver(dep, ctx, { summary, ownership: o }, "adopt");
  return settle(dep, ctx, summary, { origin: "adopt" });
}

/** Writes the ledger's ownership record; `expectedLease` makes a hand-over fail rather than overwrite a holder it did not see. */
export async function record(ctx: ClaimContext, s: ClaimedPhoneNumberSummary, expectedLease?: string): Promise<void> {
  const ok = await ctx.ledger.putOwnership(
    ctx.place.scope,
    {
      service: "connect",
      phoneNumberId: s.PhoneNumberId!,
      phoneNumber: s.PhoneNumber!,
      phoneNumberArn: s.PhoneNumberArn,
      stack: ctx.owner.stack,
      ownerUrn: ctx.owner.urn,
      ownerKey: ctx.owner.key,
      lease: ctx.lease,
      targetArn: s.TargetArn,
      countryCode: s.PhoneNumberCountryCode,
      type: s.PhoneNumberType,
      updatedAt: ctx.place.session.clock.now(),
      ...(s.PhoneNumberStatus?.Status === "FAILED" ? { failed: true as const } : {}),
    },
    expectedLease,
  );
  if (!ok)
    throw new Error(
      `${ctx.label}: ${s.PhoneNumber} was taken over by another resource of this deployment at the same moment; run \`pulumi up\` again.`,
    );
}

function partial(err: Error, id: string, outs: PhoneNumberOutputs): PartialCreateError {
  return new PartialCreateError(err.message, id, outs as unknown as Record<string, unknown>, [err.message]);
}

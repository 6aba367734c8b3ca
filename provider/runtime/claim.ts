import { connectSdk } from "../../aws/sdk";
import type { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { outcomeOfFailure } from "../../aws/attempts";
import { Owner, claimToken, ownershipFromTags, ownershipTags, userTags } from "../../core";
import { ChurnLedger } from "../../ledger/types";
import { PhoneNumberInputs } from "../shape";
import { CandidatePool } from "./candidates";
import { TargetCapacities } from "./capacity";
import { ScopeGuard } from "./guard";
import { describe } from "./numbers";
import { meetsInputs, ownedBy } from "./ownership";
import { Place } from "./place";

/** What a claim needs: where, for whom, under which lease, and the guard and ledger of that account and region. */
export interface ClaimContext {
  place: Place;
  owner: Owner;
  lease: string;
  inputs: PhoneNumberInputs;
  label: string;
  guard: ScopeGuard;
  /** Places on the claim's instance: the deployment's per-target check, or places a set took ahead for its growth. */
  capacity: Pick<TargetCapacities, "reserve" | "claimFailed">;
  ledger: ChurnLedger;
  defaultRegion: string | undefined;
  /** A PhoneNumberSet's slot: part of the claim token, so each of the set's claims is its own. */
  slot?: string;
  /** A growth of a set that already holds numbers: the claimant existed before this deployment (core's NewClaim). */
  grows?: boolean;
  /** A churn slot the set reserved ahead, in one write with its other claims' (guard.reserveMany), if one is left. */
  reserved?: () => string | undefined;
}

/** A number this claim holds: claimed now, or an earlier claim of this owner that AWS's idempotency gave back. */
export interface Claimed {
  summary: ClaimedPhoneNumberSummary;
  generation: number;
  /** True when AWS replayed an earlier claim of this owner (no new churn): its tags still name the earlier lease. */
  earlier: boolean;
}

export class NumberNotAvailableError extends Error {
  constructor(
    message: string,
    readonly phoneNumber: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Guards against a service that keeps replaying answers forever; each generation skipped is one earlier claim of
 * this owner with these inputs within AWS's idempotency period, so real runs stay far below it.
 */
const MAX_GENERATIONS = 1000;

/**
 * Claims `phoneNumber` under the owner's next token generation. The token is claimToken(owner URN, generation,
 * number-forcing inputs): a retry of the same claim is answered by AWS's idempotency with the first claim's
 * number. The generation starts at the owner's claims in the ledger and goes up while AWS replays an answer that
 * is no use (a number released since, or no longer this owner's, or a FAILED claim being retried).
 */
export async function claimSpecific(ctx: ClaimContext, phoneNumber: string): Promise<Claimed> {
  const { connect } = ctx.place.session;
  const start = await ctx.ledger.claimsByOwner(ctx.place.scope, ctx.owner.key);
  const forcing = {
    phoneNumber: ctx.inputs.phoneNumber,
    countryCode: ctx.inputs.countryCode,
    type: ctx.inputs.type,
    prefix: ctx.inputs.prefix,
    region: ctx.place.region,
    slot: ctx.slot,
  };
  for (let generation = start; generation < start + MAX_GENERATIONS; generation++) {
    const token = claimToken({ ownerUrn: ctx.owner.urn, generation, inputs: forcing });
    type Answer =
      { kind: "claimed" | "earlier"; summary: ClaimedPhoneNumberSummary } | { kind: "useless" | "conflict" };
    const slot = await ctx.capacity.reserve(ctx.label, ctx.inputs);
    let sent = false;
    const answer = await ctx.guard
      .run<Answer>(
        { action: "claim", resource: ctx.label, phoneNumber, ownerUrn: ctx.owner.urn, clientToken: token },
        async () => {
          let arn: string;
          sent = true;
          try {
            const res = await connect.send(
              new connectSdk.ClaimPhoneNumberCommand({
                ...targetOf(ctx.inputs),
                PhoneNumber: phoneNumber,
                PhoneNumberDescription: ctx.inputs.description,
                Tags: { ...userTags(ctx.inputs.tags), ...ownershipTags(ctx.owner, ctx.lease) },
                ClientToken: token,
              }),
            );
            arn = res.PhoneNumberArn ?? res.PhoneNumberId!;
          } catch (err) {
            // The token claimed something with other parameters (an earlier attempt with another target, lease or
            // description): that number is this owner's, found below by its tags. New churn only if an earlier
            // attempt of this very call may have acted.
            if (err instanceof connectSdk.IdempotencyException)
              return { result: { kind: "conflict" }, effect: outcomeOfFailure(err, "ClaimPhoneNumber") };
            if (err instanceof connectSdk.InvalidParameterException && /not available/i.test(err.message)) {
              throw new NumberNotAvailableError(
                `${ctx.label}: ${phoneNumber} is not available to claim (${err.message})`,
                phoneNumber,
                { cause: err },
              );
            }
            throw err;
          }
          const s = await describe(connect, arn);
          const tagged = ownershipFromTags(s?.Tags);
          if (!s || s.PhoneNumber !== phoneNumber || tagged?.key !== ctx.owner.key)
            return { result: { kind: "useless" }, effect: "nothing" };
          if (tagged.lease !== ctx.lease) {
            // A replay: an earlier attempt's claim. A FAILED one is retried by a new claim (the next generation).
            const failed = s.PhoneNumberStatus?.Status === "FAILED";
            return { result: failed ? { kind: "useless" } : { kind: "earlier", summary: s }, effect: "nothing" };
          }
          return { result: { kind: "claimed", summary: s }, effect: { phoneNumberId: s.PhoneNumberId!, phoneNumber } };
        },
        ctx.reserved?.(),
      )
      .then(
        (a) => {
          if (a.kind === "claimed") slot.claimed();
          else slot.free();
          return a;
        },
        // A claim AWS may have taken (a lost answer, a 5xx) keeps its place, as it keeps its churn slot.
        (err: unknown) => {
          if (sent && outcomeOfFailure(err, "ClaimPhoneNumber") === "uncertain") slot.claimed();
          else slot.free();
          throw err;
        },
      )
      .catch(async (err: unknown) => {
        throw sent ? await ctx.guard.explainClaimRefusal(err, ctx.label, phoneNumber) : err;
      });
    if (answer.kind === "claimed" || answer.kind === "earlier")
      return { summary: answer.summary, generation, earlier: answer.kind === "earlier" };
    if (answer.kind === "conflict") {
      const mine = (await ownedBy(ctx.place, ctx.ledger, ctx.owner, ctx.label)).find((s) =>
        meetsInputs(s, ctx.inputs, ctx.defaultRegion),
      );
      if (mine) return { summary: mine, generation, earlier: true };
    }
  }
  throw new Error(
    `${ctx.label}: AWS replayed ${MAX_GENERATIONS} earlier claims of this resource without a usable number; wait a day (AWS's idempotency period) and run \`pulumi up\` again.`,
  );
}

/**
 * Claims a number meeting the search criteria: candidates come from the deployment's shared search pages (see
 * CandidatePool), and a number taken meanwhile by someone else is skipped for the next one.
 */
export async function claimSearched(ctx: ClaimContext, candidates: CandidatePool): Promise<Claimed> {
  const { inputs } = ctx;
  const target = targetOf(inputs);
  const key = JSON.stringify([
    ctx.place.scope.accountId,
    ctx.place.region,
    target,
    inputs.countryCode,
    inputs.type,
    inputs.prefix ?? "",
  ]);
  const search = async (nextToken: string | undefined) => {
    const found = await ctx.place.session.connect.send(
      new connectSdk.SearchAvailablePhoneNumbersCommand({
        ...target,
        PhoneNumberCountryCode: inputs.countryCode as never,
        PhoneNumberType: inputs.type as never,
        PhoneNumberPrefix: inputs.prefix,
        MaxResults: 10,
        NextToken: nextToken,
      }),
    );
    return {
      numbers: (found.AvailableNumbersList ?? []).map((n) => n.PhoneNumber!).filter(Boolean),
      nextToken: found.NextToken,
    };
  };
  for (
    let candidate = await candidates.take(key, search);
    candidate !== undefined;
    candidate = await candidates.take(key, search)
  ) {
    try {
      return await claimSpecific(ctx, candidate);
    } catch (err) {
      if (!(err instanceof NumberNotAvailableError)) throw err;
    }
  }
  throw new Error(
    `${ctx.label}: no ${inputs.countryCode} ${inputs.type} number${inputs.prefix ? ` with prefix ${inputs.prefix}` : ""} is available to claim in ${ctx.place.region}. ` +
      "Widen or drop the prefix, try another type, or ask AWS Support for numbers in that range.",
  );
}

export function targetOf(inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">): {
  TargetArn?: string;
  InstanceId?: string;
} {
  return inputs.targetArn !== undefined ? { TargetArn: inputs.targetArn } : { InstanceId: inputs.instanceId };
}

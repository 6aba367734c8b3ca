import {
  ClaimPhoneNumberCommand,
  ConnectClient,
  IdempotencyException,
  InvalidParameterException,
  SearchAvailablePhoneNumbersCommand,
} from "@aws-sdk/client-connect";
import { LEGACY_CLAIM_KEY_TAG as CLAIM_KEY_TAG, LEGACY_RESOURCE_TAG as OWNER_RESOURCE_TAG, OWNER_STACK_TAG, claimOf, uuidV5 } from "../../core";
import { HeldNumber, listNumbers } from "../../aws/inventory";
import { PhoneNumberInputs } from "../shape";
import { ChurnGuard } from "./guard";
import { describe } from "./numbers";

/**
 * Claims the number a resource asks for, safely under retries: the ClientToken is the resource's claim key, the
 * claim carries the ownership tags in the same call, and before any claim the target is searched for a number that
 * already carries this claim key (an earlier attempt that crashed before Pulumi saved its id).
 */
export interface ClaimContext {
  connect: ConnectClient;
  guard: ChurnGuard;
  resource: string;
}

export async function claimNumber(ctx: ClaimContext, inputs: PhoneNumberInputs): Promise<string> {
  const earlier = await findByClaimKey(ctx.connect, inputs);
  if (earlier) return earlier.phoneNumberId;
  if (inputs.phoneNumber !== undefined) return claimWithFreshToken(ctx, inputs, inputs.phoneNumber);
  return claimSearched(ctx, inputs);
}

async function claimSearched(ctx: ClaimContext, inputs: PhoneNumberInputs): Promise<string> {
  const tried = new Set<string>();
  for (let round = 0; round < 5; round++) {
    const found = await ctx.connect.send(
      new SearchAvailablePhoneNumbersCommand({
        ...target(inputs),
        PhoneNumberCountryCode: inputs.countryCode as never,
        PhoneNumberType: inputs.type as never,
        PhoneNumberPrefix: inputs.prefix,
        MaxResults: 10,
      }),
    );
    const candidates = (found.AvailableNumbersList ?? []).map((n) => n.PhoneNumber!).filter((n) => n && !tried.has(n));
    if (candidates.length === 0) break;
    for (const candidate of candidates) {
      tried.add(candidate);
      try {
        return await claimWithFreshToken(ctx, inputs, candidate);
      } catch (err) {
        // Someone took it between search and claim: try the next one rather than fail.
        if (!(err instanceof NumberNotAvailableError)) throw err;
      }
    }
  }
  throw new Error(
    `${ctx.resource}: no ${inputs.countryCode} ${inputs.type} number${inputs.prefix ? ` with prefix ${inputs.prefix}` : ""} is available to claim. ` +
      "Widen or drop the prefix, try another type, or ask AWS Support for numbers in that range.",
  );
}

export class NumberNotAvailableError extends Error {}

/**
 * The claim key is the token of the first attempt. AWS answers a repeated token with the first claim's result for
 * a while (24 h in the emulator): if that number has been released since, derive the next generation of the token.
 */
async function claimWithFreshToken(ctx: ClaimContext, inputs: PhoneNumberInputs, phoneNumber: string): Promise<string> {
  for (let generation = 0; generation < 3; generation++) {
    const token = generation === 0 ? inputs.claimKey : uuidV5(`generation ${generation}`, inputs.claimKey);
    let id: string;
    try {
      id = await ctx.guard.run(claimOf(ctx.resource, "create", { phoneNumber }), async () => {
        const res = await ctx.connect.send(
          new ClaimPhoneNumberCommand({
            ...target(inputs),
            PhoneNumber: phoneNumber,
            PhoneNumberDescription: inputs.description,
            Tags: {
              ...(inputs.tags ?? {}),
              [OWNER_STACK_TAG]: inputs.ownerStack,
              [OWNER_RESOURCE_TAG]: inputs.ownerResource,
              [CLAIM_KEY_TAG]: inputs.claimKey,
            },
            ClientToken: token,
          }),
        );
        return { result: res.PhoneNumberId!, event: { action: "claim", phoneNumber, phoneNumberId: res.PhoneNumberId } };
      });
    } catch (err) {
      if (err instanceof IdempotencyException) {
        // This token already claimed something with other parameters: that number is ours.
        const earlier = await findByClaimKey(ctx.connect, inputs);
        if (earlier) return earlier.phoneNumberId;
        continue;
      }
      if (err instanceof InvalidParameterException && /not available/i.test(err.message)) {
        throw new NumberNotAvailableError(
          `${ctx.resource}: ${phoneNumber} is not available: another account holds it, or it was released and is in its cooldown. ` +
            "Choose another number (SearchAvailablePhoneNumbers), or search by countryCode + type instead.",
        );
      }
      throw err;
    }
    const summary = await describe(ctx.connect, id);
    if (summary && summary.PhoneNumber === phoneNumber) return id;
    // The token's first claim was released since: its replay names a number that is gone. Claim anew.
  }
  throw new Error(`${ctx.resource}: AWS kept answering with a released number for this claim; wait a day or rename the resource`);
}

function target(inputs: PhoneNumberInputs): { TargetArn?: string; InstanceId?: string } {
  return inputs.targetArn !== undefined ? { TargetArn: inputs.targetArn } : { InstanceId: inputs.instanceId };
}

/** A number already carrying this resource's claim key: an earlier attempt's claim that Pulumi never recorded. */
export async function findByClaimKey(connect: ConnectClient, inputs: PhoneNumberInputs): Promise<HeldNumber | undefined> {
  const candidates = await listNumbers(connect, {
    targetArns: inputs.targetArn ? [inputs.targetArn] : undefined,
    countryCodes: inputs.countryCode ? [inputs.countryCode] : undefined,
    types: inputs.type ? [inputs.type] : undefined,
    prefix: inputs.phoneNumber ?? inputs.prefix,
    withTags: true,
  });
  return candidates.find((n) => n.tags[CLAIM_KEY_TAG] === inputs.claimKey && (inputs.phoneNumber === undefined || n.phoneNumber === inputs.phoneNumber));
}

import { connectSdk } from "../../aws/sdk";
import type { ClaimedPhoneNumberSummary, ConnectClient } from "@aws-sdk/client-connect";
import { Owner, userTags } from "../../core";
import { PhoneNumberInputs, PhoneNumberOutputs } from "../shape";
import { Place } from "./place";
import { StatusLine, WaitProgress } from "./progress";

/** Reading numbers back: describe, wait for a settled status, and turn a summary into the resource's outputs. */

/**
 * DescribePhoneNumber by id or ARN; undefined on NotFound (which means "gone" only when asked in the number's region).
 */
export async function describe(
  connect: ConnectClient,
  idOrArn: string,
): Promise<ClaimedPhoneNumberSummary | undefined> {
  try {
    return (await connect.send(new connectSdk.DescribePhoneNumberCommand({ PhoneNumberId: idOrArn })))
      .ClaimedPhoneNumberSummary;
  } catch (err) {
    if (err instanceof connectSdk.ResourceNotFoundException) return undefined;
    throw err;
  }
}

/** AWS reported the claim or move FAILED; the message names AWS's reason. */
export class ClaimFailedError extends Error {
  constructor(
    message: string,
    readonly summary: ClaimedPhoneNumberSummary,
  ) {
    super(message);
  }
}

/** A claim or move is IN_PROGRESS for a second or two as a rule: its row says so only when it takes longer. */
const CLAIM_QUIET_SECONDS = 5;

/** What a PhoneNumber whose claim ended FAILED does next. */
const PHONE_NUMBER_CLAIM_FIX =
  "Fix the cause (often the target's limit of claimed numbers), then run `pulumi up`: it retries the claim of the same number " +
  "(AWS holds a failed claim's number for one day), or remove the resource to let it go.";

/**
 * Polls DescribePhoneNumber with backoff until the number leaves IN_PROGRESS, saying so on the resource's row. A claim
 * that ends FAILED throws with `claimFix`: what the resource that claimed it does next.
 */
export async function waitSettled(
  connect: ConnectClient,
  id: string,
  timeoutSeconds: number,
  what: string,
  operation: "claim" | "move",
  line: StatusLine = () => undefined,
  claimFix = PHONE_NUMBER_CLAIM_FIX,
): Promise<ClaimedPhoneNumberSummary> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let progress: WaitProgress | undefined;
  let delay = 100;
  for (;;) {
    const summary = await describe(connect, id);
    if (!summary)
      throw new Error(
        `${what}: phone number ${id} disappeared while waiting for it to be CLAIMED (released elsewhere?)`,
      );
    const status = summary.PhoneNumberStatus?.Status;
    progress ??= new WaitProgress(
      line,
      `${what}: ${operation} of ${summary.PhoneNumber ?? id}`,
      "CLAIMED",
      timeoutSeconds,
      CLAIM_QUIET_SECONDS,
    );
    progress.observe(status ?? "unknown");
    if (status === "CLAIMED") return summary;
    if (status === "FAILED") {
      const reason = (summary.PhoneNumberStatus?.Message ?? "AWS gave no reason").replace(/\.$/, "");
      throw new ClaimFailedError(
        operation === "claim"
          ? `${what}: AWS reports the claim of ${summary.PhoneNumber ?? id} FAILED: ${reason}. The number is kept in the stack (status FAILED) so nothing leaks. ${claimFix}`
          : `${what}: AWS reports the move of ${summary.PhoneNumber ?? id} FAILED: ${reason}. Fix the cause, then run \`pulumi up\` to move it again.`,
        summary,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: number ${summary.PhoneNumber ?? id} is still ${status ?? "unknown"} after ${timeoutSeconds}s; raise connect-numbers:claimTimeoutSeconds or run \`pulumi refresh\` later`,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

/** protobuf's Struct (how outputs travel to the engine) rejects undefined: leave such keys out. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** This resource instance's hold on its number: whose it is, under which lease, how it came, how often moved. */
export interface Hold {
  owner: Owner;
  lease: string;
  moveCount: number;
  origin: PhoneNumberOutputs["origin"];
  claimGeneration?: number;
}

/** The resource's outputs: its inputs, what AWS says of the number, and who holds it. */
export function outputsOf(
  inputs: PhoneNumberInputs,
  s: ClaimedPhoneNumberSummary,
  place: Place,
  holding: Hold,
  lastOperation: "claim" | "move" = "claim",
): PhoneNumberOutputs {
  const failed = s.PhoneNumberStatus?.Status === "FAILED";
  return withoutUndefined({
    ...inputs,
    ownerUrn: holding.owner.urn,
    phoneNumberId: s.PhoneNumberId!,
    arn: s.PhoneNumberArn!,
    phoneNumber: s.PhoneNumber!,
    countryCode: s.PhoneNumberCountryCode!,
    type: s.PhoneNumberType!,
    status: s.PhoneNumberStatus?.Status ?? "CLAIMED",
    statusMessage: failed ? s.PhoneNumberStatus?.Message : undefined,
    failedOperation: failed ? lastOperation : undefined,
    targetArn: s.TargetArn!,
    region: place.region,
    accountId: place.accountId,
    description: s.PhoneNumberDescription ?? inputs.description,
    tags: userTags(s.Tags),
    origin: holding.origin,
    lease: holding.lease,
    moveCount: holding.moveCount,
    claimGeneration: holding.claimGeneration,
  });
}

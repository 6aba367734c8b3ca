import {
  ClaimedPhoneNumberSummary,
  ConnectClient,
  DescribePhoneNumberCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-connect";
import { userTags } from "../../core";
import { PhoneNumberInputs, PhoneNumberOutputs } from "../shape";

/** Reading numbers back: describe, wait for a settled status, and turn a summary into the resource's outputs. */

export async function describe(connect: ConnectClient, id: string): Promise<ClaimedPhoneNumberSummary | undefined> {
  try {
    return (await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

export class ClaimFailedError extends Error {}

/** Polls DescribePhoneNumber with backoff until the number leaves IN_PROGRESS. */
export async function waitSettled(connect: ConnectClient, id: string, timeoutSeconds: number, what: string): Promise<ClaimedPhoneNumberSummary> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 100;
  for (;;) {
    const summary = await describe(connect, id);
    if (!summary) throw new Error(`${what}: phone number ${id} disappeared while waiting for it to be CLAIMED (released elsewhere?)`);
    const status = summary.PhoneNumberStatus?.Status;
    if (status === "CLAIMED") return summary;
    if (status === "FAILED") {
      throw new ClaimFailedError(
        `${what}: AWS reports the number ${summary.PhoneNumber ?? id} as FAILED: ${summary.PhoneNumberStatus?.Message ?? "no message"}. ` +
          "The id is kept in the stack so nothing leaks; fix the cause (often the target's limit of claimed numbers) and run `pulumi up` again, " +
          "or remove the resource to release it. AWS allows one day to retry a failed claim.",
      );
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: number ${summary.PhoneNumber ?? id} is still ${status ?? "unknown"} after ${timeoutSeconds}s; raise connect-numbers:claimTimeoutSeconds or run \`pulumi refresh\` later`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

/** protobuf's Struct (how outputs travel to the engine) rejects undefined: leave such keys out. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function outputsOf(inputs: PhoneNumberInputs, s: ClaimedPhoneNumberSummary, origin: PhoneNumberOutputs["origin"]): PhoneNumberOutputs {
  return withoutUndefined({
    ...inputs,
    phoneNumberId: s.PhoneNumberId!,
    arn: s.PhoneNumberArn!,
    phoneNumber: s.PhoneNumber!,
    countryCode: s.PhoneNumberCountryCode!,
    type: s.PhoneNumberType!,
    status: s.PhoneNumberStatus?.Status ?? "CLAIMED",
    targetArn: s.TargetArn!,
    description: s.PhoneNumberDescription ?? inputs.description,
    tags: userTags(s.Tags),
    origin,
  });
}

import { PhoneNumberInformation, PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { userTags } from "../../../core/owner";
import { parseSmsArn } from "../../../core/sms";
import { describeSmsNumber } from "../../../aws/sms";
import { OriginationNumberInputs, OriginationNumberOutputs, label } from "../shape";
import { StatusLine, WaitProgress } from "../../runtime/progress";

/** Reading numbers back: describe, wait for ACTIVE, and turn what AWS says into the resource's outputs. */

export const GONE_STATUSES: ReadonlySet<string> = new Set(["DISASSOCIATING", "DELETED"]);

/** The number, or undefined when it is gone: not found in its own region, or released (DISASSOCIATING, DELETED). */
export async function describeHeld(
  client: PinpointSMSVoiceV2Client,
  idOrArn: string,
): Promise<PhoneNumberInformation | undefined> {
  const info = await describeSmsNumber(client, idOrArn);
  return info && !GONE_STATUSES.has(info.Status ?? "") ? info : undefined;
}

export interface WaitOutcome {
  info: PhoneNumberInformation;
  /** False when the limit passed first. */
  active: boolean;
}

/**
 * Polls DescribePhoneNumbers (1 request/second by AWS's default) until the number is ACTIVE or `seconds` pass,
 * saying on the resource's row what it waits for. 10DLC and toll-free numbers can stay PENDING for days while AWS
 * reviews their registration.
 */
export async function waitForActive(
  client: PinpointSMSVoiceV2Client,
  info: PhoneNumberInformation,
  seconds: number,
  what: string,
  line: StatusLine = () => undefined,
): Promise<WaitOutcome> {
  const deadline = Date.now() + seconds * 1000;
  const progress = new WaitProgress(line, `${what}: ${info.PhoneNumber ?? info.PhoneNumberId}`, "ACTIVE", seconds);
  let current = info;
  let delay = 500;
  for (;;) {
    progress.observe(current.Status ?? "unknown");
    if (current.Status === "ACTIVE") break;
    if (current.Status !== "PENDING" && current.Status !== "ASSOCIATING") {
      throw new Error(
        `${what}: ${current.PhoneNumber ?? current.PhoneNumberId} turned ${current.Status} while waiting for ACTIVE (released elsewhere?). Run \`pulumi refresh\`.`,
      );
    }
    if (Date.now() + delay > deadline) return { info: current, active: false };
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5_000);
    const next = await describeSmsNumber(client, current.PhoneNumberArn!);
    if (!next)
      throw new Error(
        `${what}: ${current.PhoneNumberId} disappeared while waiting for ACTIVE (released elsewhere?). Run \`pulumi refresh\`.`,
      );
    current = next;
  }
  return { info: current, active: true };
}

export function stillPendingMessage(
  inputs: OriginationNumberInputs,
  info: PhoneNumberInformation,
  seconds: number,
): string {
  return (
    `${label(inputs)}: ${info.PhoneNumber} (${info.PhoneNumberId}) is still ${info.Status} after ${seconds}s. AWS can keep TOLL_FREE and ` +
    "TEN_DLC numbers PENDING for days while it reviews their registration. The number is held and its id is kept in the stack, " +
    "so nothing leaks: run `pulumi up` later to wait again (or `pulumi refresh` to read its status); set waitForActiveSeconds " +
    "(or connect-numbers:smsWaitForActiveSeconds) to 0 not to wait."
  );
}

/** protobuf's Struct (how outputs travel to the engine) rejects undefined: leave such keys out. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function outputsOf(
  inputs: OriginationNumberInputs,
  info: PhoneNumberInformation,
  tags: Record<string, string>,
  origin: OriginationNumberOutputs["origin"],
  lease: string,
  declaredPoolId: string | undefined = inputs.poolId,
): OriginationNumberOutputs {
  return withoutUndefined({
    ...inputs,
    phoneNumberId: info.PhoneNumberId!,
    arn: info.PhoneNumberArn!,
    phoneNumber: info.PhoneNumber!,
    status: info.Status!,
    region: parseSmsArn(info.PhoneNumberArn!)?.region ?? "",
    isoCountryCode: info.IsoCountryCode!,
    messageType: info.MessageType!,
    numberCapabilities: info.NumberCapabilities ?? [],
    numberType: info.NumberType!,
    monthlyLeasingPrice: info.MonthlyLeasingPrice,
    registrationId: info.RegistrationId,
    optOutListName: info.OptOutListName ?? "Default",
    poolId: info.PoolId,
    declaredPoolId,
    deletionProtectionEnabled: info.DeletionProtectionEnabled ?? false,
    twoWayChannelEnabled: info.TwoWayEnabled ?? false,
    twoWayChannelArn: info.TwoWayChannelArn,
    twoWayChannelRole: info.TwoWayChannelRole,
    selfManagedOptOutsEnabled: info.SelfManagedOptOutsEnabled ?? false,
    internationalSendingEnabled: info.InternationalSendingEnabled,
    tags: userTags(tags),
    origin,
    lease,
  });
}

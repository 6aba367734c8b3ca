import { smsVoiceSdk } from "../../../aws/sdk";
import type { PhoneNumberInformation, PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { LEASE_TAG, OWNER_KEY_TAG, Owner, ownershipTags } from "../../../core/owner";
import { smsIdOf, smsRequestToken } from "../../../core/sms";
import { listSmsNumbers, smsTags, tagList } from "../../../aws/sms";
import { OriginationNumberInputs, label } from "../shape";
import { explain } from "./converge";
import { describeHeld } from "./numbers";

/**
 * RequestPhoneNumber, safe under retries: the ClientToken derives from the owner's URN and the number-forcing
 * inputs (core/sms.ts smsRequestToken), so a retried create is answered with the number the first attempt got,
 * never a second one; the ownership tags ride in the same call. A token whose first number was released since
 * replays that released number: the next generation of the token asks anew.
 */

/**
 * Each generation costs one replayed request; more than this many released numbers for one owner within AWS's token
 * window is not plausible.
 */
const MAX_GENERATIONS = 64;

export interface RequestContext {
  client: PinpointSMSVoiceV2Client;
  inputs: OriginationNumberInputs;
  owner: Owner;
  region: string;
}

export async function requestNumber(ctx: RequestContext): Promise<PhoneNumberInformation> {
  const { client, inputs, owner, region } = ctx;
  // The lease tag is written after the request: a random lease in the request would make every retry's
  // parameters differ from the first attempt's, which AWS may refuse for the same token.
  const ownership = Object.fromEntries(Object.entries(ownershipTags(owner, "")).filter(([k]) => k !== LEASE_TAG));
  // A first attempt that crashed before Pulumi recorded it, retried after AWS's token window ([U] a day in the
  // emulator), would get a second number and leak the first: it carries this owner's tags, so take it instead.
  const earlier = await findOwned(ctx);
  if (earlier) return earlier;
  for (let generation = 0; generation < MAX_GENERATIONS; generation++) {
    const token = smsRequestToken({
      ownerUrn: owner.urn,
      generation,
      inputs: {
        isoCountryCode: inputs.isoCountryCode!,
        messageType: inputs.messageType!,
        numberCapabilities: inputs.numberCapabilities!,
        numberType: inputs.numberType!,
        registrationId: inputs.registrationId,
        region,
      },
    });
    let id: string;
    try {
      const res = await client.send(
        new smsVoiceSdk.RequestPhoneNumberCommand({
          IsoCountryCode: inputs.isoCountryCode,
          MessageType: inputs.messageType as never,
          NumberCapabilities: inputs.numberCapabilities as never,
          NumberType: inputs.numberType as never,
          OptOutListName: inputs.optOutListName,
          PoolId: inputs.poolId,
          RegistrationId: inputs.registrationId,
          DeletionProtectionEnabled: inputs.deletionProtectionEnabled,
          InternationalSendingEnabled: inputs.internationalSendingEnabled,
          Tags: tagList({ ...(inputs.tags ?? {}), ...ownership }),
          ClientToken: token,
        }),
      );
      id = res.PhoneNumberArn ?? res.PhoneNumberId!;
    } catch (err) {
      if (isTokenReuse(err)) {
        // The first attempt used this token with other settings (tags or protection changed since): its number
        // carries this owner's tags. Look for it among numbers of the same kind.
        const earlier = await findOwned(ctx);
        if (earlier) return earlier;
      }
      throw refusal(err, inputs);
    }
    const info = await describeHeld(client, id);
    if (info) return info;
  }
  throw new Error(
    `${label(inputs)}: AWS kept answering with numbers released since, for ${MAX_GENERATIONS} generations of this resource's request token. ` +
      "Wait a day for the tokens to expire, or rename the resource.",
  );
}

/**
 * [U] AWS does not document what a reused ClientToken with other parameters returns; the emulator answers a
 * ConflictException with no Reason that names the token, as AWS's idempotency guidance describes.
 */
function isTokenReuse(err: unknown): boolean {
  return (
    err instanceof smsVoiceSdk.ConflictException && err.Reason === undefined && /ClientToken|idempot/i.test(err.message)
  );
}

/**
 * A held number of this owner with the number-forcing inputs: an earlier attempt's. The filters keep the
 * ListTagsForResource calls (1 request/second) to numbers of the same kind; released ones never count.
 */
async function findOwned(ctx: RequestContext): Promise<PhoneNumberInformation | undefined> {
  const { inputs } = ctx;
  const candidates = await listSmsNumbers(ctx.client, [
    { Name: "iso-country-code", Values: [inputs.isoCountryCode!] },
    { Name: "number-type", Values: [inputs.numberType!] },
    { Name: "message-type", Values: [inputs.messageType!] },
    { Name: "status", Values: ["PENDING", "ACTIVE", "ASSOCIATING"] },
  ]);
  const wanted = [...inputs.numberCapabilities!].sort().join(",");
  const sameKind = (n: PhoneNumberInformation) =>
    [...(n.NumberCapabilities ?? [])].sort().join(",") === wanted &&
    (inputs.registrationId === undefined || smsIdOf(inputs.registrationId) === smsIdOf(n.RegistrationId ?? ""));
  for (const n of candidates.filter(sameKind)) {
    if ((await smsTags(ctx.client, n.PhoneNumberArn!))[OWNER_KEY_TAG] === ctx.owner.key) return n;
  }
  return undefined;
}

function refusal(err: unknown, inputs: OriginationNumberInputs): Error {
  if (err instanceof smsVoiceSdk.ServiceQuotaExceededException && err.Reason === "PHONE_NUMBERS_PER_ACCOUNT") {
    return new Error(
      `${label(inputs)}: the account holds as many phone numbers as its PHONE_NUMBERS limit allows (${err.message}). Release one, adopt one it holds (phoneNumberId), or ask AWS Support to raise the limit.`,
    );
  }
  return explain(err, label(inputs));
}

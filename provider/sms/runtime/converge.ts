import { smsVoiceSdk } from "../../../aws/sdk";
import type {
  PhoneNumberInformation,
  PinpointSMSVoiceV2Client,
  UpdatePhoneNumberCommandInput,
  UpdatePhoneNumberCommandOutput,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { Owner, ownershipTags } from "../../../core/owner";
import { smsIdOf } from "../../../core/sms";
import { tagList } from "../../../aws/sms";
import { OriginationNumberInputs, label } from "../shape";
import { withoutUndefined } from "./numbers";

/** Brings a held number to what the inputs declare, in place: pool membership, UpdatePhoneNumber, tags. */

/** A held SMS number as DescribePhoneNumbers reports it, with its tags. */
export interface DescribedHeldSmsNumber {
  info: PhoneNumberInformation;
  tags: Record<string, string>;
}

export interface ConvergeOptions {
  owner: Owner;
  lease: string;
  /** The pool the inputs named last time: a poolId taken out of the inputs means "leave that pool". */
  previouslyDeclaredPool?: string;
  /** Skip what AWS allows only on ACTIVE numbers (a create that did not wait). */
  activeOnly: boolean;
}

const SETTING_TO_API: Record<string, keyof UpdatePhoneNumberCommandInput & keyof PhoneNumberInformation> = {
  deletionProtectionEnabled: "DeletionProtectionEnabled",
  twoWayChannelEnabled: "TwoWayEnabled",
  twoWayChannelArn: "TwoWayChannelArn",
  twoWayChannelRole: "TwoWayChannelRole",
  selfManagedOptOutsEnabled: "SelfManagedOptOutsEnabled",
  optOutListName: "OptOutListName",
  internationalSendingEnabled: "InternationalSendingEnabled",
};

/** The on/off settings DescribePhoneNumbers may leave out: absent is off. */
const OFF_WHEN_ABSENT: ReadonlySet<string> = new Set([
  "DeletionProtectionEnabled",
  "TwoWayEnabled",
  "SelfManagedOptOutsEnabled",
  "InternationalSendingEnabled",
]);

export async function converge(
  client: PinpointSMSVoiceV2Client,
  held: DescribedHeldSmsNumber,
  news: OriginationNumberInputs,
  o: ConvergeOptions,
): Promise<DescribedHeldSmsNumber> {
  const what = `${label(news)} (${held.info.PhoneNumber})`;
  let info = held.info;
  if (info.Status === "ACTIVE" || !o.activeOnly) {
    // What AWS answers is the number's new state: no describe afterwards (1 request/second per operation).
    const poolId = await setPool(client, info, desiredPool(news, o.previouslyDeclaredPool, info.PoolId), what);
    info = { ...info, PoolId: poolId };
    const updated = await updateSettings(client, info, news, what);
    if (updated) info = { ...info, ...withoutUndefined(updated), PoolId: poolId };
  }
  const tags = await setTags(client, info.PhoneNumberArn!, held.tags, {
    ...(news.tags ?? {}),
    ...ownershipTags(o.owner, o.lease),
  });
  return { info, tags };
}

/** The pool id the number should be in, null for none, or undefined to leave membership as it is. */
function desiredPool(
  news: OriginationNumberInputs,
  previouslyDeclared: string | undefined,
  current: string | undefined,
): string | null | undefined {
  if (news.poolId !== undefined) return smsIdOf(news.poolId);
  if (previouslyDeclared !== undefined && current !== undefined && current === smsIdOf(previouslyDeclared)) return null;
  return undefined;
}

/** Joins or leaves pools; the pool the number is in afterwards. */
async function setPool(
  client: PinpointSMSVoiceV2Client,
  info: PhoneNumberInformation,
  wanted: string | null | undefined,
  what: string,
): Promise<string | undefined> {
  const current = info.PoolId ?? null;
  if (wanted === undefined || wanted === current) return info.PoolId;
  const identity = { OriginationIdentity: info.PhoneNumberId!, IsoCountryCode: info.IsoCountryCode! };
  if (current !== null) {
    try {
      await client.send(new smsVoiceSdk.DisassociateOriginationIdentityCommand({ PoolId: current, ...identity }));
    } catch (err) {
      if (err instanceof smsVoiceSdk.ConflictException && err.Reason === "LAST_PHONE_NUMBER") {
        throw new Error(
          `${what} is the last number in pool ${current}, and a pool cannot be empty: add another number to the pool first, or delete the pool (DeletePool lets its numbers go).`,
        );
      }
      if (!(err instanceof smsVoiceSdk.ConflictException && err.Reason === "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL"))
        throw explain(err, what);
    }
  }
  if (wanted !== null) {
    try {
      await client.send(new smsVoiceSdk.AssociateOriginationIdentityCommand({ PoolId: wanted, ...identity }));
    } catch (err) {
      if (!(err instanceof smsVoiceSdk.ConflictException && err.Reason === "RESOURCE_ALREADY_ASSOCIATED"))
        throw explain(err, what);
    }
  }
  return wanted ?? undefined;
}

async function updateSettings(
  client: PinpointSMSVoiceV2Client,
  info: PhoneNumberInformation,
  news: OriginationNumberInputs,
  what: string,
): Promise<UpdatePhoneNumberCommandOutput | undefined> {
  const change: Record<string, unknown> = {};
  for (const [input, api] of Object.entries(SETTING_TO_API)) {
    const wanted = news[input as keyof OriginationNumberInputs];
    const actual = info[api] ?? (OFF_WHEN_ABSENT.has(api) ? false : undefined);
    if (wanted !== undefined && wanted !== actual) change[api] = wanted;
  }
  if (Object.keys(change).length === 0) return undefined;
  try {
    return await client.send(
      new smsVoiceSdk.UpdatePhoneNumberCommand({ PhoneNumberId: info.PhoneNumberId!, ...change }),
    );
  } catch (err) {
    throw explain(err, what);
  }
}

async function setTags(
  client: PinpointSMSVoiceV2Client,
  arn: string,
  have: Record<string, string>,
  wanted: Record<string, string>,
): Promise<Record<string, string>> {
  const toSet = Object.entries(wanted).filter(([k, v]) => have[k] !== v);
  const toRemove = Object.keys(have).filter((k) => !(k in wanted));
  if (toSet.length > 0)
    await client.send(
      new smsVoiceSdk.TagResourceCommand({ ResourceArn: arn, Tags: tagList(Object.fromEntries(toSet)) }),
    );
  if (toRemove.length > 0)
    await client.send(new smsVoiceSdk.UntagResourceCommand({ ResourceArn: arn, TagKeys: toRemove }));
  return wanted;
}

/** AWS's refusals of in-place changes, as what to do about them. */
export function explain(err: unknown, what: string): Error {
  if (!(err instanceof smsVoiceSdk.ConflictException)) return err as Error;
  switch (err.Reason) {
    case "RESOURCE_NOT_ACTIVE":
      return new Error(
        `${what} is not ACTIVE yet (${err.message}); AWS changes pools and settings of ACTIVE numbers only, and TOLL_FREE and TEN_DLC numbers can stay PENDING for days. Run \`pulumi up\` again once it is ACTIVE.`,
      );
    case "PHONE_NUMBER_ASSOCIATED_TO_POOL":
      return new Error(
        `${what} is in a pool, and AWS does not change a pooled number's settings (${err.message}). Set them on the pool, or remove poolId and run \`pulumi up\` (the number leaves the pool), then change them.`,
      );
    case "MESSAGE_TYPE_MISMATCH":
      return new Error(
        `${what}: the pool sends another message type (${err.message}). Choose a pool of the number's messageType.`,
      );
    default:
      return new Error(`${what}: AWS refused the change: ${err.message} (${err.Reason ?? "no reason given"}).`);
  }
}

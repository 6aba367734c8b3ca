import { smsVoiceSdk } from "../../../aws/sdk";
import { randomUUID } from "node:crypto";
import type { PhoneNumberInformation, PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { LEASE_TAG, OWNER_KEY_TAG, OWNER_STACK_TAG, OWNER_URN_TAG, Owner, ownerFromUrn } from "../../../core/owner";
import { SMS_NUMBER_TYPE, judgeSmsDelete, parseSmsArn } from "../../../core/sms";
import { smsTags } from "../../../aws/sms";
import { isAccessDenied } from "../../../aws/failure";
import { OriginationNumberInputs, OriginationNumberOutputs, isAdopting, label, regionOf, resourceName } from "../shape";
import { SmsProviderConfig } from "./config";
import { DescribedHeldSmsNumber, converge } from "./converge";
import { PartialFailure } from "./errors";
import { describeHeld, outputsOf, stillPendingMessage, waitForActive, withoutUndefined } from "./numbers";
import { requestNumber } from "./request";
import { statusLines } from "../../runtime/progress";

export interface SmsRuntime {
  config: SmsProviderConfig;
  /** One client per region: each number is read and released in its own region. */
  client(region: string): PinpointSMSVoiceV2Client;
}

function regionFor(rt: SmsRuntime, inputs: Partial<OriginationNumberInputs>): string {
  const region = regionOf(inputs, rt.config.aws.region);
  if (!region)
    throw new Error(
      `${label(inputs as OriginationNumberInputs)}: no region: set region on the resource, \`pulumi config set connect-numbers:region <region>\`, or AWS_REGION.`,
    );
  return region;
}

function ownerOf(inputs: OriginationNumberInputs): Owner {
  const owner = ownerFromUrn(inputs.ownerUrn);
  if (!owner)
    throw new Error(
      `${label(inputs)}: ownerUrn ${JSON.stringify(inputs.ownerUrn)} is not a Pulumi URN; construct the resource with new OriginationNumber(...).`,
    );
  return owner;
}

const waitSeconds = (rt: SmsRuntime, i: OriginationNumberInputs) =>
  i.waitForActiveSeconds ?? rt.config.waitForActiveSeconds;

export async function create(
  rt: SmsRuntime,
  inputs: OriginationNumberInputs,
): Promise<{ id: string; outs: OriginationNumberOutputs }> {
  const region = regionFor(rt, inputs);
  const client = rt.client(region);
  const owner = ownerOf(inputs);
  if (isAdopting(inputs)) return adopt(rt, client, inputs, owner);
  const info = await requestNumber({ client, inputs, owner, region });
  const lease = randomUUID();
  let held: DescribedHeldSmsNumber = { info, tags: {} };
  try {
    held.tags = await smsTags(client, info.PhoneNumberArn!);
    // Tags and lease first: from here the number is this instance's, even if the wait gives up.
    held = await converge(client, held, inputs, { owner, lease, activeOnly: true });
    const seconds = waitSeconds(rt, inputs);
    if (held.info.Status !== "ACTIVE" && seconds > 0) {
      const waited = await waitForActive(client, held.info, seconds, label(inputs), statusLines(inputs.ownerUrn));
      held.info = waited.info;
      if (!waited.active) throw new Error(stillPendingMessage(inputs, held.info, seconds));
      held = await converge(client, held, inputs, { owner, lease, activeOnly: true });
    }
  } catch (err) {
    const message = (err as Error).message;
    throw new PartialFailure(message, info.PhoneNumberId!, outputsOf(inputs, held.info, held.tags, "request", lease));
  }
  return { id: info.PhoneNumberId!, outs: outputsOf(inputs, held.info, held.tags, "request", lease) };
}

/** A number the account holds, brought under management with no request: ownership tags, then the declared settings. */
async function adopt(rt: SmsRuntime, client: PinpointSMSVoiceV2Client, inputs: OriginationNumberInputs, owner: Owner) {
  const id = inputs.phoneNumberId!;
  const info = await describeHeld(client, id);
  if (!info) {
    throw new Error(
      `${label(inputs)}: phoneNumberId ${id} is not a number this account holds in ${regionFor(rt, inputs)}. Copy the id or ARN from ` +
        "DescribePhoneNumbers (`aws pinpoint-sms-voice-v2 describe-phone-numbers`); an ARN also gives the region.",
    );
  }
  const tags = await smsTags(client, info.PhoneNumberArn!);
  const managedBy = tags[OWNER_KEY_TAG];
  if (managedBy && managedBy !== owner.key) {
    throw new Error(
      `${label(inputs)}: ${info.PhoneNumber} is already managed by stack ${tags[OWNER_STACK_TAG]} as ${tags[OWNER_URN_TAG] ?? "another resource"}. ` +
        "Remove it from that stack first (retainOnDelete, or `pulumi state delete`), then adopt it here.",
    );
  }
  const lease = randomUUID();
  const held = await converge(client, { info, tags }, inputs, { owner, lease, activeOnly: false });
  return { id: info.PhoneNumberId!, outs: outputsOf(inputs, held.info, held.tags, "adopt", lease) };
}

export async function read(
  rt: SmsRuntime,
  id: string,
  props: OriginationNumberOutputs,
): Promise<{ id: string; props: OriginationNumberOutputs | Record<string, never> }> {
  const client = rt.client(numberRegion(rt, props, id));
  const info = await describeHeld(client, id);
  if (!info) return { id: "", props: {} };
  const tags = await smsTags(client, info.PhoneNumberArn!);
  return {
    id,
    props: outputsOf(props, info, tags, props.origin ?? "request", props.lease ?? "", props.declaredPoolId),
  };
}

export async function update(
  rt: SmsRuntime,
  id: string,
  olds: OriginationNumberOutputs,
  news: OriginationNumberInputs,
): Promise<{ outs: OriginationNumberOutputs }> {
  const client = rt.client(numberRegion(rt, olds, id));
  const info = await describeHeld(client, id);
  if (!info)
    throw new Error(
      `${label(news)}: ${olds.phoneNumber ?? id} is no longer held (released elsewhere?): run \`pulumi refresh\` to drop it from the stack.`,
    );
  const owner = ownerOf(news);
  const lease = olds.lease || randomUUID();
  const origin = olds.origin ?? "request";
  let held: DescribedHeldSmsNumber = { info, tags: await smsTags(client, info.PhoneNumberArn!) };
  const seconds = waitSeconds(rt, news);
  try {
    if (held.info.Status !== "ACTIVE" && seconds > 0) {
      const waited = await waitForActive(client, held.info, seconds, label(news), statusLines(news.ownerUrn));
      held.info = waited.info;
      if (!waited.active) throw new Error(stillPendingMessage(news, held.info, seconds));
    }
    // Not waiting means PENDING is accepted: what AWS allows only on ACTIVE numbers is left for a later update.
    held = await converge(client, held, news, {
      owner,
      lease,
      previouslyDeclaredPool: olds.declaredPoolId,
      activeOnly: seconds === 0,
    });
  } catch (err) {
    const now = (await describeHeld(client, id)) ?? held.info;
    const tags = await smsTags(client, now.PhoneNumberArn!);
    throw new PartialFailure(
      (err as Error).message,
      id,
      outputsOf(news, now, tags, origin, lease, olds.declaredPoolId),
    );
  }
  return { outs: outputsOf(news, held.info, held.tags, origin, lease) };
}

/**
 * Releases the number, unless another instance of this resource took it over (a replacement that got the same
 * number back: its lease is on the number), or another owner holds it now. Refuses, with the fix, what AWS would
 * refuse: deletion protection, a pool (unless forceDisassociate). Gone already counts as released.
 */
export async function remove(rt: SmsRuntime, id: string, props: OriginationNumberOutputs): Promise<void> {
  const client = rt.client(numberRegion(rt, props, id));
  const info = await describeHeld(client, id);
  if (!info) return;
  const tags = await smsTags(client, info.PhoneNumberArn!);
  const owner = ownerFromUrn(props.ownerUrn);
  const holder = tags[OWNER_KEY_TAG];
  if (holder && owner && holder !== owner.key) return; // another owner holds it now: never release theirs
  // Handed over to the replacement.
  if (holder && props.lease && tags[LEASE_TAG] && tags[LEASE_TAG] !== props.lease) return;
  const refused = refusedDelete(props, info);
  if (refused) throw new Error(refused);
  if (info.PoolId) {
    try {
      await client.send(
        new smsVoiceSdk.DisassociateOriginationIdentityCommand({
          PoolId: info.PoolId,
          OriginationIdentity: info.PhoneNumberId!,
          IsoCountryCode: info.IsoCountryCode!,
        }),
      );
    } catch (err) {
      if (err instanceof smsVoiceSdk.ConflictException && err.Reason === "LAST_PHONE_NUMBER") {
        throw new Error(
          `${label(props)} (${info.PhoneNumber}) is the last number in pool ${info.PoolId}, and a pool cannot be empty: delete the pool first (DeletePool lets its numbers go), then delete this resource.`,
        );
      }
      throw err;
    }
  }
  try {
    await client.send(new smsVoiceSdk.ReleasePhoneNumberCommand({ PhoneNumberId: info.PhoneNumberArn! }));
  } catch (err) {
    // Release has no ClientToken: a retry after a lost answer finds the number gone.
    if (err instanceof smsVoiceSdk.ResourceNotFoundException) return;
    if (isAccessDenied(err))
      throw new Error(
        `${label(props)}: AWS denied the release of ${info.PhoneNumber} (${info.PhoneNumberArn}): ${(err as Error).message}. ` +
          "Grant sms-voice:ReleasePhoneNumber on that number to the identity `pulumi up` runs as, then run it again: the number is still held.",
      );
    if (err instanceof smsVoiceSdk.ConflictException) {
      // Protection or a pool turned on between the describe and the release.
      const now = await describeHeld(client, id);
      throw new Error(
        (now && refusedDelete(props, now)) ??
          `${label(props)}: AWS will not release ${info.PhoneNumber} (${err.Reason ?? "no reason given"}): ${err.message}`,
      );
    }
    throw err;
  }
}

/** The one rule (core/sms.ts, also the gate's) over the state and what AWS says now: either protection refuses. */
function refusedDelete(props: OriginationNumberOutputs, info: PhoneNumberInformation): string | undefined {
  // Protection counts when either says so (the gate judged the state); the pool is what AWS says now.
  const outputs = {
    ...props,
    deletionProtectionEnabled: props.deletionProtectionEnabled || info.DeletionProtectionEnabled === true,
    poolId: info.PoolId,
  };
  return judgeSmsDelete({ type: SMS_NUMBER_TYPE, name: resourceName(props), outputs: withoutUndefined(outputs) })
    ?.refused?.message;
}

/** The region a held number lives in: its ARN's (state), never a default that could answer "not found" for it. */
function numberRegion(rt: SmsRuntime, props: Partial<OriginationNumberOutputs>, id: string): string {
  return (
    props.region ||
    (props.arn ? parseSmsArn(props.arn)?.region : undefined) ||
    parseSmsArn(id)?.region ||
    regionFor(rt, props)
  );
}

import {
  ClaimedPhoneNumberSummary,
  ReleasePhoneNumberCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePhoneNumberCommand,
  UpdatePhoneNumberMetadataCommand,
} from "@aws-sdk/client-connect";
import { LEGACY_CLAIM_KEY_TAG as CLAIM_KEY_TAG, LEGACY_RESOURCE_TAG as OWNER_RESOURCE_TAG, OWNER_STACK_TAG, releaseOf, releaseToken, userTags, uuidV5 } from "../../core";
import { listNumbers } from "../../aws/inventory";
import { AwsSession } from "../../aws/session";
import { PhoneNumberInputs, PhoneNumberOutputs, claimMode } from "../shape";
import { claimNumber } from "./claim";
import { ProviderConfig } from "./config";
import { ChurnGuard } from "./guard";
import { describe, outputsOf, waitSettled, withoutUndefined } from "./numbers";

export interface Runtime {
  config: ProviderConfig;
  aws: AwsSession;
  guard: ChurnGuard;
}

/** Thrown after a claim succeeded but a later step failed: Pulumi records the id, so the number never leaks. */
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

const label = (i: Pick<PhoneNumberInputs, "ownerResource">) => `PhoneNumber "${i.ownerResource}"`;

export async function create(rt: Runtime, inputs: PhoneNumberInputs): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  if (claimMode(inputs) === "adopt") return adopt(rt, inputs);
  const id = await claimNumber({ connect: rt.aws.connect, guard: rt.guard, resource: label(inputs) }, inputs);
  try {
    const summary = await waitSettled(rt.aws.connect, id, rt.config.claimTimeoutSeconds, label(inputs));
    return { id, outs: outputsOf(inputs, summary, "claim") };
  } catch (err) {
    const message = (err as Error).message;
    throw new PartialCreateError(message, id, withoutUndefined({ ...inputs, phoneNumberId: id, status: "UNKNOWN", origin: "claim" }), [message]);
  }
}

/** Brings a number the account holds under management: ownership tags, description, target; never a claim. */
async function adopt(rt: Runtime, inputs: PhoneNumberInputs): Promise<{ id: string; outs: PhoneNumberOutputs }> {
  let id = inputs.phoneNumberId;
  if (id === undefined) {
    const held = (await listNumbers(rt.aws.connect, { prefix: inputs.phoneNumber })).find((n) => n.phoneNumber === inputs.phoneNumber);
    if (!held) {
      throw new Error(`${label(inputs)}: the account holds no ${inputs.phoneNumber} in this region to adopt. Check the number and region, or drop adopt to claim it.`);
    }
    id = held.phoneNumberId;
  }
  const summary = await describe(rt.aws.connect, id);
  if (!summary) throw new Error(`${label(inputs)}: phoneNumberId ${id} is not a number this account holds in this region; copy it from ListPhoneNumbersV2.`);
  const owner = summary.Tags?.[OWNER_STACK_TAG];
  if (owner && (owner !== inputs.ownerStack || summary.Tags?.[OWNER_RESOURCE_TAG] !== inputs.ownerResource)) {
    throw new Error(
      `${label(inputs)}: ${summary.PhoneNumber} is already managed by ${owner} as "${summary.Tags?.[OWNER_RESOURCE_TAG]}". ` +
        `Remove it from that stack first (pulumi state delete, or retainOnDelete), then adopt it here.`,
    );
  }
  const current = { targetArn: summary.TargetArn!, description: summary.PhoneNumberDescription, tags: userTags(summary.Tags) };
  const settled = await applyInPlace(rt, summary, current, inputs, true);
  return { id: summary.PhoneNumberId!, outs: outputsOf(inputs, settled, "adopt") };
}

export async function read(rt: Runtime, id: string, props: PhoneNumberOutputs): Promise<{ id: string; props: PhoneNumberOutputs | Record<string, never> }> {
  const summary = await describe(rt.aws.connect, id);
  if (!summary) return { id: "", props: {} };
  return { id, props: withoutUndefined({ ...outputsOf(props, summary, props.origin ?? "claim"), description: summary.PhoneNumberDescription }) };
}

export async function update(rt: Runtime, id: string, olds: PhoneNumberOutputs, news: PhoneNumberInputs): Promise<{ outs: PhoneNumberOutputs }> {
  const summary = await describe(rt.aws.connect, id);
  if (!summary) throw new Error(`${label(news)}: phone number ${id} no longer exists; run \`pulumi refresh\` to drop it from the stack.`);
  const settled = await applyInPlace(rt, summary, { targetArn: olds.targetArn, description: olds.description, tags: olds.tags ?? {} }, news, false);
  return { outs: outputsOf({ ...news, claimKey: olds.claimKey }, settled, olds.origin ?? "claim") };
}

/**
 * Moves the number (UpdatePhoneNumber, then waits for CLAIMED), sets the description (UpdatePhoneNumberMetadata),
 * and tags and untags so the user's tags match, keeping the ownership tags.
 */
async function applyInPlace(
  rt: Runtime,
  summary: ClaimedPhoneNumberSummary,
  current: { targetArn: string; description?: string; tags: Record<string, string> },
  news: PhoneNumberInputs,
  adopting: boolean,
) {
  const { connect } = rt.aws;
  const id = summary.PhoneNumberId!;
  const currentTarget = current.targetArn;
  const wantsTarget = news.targetArn ?? news.instanceId;
  if (wantsTarget !== undefined && wantsTarget !== currentTarget && !currentTarget.endsWith(`:instance/${wantsTarget}`)) {
    await connect.send(
      new UpdatePhoneNumberCommand({
        PhoneNumberId: id,
        ...(news.targetArn !== undefined ? { TargetArn: news.targetArn } : { InstanceId: news.instanceId }),
        ClientToken: uuidV5(`move ${id} to ${wantsTarget}`, news.claimKey),
      }),
    );
    await waitSettled(connect, id, rt.config.claimTimeoutSeconds, label(news));
  }
  if (news.description !== undefined && news.description !== current.description) {
    await connect.send(new UpdatePhoneNumberMetadataCommand({ PhoneNumberId: id, PhoneNumberDescription: news.description }));
  }
  const wanted: Record<string, string> = {
    ...(news.tags ?? {}),
    [OWNER_STACK_TAG]: news.ownerStack,
    [OWNER_RESOURCE_TAG]: news.ownerResource,
    ...(adopting || !summary.Tags?.[CLAIM_KEY_TAG] ? { [CLAIM_KEY_TAG]: news.claimKey } : {}),
  };
  const have = summary.Tags ?? {};
  const toSet = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => have[k] !== v));
  const toRemove = Object.keys({ ...current.tags, ...userTags(have) }).filter((k) => !(k in wanted));
  if (Object.keys(toSet).length > 0) await connect.send(new TagResourceCommand({ resourceArn: summary.PhoneNumberArn, tags: toSet }));
  if (toRemove.length > 0) await connect.send(new UntagResourceCommand({ resourceArn: summary.PhoneNumberArn, tagKeys: toRemove }));
  return (await describe(connect, id)) ?? summary;
}

export async function remove(rt: Runtime, id: string, props: PhoneNumberOutputs): Promise<void> {
  const who = label(props);
  if (props.deletionProtection === true) {
    throw new Error(
      `${who} (${props.phoneNumber}) has deletionProtection: releasing it would put the number into a cooldown of up to 180 days, never to be ours again. ` +
        `If you really mean to release it: set deletionProtection: false, run \`pulumi up\`, then remove it. To stop managing it without releasing, ` +
        `use the retainOnDelete resource option or \`pulumi state delete\`.`,
    );
  }
  const { connect } = rt.aws;
  const summary = await describe(connect, id);
  if (!summary) return; // already gone: the goal of a delete
  if (summary.PhoneNumberStatus?.Status === "IN_PROGRESS") await waitSettled(connect, id, rt.config.claimTimeoutSeconds, who).catch(() => undefined);
  await rt.guard.run(releaseOf(who, "delete", { phoneNumber: props.phoneNumber }), async () => {
    try {
      await connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: id, ClientToken: releaseToken(id) }));
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return { result: undefined, event: { action: "release", phoneNumberId: id } };
      if (err instanceof ResourceInUseException) {
        throw new Error(
          `${who}: AWS will not release ${props.phoneNumber}: it is in use by ${err.ResourceType ?? "another resource"} ${err.ResourceId ?? ""} (${err.message}). ` +
            "Detach it there first (for example disassociate its contact flow or remove it from the traffic distribution group), then run the delete again.",
        );
      }
      throw err;
    }
    return { result: undefined, event: { action: "release", phoneNumber: props.phoneNumber, phoneNumberId: id } };
  });
}

/**
 * What the OriginationNumber's serialized dynamic provider calls, loaded by package name
 * (`connect-numbers/provider/sms/runtime`) inside each method: the closure Pulumi stores captures no SDK client,
 * schema, module or machine path, and a fix here reaches existing resources at once (delete() included).
 */
import type { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { smsClient } from "../../../aws/sms";
import { checkOriginationNumber } from "../../../core/inputs/sms";
import { diffOriginationNumber } from "../diff";
import { OriginationNumberInputs, OriginationNumberOutputs } from "../shape";
import { parseSmsConfig } from "./config";
import { lifecycleCalls } from "../../runtime/calls";
import * as lifecycle from "./lifecycle";

let runtime: lifecycle.SmsRuntime | undefined;
let configError: Error | undefined;

function build(get: (key: string) => string | undefined): lifecycle.SmsRuntime {
  const config = parseSmsConfig(get);
  const clients = new Map<string, PinpointSMSVoiceV2Client>();
  return {
    config,
    client(region) {
      let c = clients.get(region);
      if (!c) clients.set(region, (c = smsClient({ ...config.aws, region })));
      return c;
    },
  };
}

export function configure(get: (key: string) => string | undefined): void {
  try {
    runtime = build(get);
    configError = undefined;
  } catch (err) {
    configError = err as Error;
  }
}

function rt(): lifecycle.SmsRuntime {
  if (!runtime && !configError) configure(() => undefined);
  if (configError) throw configError;
  return runtime!;
}

export function check(news: Partial<OriginationNumberInputs>) {
  const failures = checkOriginationNumber(news);
  if (configError) failures.push({ property: "", reason: configError.message });
  return { inputs: news, failures };
}

export function diff(olds: OriginationNumberOutputs, news: OriginationNumberInputs) {
  const { changes, replaces, deleteBeforeReplace } = diffOriginationNumber(olds, news);
  return { changes, replaces, deleteBeforeReplace };
}

export const { create, read, update, remove } = lifecycleCalls(rt, lifecycle);

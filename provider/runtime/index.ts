/**
 * What the serialized dynamic provider calls. It lives in the installed package, not in the closure Pulumi
 * stores in state, so a fix here reaches existing resources at once (delete() included) and the closure stays
 * free of SDK clients and modules.
 */
import { createSession } from "../../aws/session";
import { checkInputs } from "../check";
import { diffPhoneNumber } from "../diff";
import { PhoneNumberInputs, PhoneNumberOutputs } from "../shape";
import { parseProviderConfig } from "./config";
import { ChurnGuard } from "./guard";
import * as lifecycle from "./lifecycle";

let runtime: lifecycle.Runtime | undefined;
let configError: Error | undefined;

export function configure(get: (key: string) => string | undefined): void {
  try {
    const config = parseProviderConfig(get);
    const aws = createSession(config.aws);
    runtime = { config, aws, guard: new ChurnGuard(config, aws) };
    configError = undefined;
  } catch (err) {
    configError = err as Error;
  }
}

function rt(): lifecycle.Runtime {
  if (configError) throw configError;
  if (!runtime) configure(() => undefined);
  if (configError) throw configError;
  return runtime!;
}

export function check(news: Partial<PhoneNumberInputs>) {
  const failures = checkInputs(news.ownerResource ?? "(unnamed)", news);
  if (configError) failures.push({ property: "", reason: configError.message });
  return { inputs: news, failures };
}

export function diff(olds: PhoneNumberOutputs, news: PhoneNumberInputs) {
  const { changes, replaces, deleteBeforeReplace } = diffPhoneNumber(olds, news);
  return { changes, replaces, deleteBeforeReplace };
}

export const create = (inputs: PhoneNumberInputs) => lifecycle.create(rt(), inputs);
export const read = (id: string, props: PhoneNumberOutputs) => lifecycle.read(rt(), id, props);
export const update = (id: string, olds: PhoneNumberOutputs, news: PhoneNumberInputs) => lifecycle.update(rt(), id, olds, news);
export const remove = (id: string, props: PhoneNumberOutputs) => lifecycle.remove(rt(), id, props);

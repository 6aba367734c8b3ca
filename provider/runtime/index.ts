/**
 * What the serialized dynamic provider calls. It lives in the installed package, not in the closure Pulumi
 * stores in state, so a fix here reaches existing resources at once (delete() included) and the closure stays
 * free of SDK clients, modules and machine paths.
 *
 * Pulumi configures the provider once per distinct serialized string (another version or checkout wrote some
 * resources' state); every one of them reaches the same Deployment, kept on globalThis under a registered symbol,
 * so one deployment has one guard per account and region and one ledger, whatever the strings.
 */
import { PhoneNumberInputs, PhoneNumberOutputs } from "../shape";
import { parseProviderConfig } from "./config";
import * as creating from "./create";
import { Deployment } from "./deployment";
import { checkWith, diffWith } from "./engine-calls";
import { lifecycleCalls } from "./calls";
import * as lifecycle from "./lifecycle";
import { surfaced } from "./surface";

export { Deployment } from "./deployment";
export { checkWith, diffWith } from "./engine-calls";
export { create as createWith } from "./create";
export { read as readWith, update as updateWith, remove as removeWith } from "./lifecycle";
export { parseProviderConfig } from "./config";
export type { ProviderConfig } from "./config";

interface Slot {
  configText?: string;
  deployment?: Deployment;
  error?: Error;
}

const SLOT = Symbol.for("connect-numbers.provider.deployment");

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  return (g[SLOT] ??= {});
}

export function configure(get: (key: string) => string | undefined): void {
  const s = slot();
  try {
    const config = parseProviderConfig(get);
    const text = JSON.stringify(config);
    // Another provider string of the same deployment: the same stack config, so the same Deployment.
    if (s.deployment && s.configText === text) return;
    s.deployment?.destroy();
    s.deployment = new Deployment(config);
    s.configText = text;
    s.error = undefined;
  } catch (err) {
    s.error = err as Error;
  }
}

/**
 * The deployment every resource type of the package shares (a PhoneNumberSet's runtime configures and reaches this
 * one, so a set and single numbers of one deployment have one guard per account and region, and one ledger).
 */
export function sharedDeployment(): { deployment?: Deployment; error?: Error } {
  return slot();
}

export function deployment(): Deployment {
  const s = slot();
  if (!s.deployment && !s.error) configure(() => undefined);
  if (s.error) throw s.error;
  return s.deployment!;
}

export const check = (news: Partial<PhoneNumberInputs>) =>
  surfaced(() => checkWith(slot().deployment, news, slot().error));
export const diff = (olds: PhoneNumberOutputs, news: PhoneNumberInputs) =>
  surfaced(() => diffWith(slot().deployment, olds, news));
export const { create, read, update, remove } = lifecycleCalls(deployment, {
  create: creating.create,
  read: lifecycle.read,
  update: lifecycle.update,
  remove: lifecycle.remove,
});

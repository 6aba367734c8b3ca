/**
 * What the PhoneNumberSet's serialized dynamic provider calls, loaded by package name
 * (`connect-numbers/provider/set/runtime`) inside each method, like the PhoneNumber's: the closure captures no SDK
 * client, module or machine path. It reaches the PhoneNumber runtime's Deployment, so a set and single numbers of
 * one deployment share one guard per account and region, one ledger, and what each learned of the program.
 */
import { ownerFromUrn } from "../../../core";
import { configure as configureShared, deployment, sharedDeployment } from "../../runtime";
import { lifecycleCalls } from "../../runtime/calls";
import { surfaced } from "../../runtime/surface";
import { diffSet } from "../diff";
import { checkSetWith } from "./engine-calls";
import { noteSetHoldings } from "./hand-back";
import { isUnknown } from "../../shape";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs } from "../shape";
import * as lifecycle from "./lifecycle";

export const configure = configureShared;

export function check(news: Partial<PhoneNumberSetInputs>) {
  const { deployment: dep, error } = sharedDeployment();
  return checkSetWith(dep, news, error);
}

export const diff = (olds: PhoneNumberSetOutputs, news: PhoneNumberSetInputs) =>
  surfaced(() => {
    const dep = sharedDeployment().deployment;
    const key = typeof news.ownerUrn === "string" ? ownerFromUrn(news.ownerUrn)?.key : undefined;
    if (dep !== undefined && !Object.values(news).some(isUnknown)) noteSetHoldings(dep, olds, news);
    const { waits, ...result } = diffSet(
      olds,
      news,
      (m) => dep !== undefined && key !== undefined && dep.declaresNumber(m.phoneNumber, m.phoneNumberId, key),
      dep?.regions.defaultRegion,
    );
    if (waits !== undefined) dep?.warn(`connect-numbers: ${waits}`);
    return result;
  });
export const { create, read, update, remove } = lifecycleCalls(deployment, lifecycle);

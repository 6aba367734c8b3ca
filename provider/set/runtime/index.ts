/**
 * What the PhoneNumberSet's serialized dynamic provider calls, loaded by package name
 * (`connect-numbers/provider/set/runtime`) inside each method, like the PhoneNumber's: the closure captures no SDK
 * client, module or machine path. It reaches the PhoneNumber runtime's Deployment, so a set and single numbers of
 * one deployment share one guard per account and region, one ledger, and what each learned of the program.
 */
import { GrowthFit, ownerFromUrn, setGrowthWaitsSentence } from "../../../core";
import { configure as configureShared, deployment, sharedDeployment } from "../../runtime";
import { lifecycleCalls } from "../../runtime/calls";
import { Deployment } from "../../runtime/deployment";
import { placeOfInputs } from "../../runtime/place";
import { surfaced } from "../../runtime/surface";
import { diffSet } from "../diff";
import { placeInputs } from "./context";
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
  surfaced(async () => {
    const dep = sharedDeployment().deployment;
    const key = typeof news.ownerUrn === "string" ? ownerFromUrn(news.ownerUrn)?.key : undefined;
    if (dep !== undefined && !Object.values(news).some(isUnknown)) noteSetHoldings(dep, olds, news);
    const { waiting, ...result } = diffSet(
      olds,
      news,
      (m) => dep !== undefined && key !== undefined && dep.declaresNumber(m.phoneNumber, m.phoneNumberId, key),
      dep?.regions.defaultRegion,
    );
    if (waiting === undefined || dep === undefined) return result;
    const fit = await growthFitNow(dep, news, waiting.claims, waiting.label);
    if (fit === undefined || fit.fit > 0) return result;
    dep.warn(`connect-numbers: ${setGrowthWaitsSentence(waiting.label, waiting.claims, fit.freesAt)}`);
    return { ...result, changes: false };
  });

/**
 * What of a waiting growth the churn window has room for now, read as the update's guard reads it. Unreadable (no
 * access, no region): undefined, and the growth shows, for the update's guard to judge and explain.
 */
async function growthFitNow(
  dep: Deployment,
  news: PhoneNumberSetInputs,
  claims: number,
  label: string,
): Promise<GrowthFit | undefined> {
  try {
    const place = await placeOfInputs(dep, placeInputs(news), label);
    return await dep.guard(place.scope, place.session).growthFitNow(claims);
  } catch {
    return undefined;
  }
}
export const { create, read, update, remove } = lifecycleCalls(deployment, lifecycle);

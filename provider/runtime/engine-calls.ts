import { declaredTwiceRefusal, isFailedClaim, ownerFromUrn, phoneNumberIdOf } from "../../core";
import { CheckFailure, checkInputs, resourceName } from "../../core/inputs/connect";
import { diffPhoneNumber, regionOfState } from "../diff";
import { PhoneNumberInputs, PhoneNumberOutputs, claimMode, isUnknown } from "../shape";
import { labelOf } from "./create";
import { Deployment } from "./deployment";
import { ownerOfState } from "./ownership";
import { regionOfInputs } from "./place";

/**
 * check and diff as the engine calls them, with what they teach the deployment: which resources the program
 * declares (and with what inputs), and which numbers instances in state hold. Create and delete use it to tell a
 * replaced instance's number from an earlier attempt's, and a delete-before-replace from a removal.
 */
/**
 * The owner the program declares, once its URN is known (a parent's URN may still be unknown at check): a
 * PhoneNumber's and a PhoneNumberSet's alike.
 */
export function declaredOwner(news: { ownerUrn?: unknown }) {
  return typeof news.ownerUrn === "string" && !isUnknown(news.ownerUrn) ? ownerFromUrn(news.ownerUrn) : undefined;
}

export function checkWith(
  dep: Deployment | undefined,
  news: Partial<PhoneNumberInputs>,
  configError?: Error,
): { inputs: Partial<PhoneNumberInputs>; failures: CheckFailure[] } {
  const failures = checkInputs(resourceName(news), news);
  if (configError) failures.push({ property: "", reason: configError.message });
  const owner = declaredOwner(news);
  if (failures.length === 0 && owner && dep) {
    dep.noteDeclared(owner.key, news as PhoneNumberInputs);
    const declaredTwice = setDeclaringTheNumber(dep, owner.key, news);
    if (declaredTwice) failures.push({ property: "phoneNumber", reason: declaredTwice });
  }
  return { inputs: news, failures };
}

/**
 * A PhoneNumberSet of the program that lists this resource's specific number: refused at preview, before either
 * takes it from the other (two PhoneNumbers declaring one number are told at create, by the one that holds it).
 */
function setDeclaringTheNumber(dep: Deployment, ownerKey: string, news: Partial<PhoneNumberInputs>) {
  const number = typeof news.phoneNumber === "string" && !isUnknown(news.phoneNumber) ? news.phoneNumber : undefined;
  const id =
    typeof news.phoneNumberId === "string" && !isUnknown(news.phoneNumberId)
      ? phoneNumberIdOf(news.phoneNumberId)
      : undefined;
  if (number === undefined && id === undefined) return undefined;
  const other = dep.declarerOf(number ?? "", id ?? "", ownerKey);
  if (other?.kind !== "PhoneNumberSet") return undefined;
  return declaredTwiceRefusal({
    label: labelOf(news as PhoneNumberInputs),
    number: number ?? id!,
    declaration: { name: resourceName(news), kind: "PhoneNumber" },
    other,
  });
}

export function diffWith(dep: Deployment | undefined, olds: PhoneNumberOutputs, news: PhoneNumberInputs) {
  const { changes, replaces, deleteBeforeReplace } = diffPhoneNumber(olds, news, {
    defaultRegion: dep?.regions.defaultRegion,
  });
  refuseRegionMove(olds, news, replaces, dep?.regions.defaultRegion);
  refuseProtectedReplacement(olds, news, replaces);
  if (dep && olds.phoneNumberId) {
    const label = labelOf(news);
    const previous = ownerOfState(olds, label);
    dep.noteLive(previous.key, olds.phoneNumberId);
    // An alias (rename, new parent) gives the resource a new owner while state still names the old one: a delete of
    // the old instance (delete-before-replace) must know the program still declares it. Found by the campaign
    // (seed -1734334239: a parent move with alias, then a forced delete-before-replace, released a declared number).
    const current = declaredOwner(news);
    if (current && current.key !== previous.key && !dep.declaredInputs(previous.key))
      dep.noteDeclared(previous.key, news);
    // Its number is tagged for the old owner, which the new instance's create does not look under.
    if (current && current.key !== previous.key && isFailedClaim(olds)) dep.failedClaimsReplaced.set(current.key, olds);
    if (replaces.length === 0 && dep.handedAway(olds.phoneNumberId, previous.key)) {
      throw new Error(
        `${label}: ${olds.phoneNumber} was just taken over by another resource of this program that declares the same number: ` +
          "one number cannot belong to two resources. Remove one of the two declarations.",
      );
    }
  }
  return { changes, replaces, deleteBeforeReplace };
}

/**
 * The same specific number in another region: a number never leaves its region, and the claim there can only fail
 * (as "not available", blaming another account): say why at preview instead.
 */
function refuseRegionMove(
  olds: PhoneNumberOutputs,
  news: PhoneNumberInputs,
  replaces: string[],
  defaultRegion: string | undefined,
): void {
  const moved = replaces.find((r) => r === "targetArn" || r === "region");
  if (
    !moved ||
    claimMode(news) !== "specific" ||
    news.phoneNumber !== olds.phoneNumber ||
    Object.values(news).some(isUnknown)
  )
    return;
  const from = regionOfState(olds);
  const to = regionOfInputs(news, defaultRegion);
  if (from === undefined || to === undefined || from === to) return;
  throw new Error(
    `${labelOf(news)}: ${olds.phoneNumber} lives in ${from} and a number cannot move to another region (${moved} is in ${to}). ` +
      `Keep ${moved} in ${from}, or choose another phoneNumber for ${to}.`,
  );
}

/**
 * A replacement releases the old number once the new one is claimed; under deletionProtection that release is
 * refused, and the replaced instance can never be updated again, so nothing could let it through later: refuse
 * the replacement itself, at preview, before any claim. Turning protection off in the same change means it. A
 * replacement only assumed because a value is unknown at preview is judged by the apply-time diff; a FAILED claim's
 * retry takes the same number, so it releases nothing.
 */
function refuseProtectedReplacement(olds: PhoneNumberOutputs, news: PhoneNumberInputs, replaces: string[]): void {
  const reasons = replaces.filter((r) => r !== "status");
  if (olds.deletionProtection !== true || news.deletionProtection !== true || reasons.length === 0) return;
  if (Object.values(news).some(isUnknown)) return;
  throw new Error(
    `${labelOf(news)}: changing ${reasons.join(", ")} replaces ${olds.phoneNumber ?? olds.phoneNumberId}, and the replacement would release it, which its deletionProtection refuses. ` +
      `To keep the number, put ${reasons.join(", ")} back. If you mean to give it up (a release puts it into a cooldown of up to 180 days), set deletionProtection: false in the same change.`,
  );
}

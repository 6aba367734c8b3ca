import { KEPT_FOR_TAG, ownerKey, parseUrn } from "../owner";
import { ReleasedNumber, isAllowedRelease } from "../renames";
import { ConnectDeleteRefusal } from "./delete";
import { GuardedAllowance, guardedAllowance, namesMarked, stackOnlySentence } from "./stack-allowance";

/**
 * The kept-for rule. An `up` that refused a rename without an alias tagged the old number KEPT_FOR_TAG with the
 * owner key of the resource it was kept for. While that resource is declared, a later release of the number is
 * refused: the provider cannot tell the user removing the old resource from a blind retry of the refused `up`. The
 * way out is a release on purpose: the stack's connect-numbers:allowReleases naming the number, its id or either
 * resource (the provider reads no other list: a face's own allowance does not pass it, stack-allowance.ts). One rule
 * for the provider, the pack and `check`.
 *
 * `keptFor` is the declared resource the mark names (its URN when the face knows it: a preview digest without
 * --show-sames lists no unchanged resource); undefined when the number carries no mark or that resource is no longer
 * declared.
 */
export function keptForRefusal(x: KeptForRelease): ConnectDeleteRefusal | undefined {
  return keptForJudgement(x).refusal;
}

/**
 * The refusal (keptForRefusal), and the allowance entry the judgement used, the stack's or the face's own (a face
 * reports the entries of its list that named nothing): one reading of the lists for both.
 */
export function keptForJudgement(x: KeptForRelease): { refusal?: ConnectDeleteRefusal; entry?: string } {
  const allowance = keptForAllowance(x);
  const entry = allowance?.allowedBy ?? allowance?.ownOnly;
  return { refusal: refusalOf(x, allowance), ...(entry !== undefined ? { entry } : {}) };
}

function refusalOf(x: KeptForRelease, allowance: GuardedAllowance | undefined): ConnectDeleteRefusal | undefined {
  if (x.keptFor === undefined || allowance?.allowedBy !== undefined) return undefined;
  const name = parseUrn(x.released.resource)?.name ?? x.released.resource;
  const urn = x.keptFor.urn;
  const keptName = urn === undefined ? "the resource it was kept for" : (parseUrn(urn)?.name ?? urn);
  const number = x.released.phoneNumber ?? x.released.phoneNumberId ?? "its number";
  return {
    reason: "kept-for",
    message:
      `${name} (${number}) is tagged ${KEPT_FOR_TAG} for ${keptName}: an earlier \`up\` refused its release as a rename without an alias, ` +
      `and the provider refuses it again (it cannot tell this removal from a retry of that \`up\`), so the apply stops there. ` +
      `To keep it: declare ${name} again. ` +
      stackOnlySentence({
        own: allowance?.ownOnly === undefined ? undefined : x.own?.spelled(allowance.ownOnly),
        name: number,
        stack: x.allowed,
        afterClaim: false,
      }),
  };
}

export interface KeptForRelease {
  released: ReleasedNumber;
  keptFor: { urn?: string } | undefined;
  /** The stack's connect-numbers:allowReleases; undefined when the face cannot read it (check outside the project). */
  allowed: readonly string[] | undefined;
  /** The face's own allowance (check's --allow-release, the pack's policy config), which the provider does not read. */
  own?: { entries: readonly string[]; spelled: (entry: string) => string };
  /** The mark itself (an owner key): names the kept-for resource when its URN is not known. */
  mark?: string;
}

/**
 * How a release of a kept number stands with the lists (undefined: no mark of a declared resource): an entry naming
 * the number, its id, the releasing resource or the one it is kept for (by URN, or by name when only the mark is
 * known), as the provider matches its claimant. The entry it finds is one the face used.
 */
export function keptForAllowance(x: KeptForRelease): GuardedAllowance | undefined {
  if (x.keptFor === undefined) return undefined;
  const urn = x.keptFor.urn;
  const claim = { resource: urn ?? x.released.resource, unknown: [] };
  const names = (e: string) =>
    isAllowedRelease({ released: x.released, claim }, [e]) ||
    (urn === undefined && namesMarked(e, x.mark, x.released.resource));
  return guardedAllowance(names, x.allowed, x.own?.entries ?? []);
}

/**
 * The declared resource a kept-for mark (an owner key) names: found among the declared URNs, else, when only the
 * changed resources are known (`removed` given), any resource the plan does not remove.
 */
export function keptForResource(
  mark: string | undefined,
  declaredUrns: Iterable<string>,
  removed?: Iterable<string>,
): { urn?: string } | undefined {
  if (mark === undefined) return undefined;
  for (const urn of declaredUrns) if (ownerKey(urn) === mark) return { urn };
  if (removed === undefined) return undefined;
  for (const urn of removed) if (ownerKey(urn) === mark) return undefined;
  return {};
}

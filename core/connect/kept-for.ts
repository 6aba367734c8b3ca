import { KEPT_FOR_TAG, ownerKey, parseUrn } from "../owner";
import { ReleasedNumber, isAllowedRelease } from "../renames";
import { ConnectDeleteRefusal } from "./delete";

/**
 * The kept-for rule. An `up` that refused a rename without an alias tagged the old number KEPT_FOR_TAG with the
 * owner key of the resource it was kept for. While that resource is declared, a later release of the number is
 * refused: the provider cannot tell the user removing the old resource from a blind retry of the refused `up`. The
 * way out is a release on purpose: allowReleases (pack, provider) or --allow-release (check) naming the number, its
 * id or either resource. One rule for the provider, the pack and `check`.
 *
 * `keptFor` is the declared resource the mark names (its URN when the face knows it: a preview digest without
 * --show-sames lists no unchanged resource); undefined when the number carries no mark or that resource is no longer
 * declared.
 */
export function keptForRefusal(x: {
  released: ReleasedNumber;
  keptFor: { urn?: string } | undefined;
  allowed: readonly string[];
}): ConnectDeleteRefusal | undefined {
  if (x.keptFor === undefined) return undefined;
  if (
    isAllowedRelease(
      { released: x.released, claim: { resource: x.keptFor.urn ?? x.released.resource, unknown: [] } },
      x.allowed,
    )
  )
    return undefined;
  const name = parseUrn(x.released.resource)?.name ?? x.released.resource;
  const urn = x.keptFor.urn;
  const keptName = urn === undefined ? "the resource it was kept for" : (parseUrn(urn)?.name ?? urn);
  const number = x.released.phoneNumber ?? x.released.phoneNumberId ?? "its number";
  return {
    reason: "kept-for",
    message:
      `${name} (${number}) is tagged ${KEPT_FOR_TAG} for ${keptName}: an earlier \`up\` refused its release as a rename without an alias, ` +
      `and the provider refuses it again (it cannot tell this removal from a retry of that \`up\`), so the apply stops there. ` +
      `To keep it: declare ${name} again. To release it on purpose: name ${number} in allowReleases (the pack and the provider) or --allow-release (check).`,
  };
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

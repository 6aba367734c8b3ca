import { TaggedOwnership, describeHolder, ownerKey, parseUrn } from "../owner";
import { ReleasedNumber } from "../renames";

/**
 * The declared-elsewhere rule. Another package's delete (Terraform's aws_connect_phone_number or awscc, pulumi-aws,
 * aws-native) calls ReleasePhoneNumber whoever holds the number by then. After a migration whose first step was
 * skipped (the old resource let go without its delete), the number is held by a connect-numbers resource: its tags,
 * or the ledger's ownership index, name that holder. Applying the delete would release a number a stack declares:
 * blocked, whatever --allow-release says (to release it, remove it from the stack that declares it). This package's
 * own delete finds the holder in the tags and releases nothing, and a plan that removes the holder too releases a
 * number nobody declares any more: neither is this rule's. One rule for `check` and `plan-waves`; the pack cannot see
 * a removed resource and says so. No provider of ours refuses such a delete (it is another package's): it is a block
 * of the gates, not a refusal, and every face says it as its own finding.
 */
export interface DeclaredElsewhere {
  /** The stack whose connect-numbers resource holds the number. */
  holderStack: string;
  message: string;
}

export function declaredElsewhereBlock(x: {
  released: ReleasedNumber;
  /** Who the number's tags (or the ledger's index) say holds it; undefined when no connect-numbers stack does. */
  holder: TaggedOwnership | undefined;
  /** The resources the plan removes (URNs or addresses). */
  removed: Iterable<string>;
}): DeclaredElsewhere | undefined {
  const { released, holder } = x;
  if (released.ours || holder === undefined) return undefined;
  for (const r of x.removed) if (parseUrn(r) && ownerKey(r) === holder.key) return undefined;
  const number = released.phoneNumber ?? released.phoneNumberId ?? "its number";
  const id =
    released.phoneNumberId !== undefined && released.phoneNumber !== undefined ? ` (${released.phoneNumberId})` : "";
  const urn = parseUrn(released.resource);
  const fix = urn
    ? `Let Pulumi forget it without its delete: \`pulumi state delete '${released.resource}'\`, or declare ${urn.name} again with the resource option retainOnDelete: true, run \`pulumi up\`, then remove it.`
    : `Let Terraform forget it without destroying it: replace its resource block with removed { from = ${released.resource.replace(/\[[^\]]*\]$/, "")} lifecycle { destroy = false } } (Terraform 1.7 or later) and apply that, or run \`terraform state rm '${released.resource}'\`.`;
  return {
    holderStack: holder.stack,
    message:
      `${released.resource} deletes ${number}${id}, which connect-numbers ${describeHolder(holder)} holds: ` +
      `its delete calls ReleasePhoneNumber whoever holds the number, so applying this plan releases a number that stack declares (a cooldown of up to 180 days; lost). ` +
      `${fix} To release the number on purpose, remove it from ${holder.stack} instead.`,
  };
}

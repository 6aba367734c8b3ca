/**
 * A phone number's operation an `up` began and never finished (killed mid-call: Pulumi's state keeps it in
 * `pending_operations`), in every face's words. Whether AWS carried it out is unknown, and an AWS call whose outcome
 * is unknown is counted until proven otherwise: an in-flight release counts as a release. Pulumi (3.248) only warns of
 * it and goes on; `pulumi refresh` reads the number back and drops the record.
 */
export function inFlightSentence(op: { urn: string; operation: string; phoneNumber?: string }): string {
  const number = op.phoneNumber ?? "its number";
  const drop =
    "`pulumi refresh` reads the number back from AWS and clears the pending operation " +
    "(or `pulumi stack export --file state.json && pulumi stack import --file state.json`, which drops it unread)";
  if (op.operation === "deleting")
    return (
      `${op.urn}: an earlier \`pulumi up\` stopped while releasing ${number} (the stack's state records the delete in flight), ` +
      `so whether AWS released it is unknown: it is counted as released until proven otherwise. To settle it, ${drop}; ` +
      `the next \`pulumi up\` then releases ${number} only if AWS still holds it.`
    );
  return (
    `${op.urn}: an earlier \`pulumi up\` stopped while ${op.operation} it (the stack's state records the operation in flight), ` +
    `so what AWS did to ${number} is unknown. To settle it, ${drop}` +
    (op.operation === "creating"
      ? "; a pending create needs `pulumi refresh` run interactively, or `pulumi refresh --clear-pending-creates`."
      : ".")
  );
}

/**
 * The way out of a number pending delete whose release the churn budget refuses, said once for every face (the pack,
 * `check`, the provider's guard). Pulumi's state keeps the old instance of a replacement whose release failed with
 * `delete: true`, and every `up` retries that release before anything else: refused, it stops the stack's every `up`
 * until the window has room. Dropping the old instance from the state keeps the number (in the account, outside the
 * stack) and lets the stack go on. `pulumi state delete <urn>` cannot be the command: the URN names the old instance
 * and the one that replaced it, and without a prompt (--non-interactive, CI) it refuses the ambiguity.
 */
export function pendingDeleteWayOut(urn: string, phoneNumber: string | undefined): string {
  const number = phoneNumber ?? "the number";
  const drop = `del(.deployment.resources[] | select(.urn == "${urn}" and .delete == true))`;
  return (
    `${urn} holds ${number} pending delete (an old instance an earlier replacement left in the stack's state), whose release every \`pulumi up\` retries first: ` +
    `to keep ${number} and unblock the stack now, drop the old instance from the state, ` +
    `\`pulumi stack export | jq '${drop}' > state.json && pulumi stack import --file state.json\` ` +
    "(`pulumi state delete` cannot tell the old instance from the one that replaced it, which share the URN, without a prompt); " +
    `${number} then stays in the account, outside the stack: to manage it again, declare a PhoneNumber of another name with ` +
    `phoneNumber: "${phoneNumber ?? "<the number>"}" and adopt: true (no claim).`
  );
}

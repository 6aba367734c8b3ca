/** What the pack says when it cannot read the account, and whether that blocks (failClosed). */

/** An account read that failed; `what` names the part (inventory, history, quota) where known. */
/** unanswered: a call AWS did not answer; the message then holds the fix (the network, or more time). */
export type ReadFailure = Error & { what?: string; unanswered?: boolean };

/**
 * `unneededIn`: the region of a read no verdict rests on (the plan claims and releases no number there): it blocks
 * nothing, whatever failClosed says (the churn policy passes such a plan).
 */
export function unreadableMessage(error: ReadFailure, failClosed: boolean, unneededIn?: string): string {
  const what = error.what ? `the account's ${error.what}` : "the account";
  // The SDK's own words may end in a period: one sentence ends once.
  const reason = error.message.replace(/\.+$/, "");
  return (
    `The phone-number checks could not read ${what}: ${reason}. ` +
    (error.unanswered
      ? ""
      : "Give the policy pack access (sts:GetCallerIdentity, connect:ListPhoneNumbersV2, connect:DescribePhoneNumber, cloudtrail:LookupEvents, servicequotas:GetServiceQuota) " +
        "and its region (and endpoint, for an emulator or VPC endpoint) in the policy config or the stack's connect-numbers:region, or set quota and historyFiles. ") +
    (unneededIn !== undefined
      ? `Not blocking: this plan claims and releases no number in ${unneededIn}, so no verdict rests on this read.`
      : failClosed
        ? "Blocked because failClosed is true: a plan that cannot be judged is not OK."
        : "Not blocking because failClosed is false: this plan's churn is unchecked.")
  );
}

export function smsUnreadableMessage(error: Error, failClosed: boolean): string {
  return (
    `The SMS checks could not read the account's SMS origination numbers: ${error.message}. ` +
    "Give the policy pack sms-voice:DescribePhoneNumbers and sms-voice:ListTagsForResource, and its region (the policy config's region or the stack's connect-numbers:region; " +
    "connect-numbers:smsEndpoint for an endpoint other than the emulator). " +
    (failClosed
      ? 'Blocked because failClosed is true: a plan whose SMS releases cannot be seen is not OK (a stack that never holds SMS numbers can set this policy\'s enforcementLevel to "disabled").'
      : "Not blocking because failClosed is false: this plan's SMS releases are unchecked.")
  );
}

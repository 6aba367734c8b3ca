/** Connect ARNs read once: a phone number's id, and the region and account any Connect ARN names. */

/**
 * The bare id of a phone-number id or ARN (arn:aws:connect:REGION:ACCOUNT:phone-number/ID, or the v1
 * …:instance/I/phone-number/ID form); an id is returned as it is.
 */
export function phoneNumberIdOf(idOrArn: string): string {
  return idOrArn.startsWith("arn:") ? idOrArn.slice(idOrArn.lastIndexOf("/") + 1) : idOrArn;
}

/** The id in a phone number's ARN; undefined for any other text (an instance ARN, a bare id). */
export function phoneNumberIdOfArn(arn: string | undefined): string | undefined {
  return arn !== undefined && arn.startsWith("arn:") && arn.includes(":phone-number/")
    ? phoneNumberIdOf(arn)
    : undefined;
}

export interface ArnPlace {
  region: string;
  accountId: string;
}

/** Region and account of a Connect ARN (instance, traffic distribution group or phone number). */
export function placeOfArn(arn: string | undefined): ArnPlace | undefined {
  const m = arn === undefined ? null : /^arn:[a-z-]+:connect:([a-z0-9-]+):(\d{12}):/.exec(arn);
  return m ? { region: m[1], accountId: m[2] } : undefined;
}

/**
 * The ARN of an instance of this account and region ("instance/ID" as targetKey gives it, or the bare id): what
 * Service Quotas takes as the ContextId of its own "Phone numbers per instance".
 */
export function instanceArnOf(place: ArnPlace, instance: string): string {
  const id = instance.startsWith("instance/") ? instance.slice("instance/".length) : instance;
  return `arn:${partitionOf(place.region)}:connect:${place.region}:${place.accountId}:instance/${id}`;
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The places (account and region) the Connect ARNs among these values name, each once, by account then region. */
export function placesOfArns(values: Iterable<unknown>): ArnPlace[] {
  const places = new Map<string, ArnPlace>();
  for (const v of values) {
    const place = typeof v === "string" ? placeOfArn(v) : undefined;
    if (place) places.set(`${place.accountId} ${place.region}`, place);
  }
  return [...places.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
}

/** Whose history a gate reads for a plan (planAccount). */
export type PlanAccount =
  /** region: the one region the plan's ARNs name for the account, if one. */
  | { kind: "known"; accountId: string; region?: string }
  | { kind: "unknown" }
  | { kind: "contradicts"; given: string; named: string[] };

/**
 * The account a plan targets: the one given (--account), else the one its ARNs name. Its churn is the only churn
 * that counts against it: another account's window is not this plan's. An account given that none of the plan's
 * ARNs names contradicts the plan; a plan naming several accounts (or none) leaves it to be found elsewhere.
 */
export function planAccount(places: readonly ArnPlace[], given: string | undefined): PlanAccount {
  const named = [...new Set(places.map((p) => p.accountId))];
  if (given !== undefined)
    return named.length > 0 && !named.includes(given)
      ? { kind: "contradicts", given, named: [...named] }
      : known(places, given);
  return named.length === 1 ? known(places, named[0]) : { kind: "unknown" };
}

function known(places: readonly ArnPlace[], accountId: string): PlanAccount {
  const regions = places.filter((p) => p.accountId === accountId).map((p) => p.region);
  return { kind: "known", accountId, ...(regions.length === 1 ? { region: regions[0] } : {}) };
}

/**
 * The refusal of a read of the account under another account's credentials: the plan targets `account` (named by
 * `namedBy`: its ARNs, or a flag), STS GetCallerIdentity says the credentials are `credentials`'. That account's
 * history, quota and numbers are not this plan's, so no verdict read from them holds: every face that reads the
 * account online refuses, in these words. Undefined when the two agree.
 */
export function otherAccountCredentials(
  plan: { account: string; namedBy: string },
  credentials: string,
): string | undefined {
  if (plan.account === credentials) return undefined;
  return (
    `this plan targets account ${plan.account} (${plan.namedBy}), but the AWS credentials in use are account ` +
    `${credentials}'s (STS GetCallerIdentity), whose history, quota and numbers are not this plan's. Use credentials ` +
    `of account ${plan.account} (AWS_PROFILE naming a profile of that account, or a role assumed in it) and run again.`
  );
}

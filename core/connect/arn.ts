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

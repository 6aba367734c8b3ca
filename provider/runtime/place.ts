import { failureFix } from "../../aws/failure";
import { AwsSession } from "../../aws/session";
import { LedgerScope } from "../../ledger/types";
import { regionOfState } from "../diff";
import { wantedNumber } from "../../core/connect";
import { PhoneNumberInputs, PhoneNumberOutputs, placeOfArn } from "../shape";
import { Deployment } from "./deployment";

/** Where a number lives: its region's session, its account, and whether the region is known for sure. */
export interface Place {
  region: string;
  accountId: string;
  scope: LedgerScope;
  session: AwsSession;
  /**
   * The region comes from the number's own ARN or the target it was claimed to: a NotFound there means the
   * number is gone. Otherwise (a guess from stack config) a NotFound proves nothing.
   */
  certain: boolean;
}

/** The region of new inputs: the target ARN, an adopted ARN, the region input, else stack config. */
export function regionOfInputs(
  inputs: Pick<PhoneNumberInputs, "targetArn" | "phoneNumberId" | "region">,
  defaultRegion: string | undefined,
): string | undefined {
  return wantedNumber(inputs).region ?? defaultRegion;
}

export async function placeOfInputs(dep: Deployment, inputs: PhoneNumberInputs, label: string): Promise<Place> {
  const region = regionOfInputs(inputs, dep.regions.defaultRegion);
  if (!region) {
    throw new Error(
      `${label}: no region for this number: give targetArn, a phone-number ARN, the region input, or \`pulumi config set connect-numbers:region <region>\`.`,
    );
  }
  const arnAccount = placeOfArn(inputs.targetArn)?.accountId ?? placeOfArn(inputs.phoneNumberId)?.accountId;
  return place(dep, region, arnAccount, true, label);
}

/** Where a stored number lives; `wanted` (the new inputs' region, for an update) comes before stack config when the state does not say. */
export async function placeOfState(
  dep: Deployment,
  props: PhoneNumberOutputs,
  label: string,
  wanted?: string,
): Promise<Place> {
  const known = regionOfState(props);
  const region = known ?? wanted ?? dep.regions.defaultRegion;
  if (!region)
    throw new Error(
      `${label}: the stack does not say which region holds ${props.phoneNumberId}; \`pulumi config set connect-numbers:region <region>\`.`,
    );
  const arnAccount = placeOfArn(props.arn)?.accountId ?? props.accountId ?? placeOfArn(props.targetArn)?.accountId;
  return place(dep, region, arnAccount, known !== undefined, label);
}

async function place(
  dep: Deployment,
  region: string,
  arnAccount: string | undefined,
  certain: boolean,
  label: string,
): Promise<Place> {
  const session = dep.regions.session(region);
  const accountId =
    arnAccount ??
    (await session.accountId().catch((err: Error) => {
      const fix = failureFix(err, {
        endpoint: undefined,
        setting: "connect-numbers:endpoint",
        grant: "sts:GetCallerIdentity (or give targetArn: its ARN names the account)",
      });
      throw new Error(
        `${label}: cannot tell which account the number belongs to (STS GetCallerIdentity: ${err.message}); ${fix}.`,
      );
    }));
  return { region, accountId, scope: { accountId, region }, session, certain };
}

/**
 * What the OriginationNumber resource stores: its inputs as the provider sees them, and its outputs; and the
 * arguments a program gives. Pure.
 */

import { isUnknown } from "../../core/unknown";
import type { OriginationNumberInputs } from "../../core/inputs/names";
import type { ArgsOf } from "../dynamic";

export {
  ORIGINATION_NUMBER_INPUTS,
  isAdopting,
  smsLabel as label,
  smsResourceName as resourceName,
} from "../../core/inputs/names";
export type { OriginationNumberInputs } from "../../core/inputs/names";

export { isUnknown };
export { regionOf, regionsNamed } from "../../core/sms";

/** Names follow pulumi-aws's aws.pinpoint.Smsvoicev2PhoneNumber: moving a number from there is a change of class. */
export type OriginationNumberArgs = ArgsOf<OriginationNumberInputs>;

export interface OriginationNumberOutputs extends OriginationNumberInputs {
  phoneNumberId: string;
  arn: string;
  phoneNumber: string;
  /** PENDING, ACTIVE, ASSOCIATING, DISASSOCIATING or DELETED. */
  status: string;
  region: string;
  isoCountryCode: string;
  messageType: string;
  numberCapabilities: string[];
  numberType: string;
  monthlyLeasingPrice?: string;
  optOutListName: string;
  deletionProtectionEnabled: boolean;
  twoWayChannelEnabled: boolean;
  selfManagedOptOutsEnabled: boolean;
  /** The pool the inputs named at the last apply: removing poolId from the inputs means "leave the pool". */
  declaredPoolId?: string;
  /** How the stack came to hold the number. */
  origin: "request" | "adopt";
  /** This resource instance's hold on the number (tag connect-numbers:lease): a replacement takes it over. */
  lease: string;
}

/** The tags are optional as inputs, and the provider always stores them (its lease tag among them): typed as set. */
export type OriginationNumberPresent = "tags";

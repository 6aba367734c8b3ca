import { FaultRegistry } from "../control/faults";
import { ServiceError } from "../state/errors";
import { CallContext, EmulatorStore } from "../state/store";
import { SMS, jsonViolations } from "../aws-model/services";
import { modelViolation, smsFlavour, throttled } from "./errors";
import * as numbers from "./numbers";
import * as pools from "./pools";
import { SmsAccount } from "./state";
import * as tags from "./tags";
import { Body } from "./validate";

/**
 * SMS and voice v2 on the emulator's port: awsJson1_0, `POST /` with `X-Amz-Target: PinpointSMSVoiceV2.<Op>`
 * (signing name sms-voice). Faults address these operations as `PinpointSMSVoiceV2.<Op>` (or "*"): Connect has
 * operations of the same names (ReleasePhoneNumber, UpdatePhoneNumber).
 */

export const SMS_TARGET_PREFIX = "PinpointSMSVoiceV2";
export const SMS_CONTENT_TYPE = "application/x-amz-json-1.0";

type Operation = (a: SmsAccount, body: Body) => unknown;

const OPERATIONS: Record<string, { operate: Operation; mutates: boolean }> = {
  RequestPhoneNumber: { operate: numbers.requestPhoneNumber, mutates: true },
  DescribePhoneNumbers: { operate: numbers.describePhoneNumbers, mutates: false },
  UpdatePhoneNumber: { operate: numbers.updatePhoneNumber, mutates: true },
  ReleasePhoneNumber: { operate: numbers.releasePhoneNumber, mutates: true },
  ListTagsForResource: { operate: tags.listTagsForResource, mutates: false },
  TagResource: { operate: tags.tagResource, mutates: true },
  UntagResource: { operate: tags.untagResource, mutates: true },
  DescribeAccountLimits: { operate: tags.describeAccountLimits, mutates: false },
  CreatePool: { operate: pools.createPool, mutates: true },
  DescribePools: { operate: pools.describePools, mutates: false },
  DeletePool: { operate: pools.deletePool, mutates: true },
  AssociateOriginationIdentity: { operate: pools.associateOriginationIdentity, mutates: true },
  DisassociateOriginationIdentity: { operate: pools.disassociateOriginationIdentity, mutates: true },
  ListPoolOriginationIdentities: { operate: pools.listPoolOriginationIdentities, mutates: false },
};

/** The operations the emulator answers, as the model names them. */
export const SMS_OPERATION_NAMES: readonly string[] = Object.keys(OPERATIONS);

export interface SmsTarget {
  /** The name faults and rate limits know the operation by. */
  operation: string;
  mutates: boolean;
  /** Faults are written in Connect's terms; this renames them as SMS and voice v2 does. */
  flavour: (e: ServiceError) => ServiceError;
  handle(store: EmulatorStore, ctx: CallContext, body: Body, faults: FaultRegistry): unknown;
}

/** The SMS operation an X-Amz-Target names; undefined when the header is not SMS and voice v2's. */
export function resolveSmsTarget(header: string): SmsTarget | undefined {
  const dot = header.lastIndexOf(".");
  if (header.slice(0, dot) !== SMS_TARGET_PREFIX) return undefined;
  const name = header.slice(dot + 1);
  const op = OPERATIONS[name];
  return {
    operation: `${SMS_TARGET_PREFIX}.${name}`,
    mutates: op?.mutates ?? false,
    flavour: smsFlavour,
    handle(store, ctx, body, faults) {
      if (!op) {
        throw new ServiceError(
          "UnknownOperationException",
          400,
          `The connect-numbers emulator does not implement ${header}. Implemented: ${Object.keys(OPERATIONS).join(", ")}.`,
        );
      }
      const account = SmsAccount.of(store, ctx);
      const limit = account.settings.rateLimit;
      if (limit && !faults.takeToken(`sms-voice/${ctx.accountId}/${ctx.region}/${name}`, limit)) throw throttled();
      const violations = jsonViolations(SMS, name, body);
      if (violations.length > 0) throw modelViolation(violations);
      return op.operate(account, body);
    },
  };
}

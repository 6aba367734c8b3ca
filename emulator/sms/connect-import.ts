import { randomUUID } from "node:crypto";
import { ServiceError, invalidParameter, notFound } from "../state/errors";
import { placeClaim, remember, replay } from "../state/numbers";
import { CallContext, EmulatorStore } from "../state/store";
import * as v from "../state/validate";
import { SmsAccount } from "./state";

/**
 * Connect's ImportPhoneNumber (POST /phone-number/import): an SMS and voice v2 number becomes a Connect number of
 * an instance, for the SMS channel. [D] Imports count toward the 200% churn budget ("claim or import and then
 * release"), so the import is a churn event and is refused like a claim when the budget is spent; the Connect
 * number's release is an ordinary release, and counts too.
 * [U] Assumed, as AWS does not say: the SMS number must be ACTIVE and in the same account and region; it can be
 * imported once at a time; releasing it in Connect detaches it and leaves the SMS number held (importable again).
 */
export function importPhoneNumber(store: EmulatorStore, ctx: CallContext, body: v.Body) {
  const p = store.partition(ctx);
  const instanceId = v.str(body, "InstanceId")!;
  const sourceArn = v.str(body, "SourcePhoneNumberArn")!;
  const description = v.str(body, "PhoneNumberDescription");
  const tags = v.tags(body);
  const token = v.str(body, "ClientToken") ?? randomUUID();
  const target = store.findTarget(p, instanceId);
  if (!target || target.kind !== "instance") throw notFound(`Instance ${instanceId} not found.`);

  const fingerprint = JSON.stringify([target.arn, sourceArn, description ?? null, Object.entries(tags).sort()]);
  const replayed = replay(store, p, "ImportPhoneNumber", token, fingerprint);
  if (replayed) return replayed;

  const sms = SmsAccount.of(store, ctx);
  let source;
  try {
    source = sms.number(sourceArn);
  } catch (err) {
    if (err instanceof ServiceError)
      throw notFound(
        `SourcePhoneNumberArn ${sourceArn} is not an SMS and voice v2 number of account ${ctx.accountId} in ${ctx.region}.`,
      );
    throw err;
  }
  if (source.status !== "ACTIVE")
    throw invalidParameter(`Phone number ${sourceArn} is ${source.status}; only an ACTIVE number can be imported.`);
  const already = sms.importedInto(source);
  if (already)
    throw invalidParameter(`Phone number ${sourceArn} is already imported into Amazon Connect as ${already}.`);

  const n = placeClaim(store, p, target, store.now(), {
    number: {
      phoneNumber: source.phoneNumber,
      countryCode: source.isoCountryCode,
      // [U] the Connect type of an imported number: toll-free stays TOLL_FREE, everything else is taken as DID.
      type: source.numberType === "TOLL_FREE" ? "TOLL_FREE" : "DID",
      description,
      tags,
      sourcePhoneNumberArn: source.arn,
    },
    action: "import",
    token,
  });
  source.importedAs = n.arn;
  const response = { PhoneNumberId: n.id, PhoneNumberArn: n.arn };
  remember(store, p, "ImportPhoneNumber", token, fingerprint, response);
  return response;
}

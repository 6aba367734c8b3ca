import { randomUUID } from "node:crypto";
import { activeNumbersOn, claimRefusal } from "../state/churn";
import { ServiceError, idempotencyMismatch, invalidParameter, notFound } from "../state/errors";
import { ClaimedNumber } from "../state/model";
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
  const now = store.now();
  p.idempotency = p.idempotency.filter((r) => now - r.at < store.settings.idempotencyTtlMs);
  const earlier = p.idempotency.find((r) => r.operation === "ImportPhoneNumber" && r.token === token);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) throw idempotencyMismatch(token);
    return earlier.response;
  }

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

  const refusal = claimRefusal(p, store.settings, now);
  if (refusal && store.settings.blockedClaim === "error") throw invalidParameter(refusal);
  const overActive = activeNumbersOn(p, target.arn) + 1 > store.settings.quota;
  const failure =
    refusal ??
    (overActive
      ? "The target has reached its limit of total claimed numbers. To increase the limit, contact AWS Support."
      : undefined);

  const id = store.nextNumberId(p);
  const n: ClaimedNumber = {
    id,
    arn: `arn:aws:connect:${p.region}:${p.accountId}:phone-number/${id}`,
    phoneNumber: source.phoneNumber,
    countryCode: source.isoCountryCode,
    // [U] the Connect type of an imported number: toll-free stays TOLL_FREE, everything else is taken as DID.
    type: source.numberType === "TOLL_FREE" ? "TOLL_FREE" : "DID",
    description,
    targetArn: target.arn,
    tags: { ...tags },
    status: "IN_PROGRESS",
    settlesAt: now + store.settings.claimDelayMs,
    pendingOutcome: failure ? { status: "FAILED", message: failure } : { status: "CLAIMED" },
    claimedAt: now,
    sourcePhoneNumberArn: source.arn,
  };
  p.numbers.push(n);
  store.settle(n);
  source.importedAs = n.arn;
  if (!refusal && (!failure || store.settings.countFailedClaims)) {
    p.events.push({
      eventId: randomUUID(),
      at: now,
      action: "import",
      phoneNumber: n.phoneNumber,
      phoneNumberId: id,
      targetArn: target.arn,
      clientToken: token,
    });
  }
  const response = { PhoneNumberId: n.id, PhoneNumberArn: n.arn };
  p.idempotency.push({ operation: "ImportPhoneNumber", token, fingerprint, response, at: now });
  return response;
}

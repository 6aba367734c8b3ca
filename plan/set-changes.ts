import {
  PHONE_NUMBER_SET_TYPE,
  SetFacts,
  SetMember,
  connectDeleteRefusal,
  parseUrn,
  readSetFacts,
  setChangeOf,
  unnamedShrinkRefusal,
} from "../core";
import type { ClaimRecord, ReleaseRecord } from "./records";
import { inputError } from "./errors";
import { ResourceChange } from "./steps";

/**
 * A PhoneNumberSet's step as the numbers it claims and releases, one record each, by core's set rule over its old
 * outputs (the numbers it held) and its new inputs: growth claims, a named shrink releases, a delete releases all it
 * holds (retainOnDelete: none), a move or rename costs nothing. A number the set holds but no longer wants, named
 * nowhere, is a release the provider refuses (`unnamed`): blocking, unless a single resource of the plan takes it
 * (a hand-over, paired by core/pairing.ts): such a number leaves the set before the set rule judges the rest.
 */
export function setRecords(
  change: ResourceChange,
  op: string,
  claims: boolean,
  releases: boolean,
  takenElsewhere: (m: SetMember) => boolean,
): { claims: ClaimRecord[]; releases: ReleaseRecord[] } {
  const before = change.before ? readSetFacts(change.before) : undefined;
  const after = change.after && claims ? readSetFacts(change.after) : undefined;
  const held = before?.members ?? [];
  const name = parseUrn(change.address)?.name ?? change.address;
  if (op === "delete" || (releases && !claims)) {
    if (change.retainOnDelete) return { claims: [], releases: [] };
    const refused = connectDeleteRefusal({
      name: `PhoneNumberSet ${name}`,
      phoneNumber: `${held.length} numbers`,
      deletionProtection: before?.deletionProtection,
    });
    return { claims: [], releases: held.map((m) => releaseRecord(change, before, m, refused ? { refused } : {})) };
  }
  const facts = after ?? readSetFacts(change.after);
  const hidden = facts.unknown.filter((k) => k !== "target");
  if (hidden.length > 0) {
    throw inputError(
      `${change.address}: the set's ${hidden.join(", ")} ${hidden.length === 1 ? "is" : "are"} unknown until apply, so what it claims or releases cannot be counted; make ${hidden.length === 1 ? "it" : "them"} known at preview (plain values or stack config)`,
    );
  }
  const plan = setChangeOf(held, facts.declaration, takenElsewhere);
  const unnamed =
    plan.unwanted.length > 0
      ? unnamedShrinkRefusal(`PhoneNumberSet "${name}"`, plan.unwanted, plan.candidates)
      : undefined;
  return {
    claims: plan.claims.map((c, i) => ({
      resource: change.address,
      type: PHONE_NUMBER_SET_TYPE,
      slot: i,
      setReason: plan.claimReason,
      ...(facts.growBy === "fits" ? { fitsLater: true } : {}),
      facts: {
        phoneNumber: c.phoneNumber,
        countryCode: facts.countryCode,
        type: facts.type,
        prefix: c.prefix,
        target: facts.target,
        region: facts.region,
        unknown: facts.unknown,
      },
      source: change.source,
    })),
    releases: [
      ...plan.handedOut.map((m) => releaseRecord(change, before, m, {})),
      ...plan.releases.map((m) =>
        releaseRecord(
          change,
          before,
          m,
          facts.deletionProtection === true ? { refused: protectedRelease(name, m) } : {},
          "shrink",
        ),
      ),
      // Not "shrink": that says the program named the number, and these are the ones it did not name.
      ...plan.unwanted.map((m) => releaseRecord(change, before, m, { unnamed })),
    ],
  };
}

/** The provider refuses a named release while the set's new inputs keep deletionProtection on. */
function protectedRelease(name: string, m: SetMember): ReleaseRecord["refused"] {
  return connectDeleteRefusal({
    name: `PhoneNumberSet ${name}`,
    phoneNumber: m.phoneNumber,
    deletionProtection: true,
    replacedWith: { deletionProtection: true },
  });
}

function releaseRecord(
  change: ResourceChange,
  before: SetFacts | undefined,
  m: SetMember,
  extra: Pick<ReleaseRecord, "refused" | "unnamed">,
  reason: ReleaseRecord["reason"] = "delete",
): ReleaseRecord {
  return {
    resource: change.address,
    type: PHONE_NUMBER_SET_TYPE,
    facts: {
      phoneNumber: m.phoneNumber,
      phoneNumberId: m.phoneNumberId,
      countryCode: before?.countryCode,
      type: before?.type,
      target: before?.target,
      region: before?.region,
      unknown: [],
    },
    instance: m.phoneNumberId,
    reason,
    source: change.source,
    ...(extra.refused ? { refused: extra.refused } : {}),
    ...(extra.unnamed ? { unnamed: extra.unnamed } : {}),
  };
}

import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { randomUUID } from "node:crypto";
import {
  ADOPTED_GROUP,
  RoomShortfall,
  SetClaim,
  SetMember,
  deferredGrowthSentence,
  growByFitsAdvice,
  isFailedMember,
  ownershipFromTags,
  setChangeOf,
  setListOrder,
  unnamedShrinkRefusal,
} from "../../../core";
import { resourceName } from "../../../core/inputs/connect";
import { ClaimContext, NumberNotAvailableError, claimSearched, claimSpecific } from "../../runtime/claim";
import { PartialCreateError, noteFreshClaim, record } from "../../runtime/create";
import { Deployment } from "../../runtime/deployment";
import { BudgetRefusedError } from "../../runtime/guard";
import { applyInPlace } from "../../runtime/in-place";
import { ClaimFailedError, describe, waitSettled, withoutUndefined } from "../../runtime/numbers";
import { ownerOf } from "../../runtime/ownership";
import { Place, placeOfInputs } from "../../runtime/place";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs, SetNumber, declarationOf, setLabel } from "../shape";
import { SetContext, memberInputs, placeInputs, setContext, tagsOnlyInputs } from "./context";
import { declaredElsewhere } from "./engine-calls";
import { releaseWhole } from "./releases";
import { memberOf, readHeld } from "./members";

/**
 * What a set does after one member's claim ended FAILED. Removing the set is no fix here: it releases every number
 * the set holds.
 */
const setClaimFix = (number: string) =>
  "Fix the cause (often the target's limit of claimed numbers), then run `pulumi up`: the set claims that slot again " +
  "(the same number while AWS holds it for the failed claim, one day). To do without it, lower `count` or name " +
  `${number} in \`release\`.`;

/** Claims of one set in flight at once: enough to keep AWS's rate busy, few enough to share search pages well. */
const CLAIM_CONCURRENCY = 8;
/** Replays of tokens that name numbers the set already holds, per slot, before the set gives up. */
const MAX_SLOT_ATTEMPTS = 50;

/**
 * Makes the account hold what the set declares, for a create and an update alike: reads what the set holds (state,
 * its tags, adoptions, hand-ins), plans with core's set rule, refuses a shrink that names nothing before touching
 * anything, then releases the numbers named, takes over hand-ins and adoptions, moves and re-tags the numbers it
 * keeps, and claims what is missing. A member whose claim AWS reports FAILED holds no slot: its slot is claimed
 * again, that number first. Any failure after the first change is a partial result: Pulumi records the numbers held
 * at that moment (PartialCreateError), so nothing claimed is ever lost from the stack.
 */
export async function converge(
  dep: Deployment,
  id: string | undefined,
  olds: PhoneNumberSetOutputs | undefined,
  inputs: PhoneNumberSetInputs,
): Promise<{ id: string; outs: PhoneNumberSetOutputs }> {
  const label = setLabel(resourceName(inputs));
  const place = await placeOfInputs(dep, placeInputs(inputs), label);
  const owner = ownerOf(inputs.ownerUrn, label);
  const owners = olds && olds.ownerUrn !== inputs.ownerUrn ? [owner, ownerOf(olds.ownerUrn, label)] : [owner];
  // Before anything changes: a number another resource declares too is never taken from it (nor, later, released).
  const twice = declaredElsewhere(dep, owner.key, inputs, inputs.phoneNumbers ?? []);
  if (twice) throw new Error(twice);
  const lease = olds?.lease ?? randomUUID();
  const setId = id ?? lease;
  const ledger = await dep.ledger(place.scope);
  const reading = await readHeld(place, ledger, owners, olds?.lease, olds?.numbers ?? [], inputs, label);
  for (const sentence of reading.notAdopted) dep.warn(sentence);
  const handIns = reading.handIns.map((h) => {
    reading.summaries.set(h.holder.summary.PhoneNumberId!, h.holder.summary);
    return {
      ...memberOf(h.holder.summary, { origin: h.holder.ownership ? "hand-over" : "adopt" }),
      expectedLease: h.holder.ownership?.lease,
    };
  });
  const failed = reading.held.filter(
    (m) =>
      isFailedMember(m) ||
      isFailedMember({ status: reading.summaries.get(m.phoneNumberId)?.PhoneNumberStatus?.Status }),
  );
  const live = reading.held.filter((m) => !failed.includes(m));
  // A number the program now declares on a single resource leaves the set without a release: that resource takes it.
  const planNow = () =>
    setChangeOf([...live, ...handIns], declarationOf(inputs), (m) =>
      dep.declaresNumber(m.phoneNumber, m.phoneNumberId, owner.key),
    );
  let plan = planNow();
  // What an earlier attempt took and no state recorded (a crash, a lost answer), found by the set's tags. An adopting
  // set tagged its adoptions as it tagged its claims: those no slot wants are adoptions again, never unwanted.
  const inState = new Set((olds?.numbers ?? []).map((n) => n.phoneNumberId));
  const recovered = reading.held.filter((h) => !inState.has(h.phoneNumberId) && h.origin === "claim");
  const readopted = recovered.filter(
    (h) =>
      inputs.adoptExisting === true &&
      plan.unwanted.includes(h) &&
      adoptable(reading.summaries.get(h.phoneNumberId), inputs),
  );
  if (readopted.length > 0) {
    for (const h of readopted) Object.assign(h, { group: ADOPTED_GROUP, prefix: "", origin: "adopt" });
    plan = planNow();
  }
  const base = setContext(dep, place, owner, lease, label, ledger);
  // Tags and ownership only (a failed claim, or a refusal that changes nothing).
  const tagsOnly = tagsOnlyInputs(inputs);
  const retag = (summary: ClaimedPhoneNumberSummary, moveCount: number) =>
    applyInPlace(
      place,
      dep.capacity(place.scope, place.session),
      summary,
      tagsOnly,
      { owner, lease, moveCount },
      dep.config.claimTimeoutSeconds,
      label,
    );
  if (plan.unwanted.length > 0) {
    // Refused, yet what the set holds stays in its state, recovered numbers included: a refusal never leaks one. A
    // recovered number still carries the lease of the attempt that claimed it, not the one this state records: it is
    // re-tagged (as a single resource records its orphan), or the set's delete would take it for handed away.
    const message = unnamedShrinkRefusal(label, plan.unwanted, plan.candidates);
    const kept = reading.held.filter((h) => inState.has(h.phoneNumberId) || recovered.includes(h));
    try {
      for (const h of recovered) {
        const summary = reading.summaries.get(h.phoneNumberId);
        const tagged = ownershipFromTags(summary?.Tags)?.lease;
        if (!summary || tagged === lease) continue;
        await record({ ...base, inputs: tagsOnly }, summary, tagged);
        await retag(summary, h.moveCount);
      }
    } catch (err) {
      const both = `${message}\n${(err as Error).message}`;
      throw new PartialCreateError(
        both,
        setId,
        outputsOf(inputs, place, lease, kept) as unknown as Record<string, unknown>,
        [both],
      );
    }
    throw new PartialCreateError(
      message,
      setId,
      outputsOf(inputs, place, lease, kept) as unknown as Record<string, unknown>,
      [message],
    );
  }
  if (plan.releases.length > 0 && inputs.deletionProtection === true)
    throw new Error(protectedRelease(label, plan.releases));

  const byId = new Map([...live, ...handIns].map((m) => [m.phoneNumberId, m]));
  const book: Book = { current: new Map(), unsettled: new Map(), claimedBySlot: [] };
  const { current } = book;
  for (const k of plan.keep) current.set(k.phoneNumberId, placed(byId.get(k.phoneNumberId)!, k.group));
  for (const r of plan.releases) current.set(r.phoneNumberId, byId.get(r.phoneNumberId)!);
  const retries = retriesOf(plan.claims, failed);
  // A FAILED member stays listed (status FAILED: nothing leaks) until a claim of this run retries its slot.
  for (const f of failed) book.unsettled.set(f.phoneNumberId, f);
  const listed = (olds?.numbers ?? []).map((n) => n.phoneNumberId);
  const arrived = plan.keep.map((k) => k.phoneNumberId).filter((id) => !listed.includes(id));
  let deferred: Deferred | undefined;
  const outputs = (): PhoneNumberSetOutputs =>
    outputsOf(
      inputs,
      place,
      lease,
      setListOrder(
        listed,
        [...arrived, ...book.claimedBySlot.filter((id) => id !== undefined)],
        [...current.values(), ...book.unsettled.values()],
      ),
      deferred,
    );

  try {
    const releasing: ClaimedPhoneNumberSummary[] = [];
    for (const r of plan.releases) {
      const summary =
        reading.summaries.get(r.phoneNumberId) ??
        (await describe(place.session.connect, byId.get(r.phoneNumberId)!.arn || r.phoneNumberId));
      if (summary) releasing.push(summary);
      else {
        await ledger.dropOwnership(place.scope, r.phoneNumberId, lease);
        current.delete(r.phoneNumberId);
      }
    }
    await releaseWhole(dep, place, releasing, { who: label, ownerUrn: owner.urn, lease }, (id) => current.delete(id));
    const changed =
      olds === undefined ||
      ["targetArn", "instanceId", "description", "tags", "ownerUrn"].some(
        (k) =>
          JSON.stringify(olds[k as keyof PhoneNumberSetOutputs]) !==
          JSON.stringify(inputs[k as keyof PhoneNumberSetInputs]),
      );
    const fresh = new Set([...handIns.map((h) => h.phoneNumberId), ...reading.summaries.keys()]);
    for (const k of plan.keep) {
      if (!changed && !fresh.has(k.phoneNumberId) && olds?.numbers.some((n) => n.phoneNumberId === k.phoneNumberId))
        continue;
      const member = current.get(k.phoneNumberId)!;
      const summary =
        reading.summaries.get(k.phoneNumberId) ??
        (await describe(place.session.connect, member.arn || member.phoneNumberId));
      if (!summary) {
        current.delete(k.phoneNumberId);
        continue;
      }
      const handIn = handIns.find((h) => h.phoneNumberId === k.phoneNumberId);
      const ctx = { ...base, inputs: memberInputs(inputs) };
      await record(ctx, summary, handIn ? handIn.expectedLease : ownershipFromTags(summary.Tags)?.lease);
      const done = await applyInPlace(
        place,
        dep.capacity(place.scope, place.session),
        summary,
        memberInputs(inputs),
        { owner, lease, moveCount: member.moveCount },
        dep.config.claimTimeoutSeconds,
        label,
      );
      if (handIn?.origin === "hand-over") {
        const from = ownershipFromTags(summary.Tags);
        if (from) dep.noteHandOver(k.phoneNumberId, from.key, owner.key);
      }
      current.set(k.phoneNumberId, {
        ...member,
        status: done.summary.PhoneNumberStatus?.Status ?? "CLAIMED",
        moveCount: done.moveCount,
      });
    }
    // A failed claim follows a renamed set's owner (tags only: it is on no target), also when an earlier run's re-tag
    // failed part way (read with the set's lease, so described), or the next read would take it for another holder's;
    // and one a killed create claimed takes this set's lease, or the set's delete would take it for handed away.
    for (const f of failed) {
      const read = reading.summaries.get(f.phoneNumberId);
      const from = read && ownershipFromTags(read.Tags);
      if (owners.length === 1 && (read === undefined || (from?.key === owner.key && from.lease === lease))) continue;
      const summary = read ?? (await describe(place.session.connect, f.arn || f.phoneNumberId));
      if (summary) await retag(summary, f.moveCount);
    }
    // A set that already holds numbers grows (core's claimReason): a rename refusal then names it so, never "created".
    const claiming = { ...base, grows: plan.claimReason === "grow" };
    deferred = await claimAll(dep, claiming, inputs, plan.claims, plan.keep, book, retries);
  } catch (err) {
    throw new PartialCreateError((err as Error).message, setId, outputs() as unknown as Record<string, unknown>, [
      (err as Error).message,
    ]);
  }
  if (deferred)
    dep.warn(
      `connect-numbers: ${deferredGrowthSentence({ resource: label, now: plan.claims.length - deferred.count, deferred: deferred.count, freesAt: deferred.freesAt, short: deferred.short })}`,
    );
  return { id: setId, outs: outputs() };
}

/** The claims of a growth by what fits that wait: when the budget has room for them, and the instance short of room. */
interface Deferred {
  count: number;
  freesAt: number | null;
  short?: RoomShortfall;
}

/** What the set holds while it converges: by id, its FAILED members waiting for their retry, its claims by slot. */
interface Book {
  current: Map<string, SetNumber>;
  /** FAILED members a claim of this run retries: listed (status FAILED) until that claim answers. */
  unsettled: Map<string, SetNumber>;
  /** The number each claim of this run got, by its index in the plan's claims: the order they are listed in. */
  claimedBySlot: Array<string | undefined>;
}

/** Which claim retries which FAILED member: the first claims of each group take its FAILED members, in turn. */
function retriesOf(claims: readonly SetClaim[], failed: readonly SetNumber[]): Map<number, SetNumber> {
  const left = [...failed];
  const out = new Map<number, SetNumber>();
  claims.forEach((c, i) => {
    const f = left.find((m) => m.group === c.group);
    if (f === undefined) return;
    left.splice(left.indexOf(f), 1);
    out.set(i, f);
  });
  return out;
}

/**
 * Claims what the plan lacks, CLAIM_CONCURRENCY at a time. Each claim has its own token (the set's URN, its slot and
 * the generation); a token AWS answers with a number the set already holds (a replay after a crash shifted the slots)
 * is retried under the slot's next attempt. The instance's room and the churn budget are taken for the whole growth
 * before the first claim: growing whole, a growth either does not fit is refused with nothing claimed; with growBy
 * "fits", what fits both is claimed and the rest waits for a later `pulumi up`.
 */
async function claimAll(
  dep: Deployment,
  base: SetContext,
  inputs: PhoneNumberSetInputs,
  claims: readonly SetClaim[],
  keep: ReadonlyArray<SetMember & { group: string }>,
  book: Book,
  retries: ReadonlyMap<number, SetNumber>,
): Promise<Deferred | undefined> {
  const ordinals = new Map<string, number>();
  for (const k of keep) ordinals.set(k.group, (ordinals.get(k.group) ?? 0) + 1);
  const slots = claims.map((c, index) => {
    const n = ordinals.get(c.group) ?? 0;
    ordinals.set(c.group, n + 1);
    return { claim: c, slot: `${c.group}#${n}`, index, retry: retries.get(index) };
  });
  if (slots.length === 0) return undefined;
  const fits = inputs.growBy === "fits";
  // The instance's room for the whole growth first, then the churn budget's, each in one step before the first claim:
  // the set grows whole (growBy "all") or by what fits both (growBy "fits"), never claim by claim until one is refused.
  const { room, places } = await base.capacity.reserveMany(base.label, memberInputs(inputs), slots.length);
  const short = room !== undefined && room.room < slots.length ? room : undefined;
  const ahead: string[] = [];
  try {
    if (short && !fits)
      throw new Error(
        growByFitsAdvice({
          resource: base.label,
          now: short.room,
          deferred: slots.length - short.room,
          freesAt: null,
          short,
        }),
      );
    const wanted = Math.min(slots.length, short?.room ?? slots.length);
    const pool = await base.guard.reserveMany(
      { action: "claim", resource: base.label, ownerUrn: base.owner.urn },
      wanted,
      fits,
    );
    ahead.push(...pool.reservationIds);
    if (pool.refusal && !fits) {
      const w = pool.byWhatFits;
      throw w === undefined
        ? pool.refusal
        : new BudgetRefusedError(
            `${pool.refusal.message} ${growByFitsAdvice({ resource: base.label, now: w.fit, deferred: slots.length - w.fit, freesAt: w.freesAt })}`,
            pool.refusal.freesAt,
          );
    }
    const take = () => ahead.shift();
    const todo = slots.slice(0, pool.reservationIds.length);
    let next = 0;
    let refused: BudgetRefusedError | undefined = pool.refusal;
    let failure: unknown;
    let notClaimed = slots.length - todo.length;
    const worker = async () => {
      while (next < todo.length && failure === undefined) {
        const one = todo[next++];
        try {
          await claimSlot(dep, { ...base, capacity: places, reserved: take }, inputs, one, book);
        } catch (err) {
          if (err instanceof BudgetRefusedError && fits) {
            refused ??= err;
            notClaimed++;
          } else failure ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CLAIM_CONCURRENCY, todo.length) }, worker));
    if (failure !== undefined) throw failure;
    if (!refused && !short) return undefined;
    return { count: notClaimed + (todo.length - next), freesAt: refused?.freesAt ?? null, short };
  } finally {
    places.release();
    await base.guard.free(ahead.splice(0));
  }
}

/**
 * One claim of the set, under its own token (set URN, slot, generation). A slot whose FAILED member it retries claims
 * that number first (AWS keeps a failed claim's number for the account for a day), and searches again only for a
 * searched slot whose number is gone.
 */
async function claimSlot(
  dep: Deployment,
  base: Omit<ClaimContext, "inputs">,
  inputs: PhoneNumberSetInputs,
  { claim, slot, index, retry }: { claim: SetClaim; slot: string; index: number; retry?: SetNumber },
  book: Book,
): Promise<void> {
  const { current } = book;
  const memberIn = memberInputs(inputs, claim);
  for (let attempt = 0; attempt < MAX_SLOT_ATTEMPTS; attempt++) {
    const ctx: ClaimContext = { ...base, inputs: memberIn, slot: attempt === 0 ? slot : `${slot}~${attempt}` };
    const got = await (retry !== undefined && attempt === 0
      ? claimSpecific(ctx, retry.phoneNumber).catch((err: unknown) => {
          if (err instanceof NumberNotAvailableError && claim.phoneNumber === undefined)
            return claimSearched(ctx, dep.candidates);
          throw err;
        })
      : claim.phoneNumber !== undefined
        ? claimSpecific(ctx, claim.phoneNumber)
        : claimSearched(ctx, dep.candidates));
    const id = got.summary.PhoneNumberId!;
    if (retry !== undefined && book.unsettled.delete(retry.phoneNumberId) && retry.phoneNumberId !== id)
      await base.ledger.dropOwnership(base.place.scope, retry.phoneNumberId, base.lease);
    if (current.has(id)) continue;
    current.set(id, memberOf(got.summary, { origin: "claim", group: claim.group }));
    book.claimedBySlot[index] = id;
    noteFreshClaim(dep, ctx, got.summary);
    await record(ctx, got.summary, got.earlier ? ownershipFromTags(got.summary.Tags)?.lease : undefined);
    let summary: ClaimedPhoneNumberSummary = got.summary;
    try {
      if (got.earlier)
        summary = (
          await applyInPlace(
            base.place,
            dep.capacity(base.place.scope, base.place.session),
            summary,
            memberIn,
            { owner: base.owner, lease: base.lease, moveCount: 0 },
            dep.config.claimTimeoutSeconds,
            base.label,
          )
        ).summary;
      else if (summary.PhoneNumberStatus?.Status !== "CLAIMED")
        summary = await waitSettled(
          base.place.session.connect,
          id,
          dep.config.claimTimeoutSeconds,
          base.label,
          "claim",
          undefined,
          setClaimFix(summary.PhoneNumber ?? id),
        );
    } catch (err) {
      if (err instanceof ClaimFailedError) {
        current.set(id, memberOf(err.summary, { origin: "claim", group: claim.group }));
        // The ledger's record says FAILED too: the pack and `check` read a member's status there, not from AWS.
        await record(ctx, err.summary);
      }
      throw err;
    }
    current.set(id, memberOf(summary, { origin: "claim", group: claim.group }));
    return;
  }
  throw new Error(
    `${base.label}: AWS answered ${MAX_SLOT_ATTEMPTS} claims of slot ${slot} with numbers the set already holds; run \`pulumi up\` again.`,
  );
}

function placed(m: SetNumber | (SetMember & { origin?: SetNumber["origin"] }), group: string): SetNumber {
  const n = m as SetNumber;
  return {
    ...n,
    group,
    prefix: group.startsWith("prefix:") ? group.slice("prefix:".length) : "",
    origin: n.origin ?? "claim",
    status: n.status ?? "CLAIMED",
    moveCount: n.moveCount ?? 0,
    arn: n.arn ?? "",
  };
}

export function outputsOf(
  inputs: PhoneNumberSetInputs,
  place: Place,
  lease: string,
  numbers: SetNumber[],
  deferred?: Deferred,
): PhoneNumberSetOutputs {
  return withoutUndefined({
    ...inputs,
    numbers: numbers.map((n) => withoutUndefined({ ...n, expectedLease: undefined }) as SetNumber),
    region: place.region,
    accountId: place.accountId,
    lease,
    deferred: deferred?.count,
    deferredUntil: deferred
      ? deferred.freesAt !== null
        ? new Date(deferred.freesAt).toISOString()
        : deferred.short
          ? `when ${deferred.short.target} has room`
          : "never at this rule"
      : undefined,
  });
}

function protectedRelease(label: string, releases: readonly SetMember[]): string {
  return (
    `${label} has deletionProtection: the release of ${releases.map((m) => m.phoneNumber).join(", ")} is refused and the numbers kept. ` +
    "Releasing puts a number into a cooldown of up to 180 days, never to be ours again. If you mean it, set deletionProtection: false in the same change as release."
  );
}

/** Whether adoptExisting would take this number: of the set's country and type. */
function adoptable(s: ClaimedPhoneNumberSummary | undefined, inputs: PhoneNumberSetInputs): boolean {
  return s !== undefined && s.PhoneNumberCountryCode === inputs.countryCode && s.PhoneNumberType === inputs.type;
}

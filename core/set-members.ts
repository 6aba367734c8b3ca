import { PHONE_NUMBER_SET_TYPE } from "./fleet";

/**
 * The order a PhoneNumberSet lists its numbers in: the numbers it listed before keep their places, and what it takes
 * in after them, in the order it came (adoptions and hand-ins as read, then claims by slot). A growth then appends
 * to the `numbers` output, so Pulumi's diff of the outputs shows the new numbers alone; an order by number would
 * insert them among the old ones and show every index after them as changed. State written in any earlier order is
 * kept as it is: nothing moves until a number leaves or comes.
 */
export function setListOrder<T extends { phoneNumberId: string }>(
  before: readonly string[],
  arrived: readonly string[],
  members: Iterable<T>,
): T[] {
  const rank = new Map<string, number>();
  for (const id of [...before, ...arrived]) if (!rank.has(id)) rank.set(id, rank.size);
  const last = rank.size;
  return [...members]
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (rank.get(a.m.phoneNumberId) ?? last) - (rank.get(b.m.phoneNumberId) ?? last) || a.i - b.i)
    .map((x) => x.m);
}

/**
 * A member whose claim AWS reports FAILED: AWS does not hold it (it keeps the number for this account for a day, to
 * claim again), so it fills no slot. The provider's next `up` claims its slot again, retrying that number first,
 * and the gates count that claim: every face judges a set by the members it really holds.
 */
export const isFailedMember = (m: { status?: unknown }) => m.status === "FAILED";

/**
 * Whether an owner URN (or the display URN its tags carry) is a PhoneNumberSet's: only a set keeps a number whose
 * claim failed (a single PhoneNumber's create fails and keeps nothing), so only a set's numbers need their status
 * read. A tag cut short in its middle no longer says; its number is then taken as held, as before its status was read.
 */
export const ownedBySet = (urn: string | undefined) => urn?.includes(`${PHONE_NUMBER_SET_TYPE}::`) === true;

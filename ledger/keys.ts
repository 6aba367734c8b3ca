import { LedgerScope } from "./types";

/**
 * Where each kind of item lives (docs/ledger.md, "Where it lives", has the table). One scope (account and
 * region) owns every partition that starts with "<account>/<region>".
 */
export const scopeId = (s: LedgerScope) => `${s.accountId}/${s.region}`;

export const keys = {
  /** The compact list of every event and reservation in the window: what reserve reads and writes. */
  window: (s: LedgerScope) => ({ pk: scopeId(s), sk: "window" }),
  /** Coverage: spans seen, assertions, the latest syncs. */
  meta: (s: LedgerScope) => ({ pk: scopeId(s), sk: "meta" }),
  /** Who holds a number: the record conditional writes go to. */
  holder: (s: LedgerScope, phoneNumberId: string) => ({ pk: `${scopeId(s)}#number`, sk: phoneNumberId }),
  holders: (s: LedgerScope) => `${scopeId(s)}#number`,
  /** A copy of the holder record in its stack's partition: ownershipByStack is one Query. */
  stackCopy: (s: LedgerScope, stack: string, phoneNumberId: string) => ({
    pk: `${scopeId(s)}#stack#${stack}`,
    sk: phoneNumberId,
  }),
  stackCopies: (s: LedgerScope, stack: string) => `${scopeId(s)}#stack#${stack}`,
  /** In the same partition, before every number id: since when the stack's copies are the whole truth (stack-marks.ts). */
  stackMark: (s: LedgerScope, stack: string) => ({ pk: `${scopeId(s)}#stack#${stack}`, sk: "#index" }),
  /** The stacks that have a mark, for `ledger sync`. */
  stacks: (s: LedgerScope) => ({ pk: scopeId(s), sk: "stacks" }),
  /** A copy in its owner's partition, beside the owner's claim counter. */
  ownerCopy: (s: LedgerScope, ownerKey: string, phoneNumberId: string) => ({
    pk: `${scopeId(s)}#owner#${ownerKey}`,
    sk: `number#${phoneNumberId}`,
  }),
  ownerCopies: (s: LedgerScope, ownerKey: string) => ({ pk: `${scopeId(s)}#owner#${ownerKey}`, prefix: "number#" }),
  claims: (s: LedgerScope, ownerKey: string) => ({ pk: `${scopeId(s)}#owner#${ownerKey}`, sk: "claims" }),
  /** The audit log, one partition per month. */
  log: (s: LedgerScope, at: number, id: string) => {
    const iso = new Date(at).toISOString();
    return { pk: `${scopeId(s)}#log#${iso.slice(0, 7)}`, sk: `${iso}#${id}` };
  },
};

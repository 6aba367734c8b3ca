import { ConnectForcingInput, HeldNumber, Known, PlannedMove, PlannedOperation } from "../../core";
/** A number a stack holds, as read in one region: its owner is known. */
export type StackNumber = Known<HeldNumber, "phoneNumber" | "owner" | "region">;

/** A planned claim or release, with the region whose budget it counts against. */
export type RegionalOperation = PlannedOperation & { region: string };

/** A planned move of a number to another target of its region (no churn, a place on the new target). */
export type RegionalMove = PlannedMove & { region: string };

/** A number the plan releases: who held it, and why it goes. */
export interface Release {
  resource: string;
  phoneNumber: string;
  phoneNumberId: string;
  region: string;
  /**
   * "shrink": a set that stays declared releases a number its `release` names. "pending-delete": an old instance the
   * stack's state holds pending delete (a replacement or delete whose delete step failed): the next up releases it.
   */
  reason: "delete" | "replace" | "shrink" | "pending-delete";
  /** For a replacement: the inputs that force it. */
  forcedBy?: ConnectForcingInput[];
  /** The SMS number it was imported from: its release from Connect counts against Connect's budget all the same. */
  importedFrom?: string;
}

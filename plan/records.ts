import { ConnectDeleteRefusal, DeclaredElsewhere } from "../core";
import { NumberFacts } from "./number-props";
import { SourceLine } from "./steps";

/** A number the plan claims: one per resource instance created, whatever steps show it. */
export interface ClaimRecord {
  resource: string;
  type: string;
  facts: NumberFacts;
  /** The old instance this claim replaces, when it is a replacement. */
  replaces?: string;
  /** Adopts a number the account holds: claims nothing, but may take one another resource lets go. */
  adopts?: boolean;
  /** A PhoneNumberSet's claim: its ordinal among the set's claims in this plan. */
  slot?: number;
  /** A claim of a set with growBy "fits": it waits for a later apply when the window has no room now. */
  fitsLater?: boolean;
  /** A PhoneNumberSet's claim: "grow" when the set holds numbers, else "create" (core's setChangeOf). */
  setReason?: "grow" | "create";
  source?: SourceLine;
}

/** A number the plan releases: one per old instance deleted, whatever steps show it. */
export interface ReleaseRecord {
  resource: string;
  type: string;
  facts: NumberFacts;
  /** The old instance's id (or deposed key): one release per instance. */
  instance: string;
  /**
   * "delete", "replace", "pending-delete" (left by an earlier failed replacement), or "shrink" (a set that stays
   * declared releases a number it names, or would hold one it no longer wants).
   */
  reason: "delete" | "replace" | "pending-delete" | "shrink";
  /** The provider refuses this delete (deletion protection): the apply stops there. */
  refused?: ConnectDeleteRefusal;
  /** The old instance's claim AWS reported FAILED (not a move): it holds nothing to release. */
  failedClaim?: boolean;
  /** Another package's delete of a number a connect-numbers stack holds: the gates block it (no provider refuses). */
  declaredElsewhere?: DeclaredElsewhere;
  /** A PhoneNumberSet's number no longer wanted and named nowhere: the provider refuses, unless it is handed over. */
  unnamed?: string;
  source?: SourceLine;
}

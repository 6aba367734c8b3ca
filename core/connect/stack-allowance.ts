import { PHONE_NUMBER_SET_TYPE } from "../fleet";
import { PHONE_NUMBER_TYPE, ownerKey, parseUrn } from "../owner";
import { RenameFinding, isAllowedRelease } from "../renames";

/**
 * Releases the provider refuses unless the stack's connect-numbers:allowReleases names them: a rename without an
 * alias between two of this package's resources (its delete-time guard, provider/runtime/rename-release.ts) and a
 * number an earlier refused rename kept (kept-for.ts). The provider reads no other list, so for these a face's own
 * allowance (the pack's policy config allowReleases, check's --allow-release) must not pass its gate: the apply
 * would stop at the refusal with the claim already made. Every other release a face's own allowance lets through.
 */
export function providerGuardsRename(f: Pick<RenameFinding, "released" | "claim">): boolean {
  return f.released.ours === true && f.claim.ours === true;
}

/**
 * Where an allowance entry comes from: check's --allow-release ("flag"), the stack's connect-numbers:allowReleases
 * ("stack-config", the one list the provider reads), the pack's policy config allowReleases ("pack-config").
 */
export type AllowanceSource = "flag" | "stack-config" | "pack-config";

/** An entry that lets a release go on purpose, and the list it came from: every face says which. */
export interface Allowance {
  entry: string;
  source: AllowanceSource;
}

/**
 * An entry of a face's list, which is its own entries with the stack's added (core's releasesAllowed): the stack's
 * when the stack's list holds it (the list the provider reads), else the face's own.
 */
export function allowanceOf(
  entry: string,
  stack: readonly string[] | undefined,
  own: Exclude<AllowanceSource, "stack-config">,
): Allowance {
  return { entry, source: stack?.includes(entry) ? "stack-config" : own };
}

/** How a release the provider guards stands with the lists. */
export interface GuardedAllowance {
  /** The stack's entry that lets it through: the provider releases it and the gate passes. */
  allowedBy?: string;
  /** An entry of the face's own list naming it while the stack's does not: the provider refuses, the gate blocks. */
  ownOnly?: string;
}

/**
 * One rule for the gates: `stack` is the stack's connect-numbers:allowReleases, undefined when the face cannot read
 * it (check outside the project); `own` the face's own list. `names` says whether an entry names the release.
 */
export function guardedAllowance(
  names: (entry: string) => boolean,
  stack: readonly string[] | undefined,
  own: readonly string[],
): GuardedAllowance {
  const allowedBy = (stack ?? []).find(names);
  if (allowedBy !== undefined) return { allowedBy };
  const ownOnly = own.find(names);
  return ownOnly === undefined ? {} : { ownOnly };
}

/** The allowance of a rename the provider refuses (providerGuardsRename): an entry naming the number or either side. */
export function renameAllowance(
  f: Pick<RenameFinding, "released" | "claim">,
  stack: readonly string[] | undefined,
  own: readonly string[],
): GuardedAllowance {
  return guardedAllowance((e) => isAllowedRelease(f, [e]), stack, own);
}

/**
 * Whether an entry names the resource a kept-for mark (an owner key) points at when only the mark is known (a
 * preview digest lists no unchanged resource): its URN, or its name as a PhoneNumber or PhoneNumberSet beside the
 * releasing resource, as the provider matches the claimant's name.
 */
export function namesMarked(entry: string, mark: string | undefined, releasing: string): boolean {
  if (mark === undefined) return false;
  if (ownerKey(entry) === mark) return true;
  const p = parseUrn(releasing);
  if (!p) return false;
  const parents = p.parentTypes.map((t) => `${t}$`).join("");
  return [PHONE_NUMBER_TYPE, PHONE_NUMBER_SET_TYPE].some(
    (type) => ownerKey(`urn:pulumi:${p.stack}::${p.project}::${parents}${type}::${entry}`) === mark,
  );
}

/**
 * The command that releases `name` on purpose, as the provider reads it: the stack's list at its next free index
 * (`[0]` would overwrite an entry already there).
 */
export function allowReleaseCommand(name: string, stack: readonly string[] | undefined): string {
  const index = stack === undefined ? "<next free index>" : String(stack.length);
  return `\`pulumi config set --path 'connect-numbers:allowReleases[${index}]' '${name}' --type string\``;
}

/**
 * What a gate says of a guarded release its own list names but the stack's does not (ownOnly), or that it cannot read
 * the stack's list: the provider refuses it, and the one way to release it on purpose.
 */
export function stackOnlySentence(x: {
  /** How the face's own entry is spelled: `--allow-release x`, `allowReleases "x"` (policy config). */
  own?: string;
  name: string;
  stack: readonly string[] | undefined;
  /**
   * A claim of this plan comes before the refusal (a rename's new resource claims first); a kept number's release
   * follows no claim of its own (a plan may claim nothing at all).
   */
  afterClaim: boolean;
}): string {
  const cmd = allowReleaseCommand(x.name, x.stack);
  const when = x.afterClaim ? "mid-apply (its claim already made)" : "when the apply reaches it";
  const named = x.own ? `${x.own} names it, but the provider` : "The provider";
  const unread =
    x.stack === undefined
      ? " check runs outside the Pulumi project (no --stack), so it cannot read that list: run it in the project or with --stack."
      : "";
  return `${named} reads only the stack's connect-numbers:allowReleases and refuses this release ${when}: to release it on purpose, ${cmd}.${unread}`;
}

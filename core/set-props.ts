import { SetDeclaration, SetMember, SetPlan, planSet } from "./fleet";
import { ChangeReason } from "./plan";
import { isUnknown } from "./unknown";
import { isFailedMember } from "./set-members";
import { parseTargetArn } from "./validation";

/**
 * A PhoneNumberSet as a plan or the policy pack shows it: its old outputs (the numbers it holds) and its new inputs
 * (what it declares), read from untyped props the same way for `check` and the pack. Pulumi shows an unknown value
 * (or a secret) instead of a value: a declaration with one is judged as unknown, never as zero numbers.
 */
export interface SetFacts {
  members: SetMember[];
  declaration: SetDeclaration;
  countryCode?: string;
  type?: string;
  target?: string;
  region?: string;
  deletionProtection?: boolean;
  growBy: "all" | "fits";
  /** Declaration inputs the plan does not know yet. */
  unknown: string[];
}

const hidden = (v: unknown) => isUnknown(v) || v === "[secret]";
const str = (v: unknown) => (typeof v === "string" && !hidden(v) ? v : undefined);

export function readSetFacts(props: Record<string, unknown> | undefined): SetFacts {
  const p = props ?? {};
  const unknown: string[] = [];
  const numbers = Array.isArray(p.numbers) ? p.numbers : [];
  const members: SetMember[] = numbers.flatMap((n) => {
    const m = (n ?? {}) as Record<string, unknown>;
    const phoneNumber = str(m.phoneNumber);
    const phoneNumberId = str(m.phoneNumberId);
    // A FAILED claim holds nothing: the provider claims its slot again, and that claim counts.
    return phoneNumber && phoneNumberId && !isFailedMember(m)
      ? [{ phoneNumber, phoneNumberId, ...(str(m.group) ? { group: str(m.group) } : {}) }]
      : [];
  });
  const list = (key: string): string[] | undefined => {
    const v = p[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some(hidden)) {
      unknown.push(key);
      return undefined;
    }
    return v.filter((x): x is string => typeof x === "string");
  };
  let prefixes: Record<string, number> | undefined;
  if (p.prefixes !== undefined && p.prefixes !== null) {
    if (
      hidden(p.prefixes) ||
      typeof p.prefixes !== "object" ||
      Object.values(p.prefixes).some((c) => typeof c !== "number")
    )
      unknown.push("prefixes");
    else prefixes = p.prefixes as Record<string, number>;
  }
  const count = typeof p.count === "number" ? p.count : undefined;
  if (hidden(p.count)) unknown.push("count");
  if (hidden(p.adoptExisting)) unknown.push("adoptExisting");
  const target = str(p.targetArn) ?? str(p.instanceId);
  if (hidden(p.targetArn) || hidden(p.instanceId)) unknown.push("target");
  return {
    members,
    declaration: {
      prefixes,
      count,
      phoneNumbers: list("phoneNumbers"),
      release: list("release"),
      adoptExisting: p.adoptExisting === true,
    },
    countryCode: str(p.countryCode),
    type: str(p.type),
    target,
    region: str(p.region) ?? (target?.startsWith("arn:") ? parseTargetArn(target)?.region : undefined),
    deletionProtection: p.deletionProtection === true ? true : p.deletionProtection === false ? false : undefined,
    growBy: p.growBy === "fits" ? "fits" : "all",
    unknown,
  };
}

/**
 * What one change of a set costs, from the numbers it held and what it now declares (undefined: the set is
 * deleted, so it releases all it holds); a declaration with unknowns cannot be counted (the faces refuse it). A number a single resource of the program takes (`takenElsewhere`: it
 * declares that very number) leaves the set first, handed out, neither wanted nor refused: the provider leaves it
 * to that resource, and the gates pair it with that resource's claim (core/pairing.ts). Only then does core's set
 * rule say what the set claims, releases by name, and holds unwanted. Its claims are a growth when it holds numbers
 * (whether it stays declared, is replaced or renamed with an alias), a creation when it holds none: every face can
 * tell that (the pack sees no old state, only what the set holds).
 */
export function setChangeOf(
  held: readonly SetMember[],
  after: SetDeclaration | undefined,
  takenElsewhere: (m: SetMember) => boolean = () => false,
): Pick<SetPlan, "keep" | "claims" | "releases" | "unwanted" | "candidates"> & {
  handedOut: SetMember[];
  claimReason: Extract<ChangeReason, "grow" | "create">;
} {
  const claimReason = held.length > 0 ? "grow" : "create";
  if (after === undefined)
    return { keep: [], claims: [], releases: [...held], unwanted: [], candidates: [], handedOut: [], claimReason };
  const handedOut = held.filter(takenElsewhere);
  const plan = planSet(
    held.filter((m) => !handedOut.includes(m)),
    after,
  );
  return {
    keep: plan.keep,
    claims: plan.claims,
    releases: plan.releases,
    unwanted: plan.unwanted,
    candidates: plan.candidates,
    handedOut,
    claimReason,
  };
}

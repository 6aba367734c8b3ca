import { PlanBuilder, ResourceChange } from "../changes";
import { findingsOf } from "../../cli/findings";

const SET = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
const SINGLE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555";
const urn = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;

const member = (n: number, prefix = "+1212") => ({
  phoneNumber: `${prefix}555${String(n).padStart(4, "0")}`,
  phoneNumberId: `id-${prefix.slice(1)}-${n}`,
  group: `prefix:${prefix}`,
});
const held = Array.from({ length: 20 }, (_, i) => member(i));
const inputs = (extra: Record<string, unknown> = {}) => ({
  targetArn: INSTANCE,
  countryCode: "US",
  type: "DID",
  prefixes: { "+1212": 20 },
  ...extra,
});
const outputs = (extra: Record<string, unknown> = {}) => ({
  ...inputs(),
  numbers: held,
  region: "us-east-1",
  ...extra,
});
const setStep = (
  op: string,
  before?: Record<string, unknown>,
  after?: Record<string, unknown>,
  extra: Partial<ResourceChange> = {},
): ResourceChange => ({
  format: "pulumi",
  address: urn(SET, "local"),
  type: SET,
  actions: [op],
  before,
  after,
  oldId: before ? "lease-1" : undefined,
  ...extra,
});

function built(...changes: ResourceChange[]) {
  const b = new PlanBuilder();
  changes.forEach((c) => b.add(c));
  const plan = b.build();
  const findings = findingsOf(plan, [], false, []);
  return {
    ops: plan.plan.operations.map((o) => `${o.action} ${o.phoneNumber ?? ""}`.trim()),
    plan,
    findings,
    refused: findings.releases.filter((r) => r.refused),
  };
}

describe("check: a PhoneNumberSet's churn from the plan (old outputs, new inputs)", () => {
  it("a create claims every number it declares, one operation each; an adoption claims none", () => {
    expect(
      built(setStep("create", undefined, inputs({ prefixes: { "+1212": 20, "+1415": 8 }, count: 2 }))).ops,
    ).toHaveLength(30);
    expect(built(setStep("create", undefined, inputs({ prefixes: undefined, adoptExisting: true }))).ops).toEqual([]);
  });

  it("a growth claims the difference; a move of target or a rename costs nothing", () => {
    expect(built(setStep("update", outputs(), inputs({ prefixes: { "+1212": 25 } }))).ops).toEqual(
      Array(5).fill("claim"),
    );
    expect(built(setStep("update", outputs(), inputs({ targetArn: INSTANCE.replace("1111", "9999") }))).ops).toEqual(
      [],
    );
    expect(
      built(setStep("update", outputs({ ownerUrn: urn(SET, "old") }), inputs({ ownerUrn: urn(SET, "local") }))).ops,
    ).toEqual([]);
  });

  it("names a set's claims as the pack does (core's setChangeOf): growth when the set holds numbers, else creation", () => {
    const reasons = (c: ResourceChange) => [...new Set(built(c).plan.plan.operations.map((o) => o.reason))];
    expect(reasons(setStep("update", outputs(), inputs({ prefixes: { "+1212": 22 } })))).toEqual(["grow"]);
    // Replaced (`pulumi up --replace`), it keeps what it holds and claims the difference: it grows.
    expect(reasons(setStep("replace", outputs(), inputs({ prefixes: { "+1212": 22 } })))).toEqual(["grow"]);
    // Declared before with no numbers (count 0), it holds none: the pack cannot tell it from a new set.
    const empty = { ...inputs({ prefixes: undefined, count: 0 }), numbers: [], region: "us-east-1" };
    expect(reasons(setStep("update", empty, inputs({ prefixes: undefined, count: 2 })))).toEqual(["create"]);
    expect(reasons(setStep("create", undefined, inputs({ prefixes: undefined, count: 2 })))).toEqual(["create"]);
  });

  it("a shrink releases exactly the numbers it names; one naming none is refused, listing the candidates", () => {
    const named = built(
      setStep(
        "update",
        outputs(),
        inputs({ prefixes: { "+1212": 18 }, release: [held[3].phoneNumber, held[7].phoneNumberId] }),
      ),
    );
    expect(named.ops.sort()).toEqual([`release ${held[3].phoneNumber}`, `release ${held[7].phoneNumber}`]);
    expect(named.refused).toEqual([]);
    const unnamed = built(setStep("update", outputs(), inputs({ prefixes: { "+1212": 18 } })));
    expect(unnamed.refused).toHaveLength(2);
    expect(unnamed.refused[0].refused).toMatchObject({
      reason: "unnamed-shrink",
      message: expect.stringContaining("names none of them in release"),
    });
    expect(unnamed.refused[0].refused!.message).toContain(held[19].phoneNumber);
  });

  it("a named release under deletionProtection is refused", () => {
    const r = built(
      setStep(
        "update",
        outputs({ deletionProtection: true }),
        inputs({ prefixes: { "+1212": 19 }, release: [held[0].phoneNumber], deletionProtection: true }),
      ),
    );
    expect(r.refused.map((x) => x.refused!.reason)).toEqual(["deletion-protection"]);
  });

  it("a delete releases every number (none with retainOnDelete; refused under deletionProtection)", () => {
    expect(built(setStep("delete", outputs())).ops).toHaveLength(20);
    expect(built(setStep("delete", outputs(), undefined, { retainOnDelete: true })).ops).toEqual([]);
    expect(built(setStep("delete", outputs({ deletionProtection: true }))).refused).toHaveLength(20);
  });

  it("hands numbers between a set and single PhoneNumbers at no churn", () => {
    const single = (op: string, phoneNumber: string, id: string): ResourceChange => ({
      format: "pulumi",
      address: urn(SINGLE, "single"),
      type: SINGLE,
      actions: [op],
      ...(op === "delete"
        ? { before: { phoneNumber, phoneNumberId: id, targetArn: INSTANCE }, oldId: id }
        : { after: { phoneNumber, targetArn: INSTANCE } }),
    });
    // In: the PhoneNumber is removed and the set declares its number.
    const into = built(
      single("delete", "+18005550199", "id-x"),
      setStep("update", outputs(), inputs({ phoneNumbers: ["+18005550199"] })),
    );
    expect(into.ops).toEqual([]);
    expect(into.plan.handOvers).toHaveLength(1);
    // Out: the set lets a number go that a new PhoneNumber declares.
    const out = built(
      setStep("update", outputs(), inputs({ prefixes: { "+1212": 19 } })),
      single("create", held[4].phoneNumber, ""),
    );
    expect(out.ops).toEqual([]);
    expect(out.refused).toEqual([]);
  });
});

describe("check: a set whose declaration is unknown at preview", () => {
  it("is refused as uncountable, never counted as no churn", () => {
    const b = new PlanBuilder();
    b.add({
      format: "pulumi",
      address: urn(SET, "local"),
      type: SET,
      actions: ["update"],
      before: outputs(),
      after: inputs({ prefixes: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
      oldId: "lease-1",
    });
    expect(() => b.build()).toThrow(/prefixes is unknown until apply/);
  });

  it("a set that exists grows by a search a removed PhoneNumber's number meets: the fix lists it, no alias", () => {
    const removed: ResourceChange = {
      format: "pulumi",
      address: urn(SINGLE, "n-0"),
      type: SINGLE,
      actions: ["delete"],
      before: {
        phoneNumber: "+12125559999",
        phoneNumberId: "id-n0",
        targetArn: INSTANCE,
        countryCode: "US",
        type: "DID",
      },
      oldId: "id-n0",
    };
    const r = built(removed, setStep("update", outputs(), inputs({ prefixes: { "+1212": 21 } })));
    expect(r.findings.renames.map((f) => f.fix.pulumi)).toEqual(['phoneNumbers: ["+12125559999"]']);
    expect(r.findings.renames[0].fix.pulumiNote).toContain("no alias applies: local already exists");
  });
});

import { AWS_NATIVE_CONNECT_NUMBER_TYPE, PULUMI_AWS_CONNECT_NUMBER_TYPE } from "../../core";
import { declaredNumbers } from "../connect/declared";
import { derivePlan } from "../connect/derive";
import { foreignHolders, foreignNumbers, pendingOfState } from "../connect/stack-state";
import { INSTANCE, resource } from "./resources";

const awsUrn = (name: string) => `urn:pulumi:dev::shop::${PULUMI_AWS_CONNECT_NUMBER_TYPE}::${name}`;
const nativeUrn = (name: string) => `urn:pulumi:dev::shop::${AWS_NATIVE_CONNECT_NUMBER_TYPE}::${name}`;
const arn = (id: string) => `arn:aws:connect:us-east-1:123456789012:phone-number/${id}`;

/** A `pulumi stack export` holding a pulumi-aws and an aws-native number, each with or without retainOnDelete. */
const exported = (retain: boolean) => ({
  version: 3,
  deployment: {
    resources: [
      { urn: "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev", type: "pulumi:pulumi:Stack" },
      {
        urn: awsUrn("support"),
        type: PULUMI_AWS_CONNECT_NUMBER_TYPE,
        id: "id-1",
        outputs: { arn: arn("id-1"), phoneNumber: "+18005550100", targetArn: INSTANCE },
        ...(retain ? { retainOnDelete: true } : {}),
      },
      {
        urn: nativeUrn("sales"),
        type: AWS_NATIVE_CONNECT_NUMBER_TYPE,
        id: arn("id-2"),
        outputs: { phoneNumberArn: arn("id-2"), address: "+12125550101", targetArn: INSTANCE },
        ...(retain ? { retainOnDelete: true } : {}),
      },
      {
        urn: awsUrn("old"),
        type: PULUMI_AWS_CONNECT_NUMBER_TYPE,
        id: "id-3",
        delete: true,
        outputs: { arn: arn("id-3"), phoneNumber: "+12125550102" },
      },
    ],
  },
});

/** The migration's second step: both removed, each adopted by a connect-numbers PhoneNumber (by id, by number). */
const adopting = [
  resource("support", { phoneNumberId: "id-1", targetArn: INSTANCE }),
  resource("sales", { adopt: true, phoneNumber: "+12125550101", targetArn: INSTANCE }),
];

describe("the pack: adopting the number of a removed pulumi-aws / aws-native resource, judged by the stack's state", () => {
  it("reads both kinds of holder from an export, with retainOnDelete, but not a pending delete", () => {
    expect(foreignNumbers(exported(false))).toEqual([
      {
        urn: awsUrn("support"),
        phoneNumber: "+18005550100",
        phoneNumberId: "id-1",
        region: "us-east-1",
        retainOnDelete: false,
      },
      {
        urn: nativeUrn("sales"),
        phoneNumber: "+12125550101",
        phoneNumberId: "id-2",
        region: "us-east-1",
        retainOnDelete: false,
      },
    ]);
  });

  it("without retainOnDelete: each adoption is a lost number (core/pairing.ts adopt-release), with the two-step fix", () => {
    const plan = derivePlan(declaredNumbers(adopting), [], "us-east-1", {
      stateRead: foreignHolders(foreignNumbers(exported(false)), adopting),
    });
    expect(
      plan.renames.map((f) => [f.kind, f.released.resource, f.claim.resource.split("::").pop(), f.phoneNumber]),
    ).toEqual([
      ["adopt-release", awsUrn("support"), "support", "+18005550100"],
      ["adopt-release", nativeUrn("sales"), "sales", "+12125550101"],
    ]);
    expect(plan.renames[0].fix.pulumi).toBe(
      'set the resource option retainOnDelete: true on support and run `pulumi up` first; then remove it and adopt "+18005550100" with support',
    );
    expect(plan.adoptions).toEqual([]);
  });

  it("with retainOnDelete: hand-overs, no finding, no churn", () => {
    const plan = derivePlan(declaredNumbers(adopting), [], "us-east-1", {
      stateRead: foreignHolders(foreignNumbers(exported(true)), adopting),
    });
    expect(plan).toMatchObject({ operations: [], renames: [], adoptions: [] });
    expect(plan.handOvers.map((h) => [h.from, h.phoneNumber])).toEqual([
      [`${awsUrn("support")} (retainOnDelete)`, "+18005550100"],
      [`${nativeUrn("sales")} (retainOnDelete)`, "+12125550101"],
    ]);
  });

  it("an old resource still declared releases nothing: the adoption stays an adoption", () => {
    const both = [
      ...adopting,
      resource(
        "support",
        { targetArn: INSTANCE, countryCode: "US", type: "TOLL_FREE", arn: arn("id-1") },
        {},
        PULUMI_AWS_CONNECT_NUMBER_TYPE,
      ),
    ];
    const holders = foreignHolders(foreignNumbers(exported(false)), both);
    expect(holders.releasing.map((r) => r.resource)).toEqual([nativeUrn("sales")]);
  });
});

describe("pendingOfState: the second numbers of declared resources against the stack's state (breaker H3)", () => {
  const second = [{ phoneNumber: "+12065550199", holder: "urn:pulumi:dev::shop::t::sales" }];
  const holder = (n: (typeof second)[number]) => n.holder;
  const old = { urn: "urn:pulumi:dev::shop::t::sales", type: "t", phoneNumberId: "id-old", deletionProtection: false };

  it("takes the old instances pending delete from a state it read", () => {
    expect(pendingOfState({ ok: true, numbers: [], pending: [old] }, second, holder)).toEqual({
      pending: [old],
      unseen: [],
    });
  });

  it("says what it cannot tell of each second number when the state could not be read", () => {
    const { pending, unseen } = pendingOfState({ ok: false, reason: "no pulumi" }, second, holder);
    expect(pending).toEqual([]);
    expect(unseen).toEqual([
      "urn:pulumi:dev::shop::t::sales holds a second number, +12065550199: if the stack's state holds it pending delete (an earlier replacement or delete that did not finish), the next `pulumi up` releases it, and the pack could not read the state to tell (no pulumi); `connect-numbers check` on `pulumi preview --json --show-replacement-steps` sees it.",
    ]);
  });

  it("reads nothing and says nothing when no declared resource holds a second number", () => {
    expect(pendingOfState({ ok: false, reason: "no pulumi" }, [], holder)).toEqual({ pending: [], unseen: [] });
  });
});

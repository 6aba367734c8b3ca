import { PlanBuilder, ResourceChange } from "../changes";
import { UNKNOWN } from "../../core";

const SINGLE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555";
const OTHER = "arn:aws:connect:us-east-1:123456789012:instance/99999999-2222-3333-4444-555555555555";
const TDG = "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/tdg-1";
const URN = `urn:pulumi:dev::shop::${SINGLE}::support`;
const held = { phoneNumber: "+18005550100", phoneNumberId: "id-1", countryCode: "US", type: "TOLL_FREE" };

const update = (before: string, after: unknown, format: "pulumi" | "terraform" = "pulumi"): ResourceChange => ({
  format,
  address: URN,
  type: SINGLE,
  actions: ["update"],
  before: { ...held, targetArn: before },
  after: { ...held, targetArn: after },
  oldId: "n-1",
});

function built(...changes: ResourceChange[]) {
  const b = new PlanBuilder();
  changes.forEach((c) => b.add(c));
  return b.build().plan;
}

describe("check: an update that moves a number to another target", () => {
  it("is a move onto the new target, no churn, naming the number it holds", () => {
    for (const format of ["pulumi", "terraform"] as const)
      expect(built(update(TDG, INSTANCE, format))).toEqual({
        operations: [],
        moves: [
          {
            resource: URN,
            phoneNumber: "+18005550100",
            from: "traffic-distribution-group/tdg-1",
            to: "instance/11111111-2222-3333-4444-555555555555",
          },
        ],
      });
    expect(built(update(INSTANCE, OTHER)).moves?.map((m) => m.to)).toEqual([
      "instance/99999999-2222-3333-4444-555555555555",
    ]);
  });

  it("a target unknown at preview may be any: a move to no named target; an update on the same target is none", () => {
    expect(built(update(INSTANCE, UNKNOWN)).moves).toEqual([
      { resource: URN, phoneNumber: "+18005550100", from: "instance/11111111-2222-3333-4444-555555555555" },
    ]);
    expect(built(update(INSTANCE, INSTANCE))).toEqual({ operations: [] });
  });
});

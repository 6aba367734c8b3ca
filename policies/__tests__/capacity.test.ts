import { instanceCapacities, targetKey } from "../../core";
import { overrunMessage } from "../../report/pack/budget";
import { instanceOverruns, placeClaims } from "../connect/capacity";
import { declaredNumbers } from "../connect/declared";
import { derivePlan } from "../connect/derive";
import { INSTANCE, OTHER_INSTANCE, TDG, UNKNOWN, held, resource, urn } from "./resources";

describe("per-instance quota", () => {
  const declared = declaredNumbers([
    resource("a", { targetArn: INSTANCE, countryCode: "US", type: "DID" }),
    resource("b", { targetArn: INSTANCE, countryCode: "US", type: "DID" }),
    resource("c", { targetArn: OTHER_INSTANCE, countryCode: "US", type: "DID" }),
    resource("d", { targetArn: TDG, countryCode: "US", type: "DID" }),
    resource("e", { targetArn: UNKNOWN, countryCode: "US", type: "DID" }),
    resource("f", { instanceId: "i-1", countryCode: "US", type: "DID" }),
  ]);
  const { operations } = derivePlan(declared, [], "us-east-1");
  const [instance, other] = [targetKey(INSTANCE)!, targetKey(OTHER_INSTANCE)!];

  it("places each claim on its instance, and says which it cannot place", () => {
    const placed = placeClaims(operations, declared);
    expect([...placed.instances]).toEqual([
      [instance, INSTANCE],
      [other, OTHER_INSTANCE],
    ]);
    expect(placed.operations.map((op) => [op.resource, op.target])).toEqual([
      [urn("a"), instance],
      [urn("b"), instance],
      [urn("c"), other],
      [urn("d"), targetKey(TDG)],
      [urn("e"), undefined],
      [urn("f"), "instance/i-1"],
    ]);
    expect(placed.unplaced).toEqual([urn("d"), urn("e"), urn("f")]);
  });

  it("compares each instance with its own quota: one full instance does not block claims on another; an unknown target counts against each", () => {
    const placed = placeClaims(operations, declared);
    const quotas: Record<string, number> = { [instance]: 7, [other]: 3 };
    const capacities = instanceCapacities([], { [instance]: 3, [other]: 1 }, (t) => quotas[t]);
    // a, b, f (its instanceId names the same instance) and the unknown e land on the instance (3 + 4 = 7, fits);
    // c and e on the other (1 + 2 = 3, fits).
    expect(instanceOverruns(placed, capacities)).toEqual([]);
    const full = instanceCapacities([], { [instance]: 3, [other]: 2 }, (t) => quotas[t]);
    expect(instanceOverruns(placed, full)).toEqual([
      { instanceArn: OTHER_INSTANCE, target: other, held: 2, claims: 2, quota: 3, resources: [urn("c"), urn("e")] },
    ]);
  });
});

describe("per-instance quota: a move onto an instance", () => {
  it("reads the instance it moves into and counts the move against its room, as a claim, with no churn", () => {
    const declared = declaredNumbers([resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })]);
    const owned = [held(urn("support"), { phoneNumberId: "id-1", phoneNumber: "+18005550100", targetArn: TDG })];
    const { operations, moves } = derivePlan(declared, owned, "us-east-1");
    const placed = placeClaims(operations, declared, moves);
    const instance = targetKey(INSTANCE)!;
    expect(placed.operations).toEqual([]);
    expect([...placed.instances]).toEqual([[instance, INSTANCE]]);
    const full = instanceCapacities([], { [instance]: 2 }, () => 2);
    expect(instanceOverruns(placed, full)).toEqual([
      { instanceArn: INSTANCE, target: instance, held: 2, claims: 1, moves: 1, quota: 2, resources: [urn("support")] },
    ]);
    expect(overrunMessage(instanceOverruns(placed, full)[0])).toMatch(
      /^This plan moves 1 number onto instance .*Moving: .*support\. Those past its room of 0 would end FAILED: no churn, but the number stays where it is\. To go ahead: release or move numbers off instance\/i-1 first .*move this one to another instance/,
    );
    expect(
      instanceOverruns(
        placed,
        instanceCapacities([], { [instance]: 1 }, () => 2),
      ),
    ).toEqual([]);
  });
});

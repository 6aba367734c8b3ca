import { instanceCapacities, targetKey } from "../../core";
import { instanceOverruns, placeClaims } from "../connect/capacity";
import { declaredNumbers } from "../connect/declared";
import { derivePlan } from "../connect/derive";
import { INSTANCE, OTHER_INSTANCE, TDG, UNKNOWN, resource, urn } from "./resources";

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

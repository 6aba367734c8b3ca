import { claimsByInstance, instanceOverruns } from "../capacity";
import { declaredNumbers } from "../declared";
import { derivePlan } from "../derive";
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

  it("places each claim on its instance, and says which it cannot place", () => {
    const { byInstance, unplaced } = claimsByInstance(operations, declared);
    expect(byInstance).toEqual([
      { instanceArn: INSTANCE, resources: [urn("a"), urn("b")] },
      { instanceArn: OTHER_INSTANCE, resources: [urn("c")] },
    ]);
    expect(unplaced).toEqual([urn("d"), urn("e"), urn("f")]);
  });

  it("compares each instance with its own quota: one full instance does not block claims on another", () => {
    const { byInstance } = claimsByInstance(operations, declared);
    const quotas = new Map([[INSTANCE, 5], [OTHER_INSTANCE, 3]]);
    const active = new Map([[INSTANCE, 3], [OTHER_INSTANCE, 3]]);
    expect(instanceOverruns(byInstance, active, (arn) => quotas.get(arn)!)).toEqual([{ instanceArn: OTHER_INSTANCE, active: 3, claims: 1, quota: 3, resources: [urn("c")] }]);
    expect(instanceOverruns(byInstance, new Map([[INSTANCE, 4]]), () => 5)).toEqual([expect.objectContaining({ instanceArn: INSTANCE, active: 4, claims: 2 })]);
    expect(instanceOverruns(byInstance, new Map(), () => 5)).toEqual([]);
  });
});

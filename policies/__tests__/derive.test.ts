import { PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import { ChurnHistory, defaultRule, evaluate } from "../../core";
import { PHONE_NUMBER_TYPE } from "../../provider/type";
import { declaredNumbers, stackOf } from "../declared";
import { OwnedNumber, derivePlan } from "../derive";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
const urn = (name: string, type = PHONE_NUMBER_TYPE) => `urn:pulumi:dev::shop::${type}::${name}`;

/** As the policy SDK hands resources over: props behind the proxy that throws on unknowns. */
function resource(name: string, props: Record<string, unknown>, opts: Partial<PolicyResource["opts"]> = {}, type = PHONE_NUMBER_TYPE): PolicyResource {
  return {
    type,
    name,
    urn: urn(name, type),
    props: unknownCheckingProxy(props),
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], ...opts },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as unknown as PolicyResource;
}

const held: OwnedNumber[] = [
  { phoneNumberId: "id-1", phoneNumber: "+18005550100", countryCode: "US", type: "TOLL_FREE", targetArn: INSTANCE, resourceName: "support" },
  { phoneNumberId: "id-2", phoneNumber: "+12065550142", countryCode: "US", type: "DID", targetArn: INSTANCE, resourceName: "sales" },
];
const stack = { project: "shop", stack: "dev" };

describe("declaredNumbers + derivePlan", () => {
  it("reads unknown inputs without throwing, and counts their resource as a claim", () => {
    const resources = [resource("later", { targetArn: UNKNOWN, countryCode: "US", type: "DID", deletionProtection: UNKNOWN })];
    const declared = declaredNumbers(resources);
    expect(declared[0]).toMatchObject({ unknown: ["targetArn"], deletionProtection: false });
    const plan = derivePlan(declared, [], stack);
    expect(plan.operations).toEqual([expect.objectContaining({ action: "claim", reason: "create", note: "targetArn unknown until apply: counted as a claim" })]);
  });

  it("treats an unknown number-forcing input of a held number as a replacement", () => {
    const declared = declaredNumbers([resource("support", { targetArn: INSTANCE, phoneNumber: UNKNOWN }), resource("sales", { targetArn: INSTANCE, countryCode: "US", type: "DID", prefix: "+1206" })]);
    const ops = derivePlan(declared, held, stack).operations;
    expect(ops.map((o) => `${o.action} ${o.reason} ${o.resource.split("::").pop()}`)).toEqual(["claim replace support", "release replace support"]);
  });

  it("releases held numbers no resource declares, keeps aliased ones, and spots a rename to the same number", () => {
    const declared = declaredNumbers([
      resource("helpline", { targetArn: INSTANCE, phoneNumber: "+18005550100" }),
      resource("sales-team", { targetArn: INSTANCE, countryCode: "US", type: "DID" }, { aliases: [urn("sales")] }),
    ]);
    const { operations, renames } = derivePlan(declared, held, stack);
    expect(operations.map((o) => `${o.action} ${o.reason} ${o.resource.split("::").pop()}`)).toEqual(["claim rename helpline", "release delete support"]);
    expect(renames).toEqual([{ urn: urn("helpline"), phoneNumber: "+18005550100", formerName: "support", formerUrn: urn("support") }]);
  });

  it("makes no churn for adoption, and counts new pulumi-aws numbers as claims", () => {
    const declared = declaredNumbers([
      resource("legacy", { phoneNumberId: "id-9" }),
      resource("aws-new", { targetArn: INSTANCE, countryCode: "US", type: "DID" }, {}, "aws:connect/phoneNumber:PhoneNumber"),
      resource("aws-old", { targetArn: INSTANCE, countryCode: "US", type: "DID", arn: "arn:aws:connect:us-east-1:123456789012:phone-number/x" }, {}, "aws:connect/phoneNumber:PhoneNumber"),
    ]);
    expect(derivePlan(declared, [], stack).operations.map((o) => o.resource.split("::").pop())).toEqual(["aws-new"]);
  });

  it("feeds a verdict that blocks exactly when the window would overflow", () => {
    const declared = declaredNumbers([resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550101" }), resource("sales", { targetArn: INSTANCE, countryCode: "US", type: "DID" })]);
    const plan = { operations: derivePlan(declared, held, stack).operations };
    const now = Date.UTC(2026, 10, 1);
    const history = (n: number) => ChurnHistory.build(Array.from({ length: n }, (_, i) => ({ at: now - i * 1000, action: "claim" as const, phoneNumberId: `h${i}` })));
    expect(evaluate({ history: history(8), plan, rule: defaultRule(), now }).ok).toBe(true);
    expect(evaluate({ history: history(9), plan, rule: defaultRule(), now }).ok).toBe(false);
  });

  it("reads the project and stack from the URNs", () => {
    expect(stackOf([resource("x", {})])).toEqual(stack);
  });
});

describe("likely renames of searched numbers", () => {
  it("notes the alias that would keep a released number meeting the new resource's criteria", () => {
    const declared = declaredNumbers([resource("sales-team", { targetArn: INSTANCE, countryCode: "US", type: "DID", prefix: "+1206" }), resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })]);
    const { operations, renames } = derivePlan(declared, held, stack);
    expect(renames).toEqual([]);
    expect(operations.find((o) => o.resource.endsWith("::sales-team"))?.note).toBe('looks like a rename of "sales" (+12065550142 meets these criteria): add aliases: [{ name: "sales" }] to keep that number');
  });
});

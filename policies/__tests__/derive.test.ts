import { AWS_NATIVE_CONNECT_NUMBER_TYPE, PULUMI_AWS_CONNECT_NUMBER_TYPE } from "../../core";
import { declaredNumbers } from "../connect/declared";
import { derivePlan, urnOfOwner } from "../connect/derive";
import { INSTANCE, OTHER_INSTANCE, TDG, UNKNOWN, WEST_INSTANCE, held, legacyHeld, resource, urn } from "./resources";

const support = {
  phoneNumberId: "id-1",
  phoneNumber: "+18005550100",
  countryCode: "US",
  type: "TOLL_FREE",
  targetArn: INSTANCE,
};
const sales = {
  phoneNumberId: "id-2",
  phoneNumber: "+12065550142",
  countryCode: "US",
  type: "DID",
  targetArn: INSTANCE,
};
const short = (ops: Array<{ action: string; reason: string; resource: string }>) =>
  ops.map((o) => `${o.action} ${o.reason} ${o.resource.split("::").pop()}`);
const plan = (resources: Parameters<typeof declaredNumbers>[0], owned: Parameters<typeof derivePlan>[1]) =>
  derivePlan(declaredNumbers(resources), owned, "us-east-1");

describe("derivePlan: one owner identity (stack + URN), never the bare name", () => {
  it("keeps the number of a resource under a parent, and of one renamed or moved with an alias", () => {
    const parented = urn("support", undefined, ["acme:index:Centre"]);
    const { operations } = plan(
      [
        resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" }, {}, undefined, ["acme:index:Centre"]),
        resource("sales-team", { targetArn: INSTANCE, countryCode: "US", type: "DID" }, { aliases: [urn("sales")] }),
      ],
      [held(parented, support), held(urn("sales"), sales)],
    );
    expect(operations).toEqual([]);
  });

  it("does not give a number to another resource of the same name (a different parent): it is another owner, to whom the provider hands a specific number over, and a search a release and a claim", () => {
    const other = ["acme:index:Other"];
    const specific = plan(
      [resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" }, {}, undefined, other)],
      [held(urn("support"), support)],
    );
    expect(specific).toMatchObject({
      operations: [],
      renames: [],
      handOvers: [{ from: urn("support"), to: urn("support", undefined, other), phoneNumber: "+18005550100" }],
    });
    const { operations, renames } = plan(
      [resource("support", { targetArn: INSTANCE, countryCode: "US", type: "TOLL_FREE" }, {}, undefined, other)],
      [held(urn("support"), support)],
    );
    expect(short(operations)).toEqual(["claim rename support", "release delete support"]);
    expect(renames).toHaveLength(1);
    expect(renames[0].fix.pulumi).toBe(`aliases: [${JSON.stringify(urn("support"))}]`);
  });

  it("reads 0.1's tags (stack + resource name) as the owner of that name at the top level", () => {
    expect(
      plan(
        [resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })],
        [legacyHeld("shop/dev", "support", support)],
      ).operations,
    ).toEqual([]);
  });
});

describe("derivePlan: claims, releases, replacements", () => {
  it("releases every held number no declared resource owns, and claims for every new one", () => {
    const { operations, releases } = plan(
      [resource("new-line", { targetArn: INSTANCE, countryCode: "GB", type: "DID" })],
      [held(urn("support"), support)],
    );
    expect(short(operations)).toEqual(["claim create new-line", "release delete support"]);
    expect(releases).toEqual([
      {
        resource: urn("support"),
        phoneNumber: "+18005550100",
        phoneNumberId: "id-1",
        region: "us-east-1",
        reason: "delete",
      },
    ]);
  });

  it("says which released Connect numbers were imported from End User Messaging SMS: a Connect release all the same", () => {
    const sms = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1";
    const { operations, releases } = plan(
      [resource("sales", { targetArn: INSTANCE, countryCode: "US", type: "TOLL_FREE" })],
      [held(urn("support"), { ...support, importedFrom: sms }), held(urn("sales"), { ...sales, importedFrom: sms })],
    );
    expect(short(operations)).toEqual(["claim replace sales", "release replace sales", "release delete support"]);
    expect(releases.map((r) => [r.resource.split("::").pop(), r.importedFrom])).toEqual([
      ["sales", sms],
      ["support", sms],
    ]);
  });

  it("replaces a number whose inputs it no longer meets, and says which inputs", () => {
    const { operations, releases } = plan(
      [
        resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550101" }),
        resource("sales", { targetArn: INSTANCE, countryCode: "US", type: "DID", prefix: "+1206" }),
      ],
      [held(urn("support"), support), held(urn("sales"), sales)],
    );
    expect(short(operations)).toEqual(["claim replace support", "release replace support"]);
    expect(releases[0]).toMatchObject({ reason: "replace", forcedBy: ["phoneNumber"] });
  });

  it("counts the retry of a claim AWS reported FAILED as one claim and no release, as the provider makes it", () => {
    const failed = { ...held(urn("support"), support), status: "FAILED" };
    const { operations, releases } = plan(
      [resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })],
      [failed],
    );
    expect(short(operations)).toEqual(["claim replace support"]);
    expect(operations[0]).toMatchObject({ phoneNumber: "+18005550100" });
    expect(releases).toEqual([]);
  });

  it("releases nothing for a FAILED claim no declared resource owns, and claims for a rename of it (the provider's retry)", () => {
    const failed = { ...held(urn("support"), support), status: "FAILED" };
    const removed = plan([], [failed]);
    expect(removed.operations).toEqual([]);
    expect(removed.releases).toEqual([]);
    expect(removed.notes.join("\n")).toMatch(/lets go \+18005550100 \(id-1\), whose claim AWS reported FAILED/);
    const renamed = plan([resource("helpline", { targetArn: INSTANCE, phoneNumber: "+18005550100" })], [failed]);
    expect(short(renamed.operations)).toEqual(["claim create helpline"]);
    expect(renamed.handOvers).toEqual([]);
    expect(renamed.releases).toEqual([]);
  });

  it("takes a FAILED move for a held number, as the provider's state says: moved in place, released when removed", () => {
    const failedMove = { ...held(urn("support"), support), status: "FAILED", failedOperation: "move" as const };
    expect(
      plan([resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })], [failedMove]).operations,
    ).toEqual([]);
    expect(short(plan([], [failedMove]).operations)).toEqual(["release delete support"]);
  });

  it("moves within a region in place, and replaces across regions", () => {
    expect(
      plan(
        [resource("sales", { targetArn: OTHER_INSTANCE, countryCode: "US", type: "DID" })],
        [held(urn("sales"), sales)],
      ).operations,
    ).toEqual([]);
    const moved = plan(
      [resource("sales", { targetArn: WEST_INSTANCE, countryCode: "US", type: "DID" })],
      [held(urn("sales"), sales)],
    );
    expect(moved.releases[0].forcedBy).toEqual(["targetArn"]);
    expect(moved.operations.map((o) => o.region)).toEqual(["us-west-2", "us-east-1"]);
  });

  it("lets ignoreChanges keep an input from forcing a replacement", () => {
    const d = resource(
      "sales",
      { targetArn: INSTANCE, countryCode: "GB", type: "DID" },
      { ignoreChanges: ["countryCode"] },
    );
    expect(plan([d], [held(urn("sales"), sales)]).operations).toEqual([]);
  });

  it("counts a number-forcing input unknown at preview as a replacement (never as nothing), without throwing", () => {
    const { operations } = plan(
      [resource("support", { targetArn: INSTANCE, phoneNumber: UNKNOWN })],
      [held(urn("support"), support)],
    );
    expect(short(operations)).toEqual(["claim replace support", "release replace support"]);
    expect(operations[0].note).toBe("phoneNumber unknown until apply: counted as a claim");
  });

  it("adopts with no churn, and hands a number over from a removed owner of the stack to its adopter", () => {
    expect(plan([resource("legacy", { phoneNumberId: "id-9" })], []).operations).toEqual([]);
    const byArn = plan(
      [resource("helpline", { phoneNumberId: "arn:aws:connect:us-east-1:123456789012:phone-number/id-1" })],
      [held(urn("support"), support)],
    );
    expect(byArn.operations).toEqual([]);
    expect(byArn.handOvers).toEqual([{ from: urn("support"), to: urn("helpline"), phoneNumber: "+18005550100" }]);
  });

  it("keeps an owner's second number (an interrupted create) out of the plan, and keeps the one its inputs describe", () => {
    const second = { ...support, phoneNumberId: "id-7", phoneNumber: "+18005550177" };
    const { operations } = plan(
      [resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })],
      [held(urn("support"), second), held(urn("support"), support)],
    );
    expect(operations).toEqual([]);
  });

  it("counts new pulumi-aws and aws-native numbers as claims (imports too), and existing ones as nothing", () => {
    const { operations } = plan(
      [
        resource(
          "aws-new",
          { targetArn: INSTANCE, countryCode: "US", type: "DID", arn: UNKNOWN, phoneNumber: UNKNOWN },
          {},
          PULUMI_AWS_CONNECT_NUMBER_TYPE,
        ),
        resource(
          "aws-old",
          {
            targetArn: INSTANCE,
            countryCode: "US",
            type: "DID",
            arn: "arn:aws:connect:us-east-1:123456789012:phone-number/x",
          },
          {},
          PULUMI_AWS_CONNECT_NUMBER_TYPE,
        ),
        resource(
          "native-new",
          { targetArn: INSTANCE, countryCode: "US", type: "TOLL_FREE" },
          {},
          AWS_NATIVE_CONNECT_NUMBER_TYPE,
        ),
        resource(
          "native-import",
          { targetArn: INSTANCE, sourcePhoneNumberArn: "arn:aws:sms-voice:us-east-1:123456789012:phone-number/p" },
          {},
          AWS_NATIVE_CONNECT_NUMBER_TYPE,
        ),
        resource(
          "native-old",
          {
            targetArn: INSTANCE,
            countryCode: "US",
            type: "DID",
            phoneNumberArn: "arn:aws:connect:us-east-1:123456789012:phone-number/y",
            address: "+12065550199",
          },
          {},
          AWS_NATIVE_CONNECT_NUMBER_TYPE,
        ),
      ],
      [],
    );
    expect(short(operations)).toEqual([
      "claim create aws-new",
      "claim create native-new",
      "claim create native-import",
    ]);
    expect(operations[2].note).toMatch(
      /^aws-native PhoneNumber without a phoneNumberArn yet: counted as a claim \(imported from arn:aws:sms-voice/,
    );
  });
});

describe("derivePlan: renames and re-claims", () => {
  it("a rename of a specific number without an alias is a hand-over, as the provider does it (no claim, no release); in another region it is not", () => {
    const { renames, operations, handOvers } = plan(
      [resource("helpline", { targetArn: INSTANCE, phoneNumber: "+18005550100" })],
      [held(urn("support"), support)],
    );
    expect({ operations, renames, handOvers }).toEqual({
      operations: [],
      renames: [],
      handOvers: [{ from: urn("support"), to: urn("helpline"), phoneNumber: "+18005550100" }],
    });
    const west = plan(
      [resource("helpline", { targetArn: WEST_INSTANCE, phoneNumber: "+18005550100" })],
      [held(urn("support"), support)],
    );
    expect(short(west.operations)).toEqual(["claim create helpline", "release delete support"]);
  });

  it("finds a re-claim of a searched number: the released one meets the new resource's country, type, prefix and region", () => {
    const searched = (prefix: string, target = INSTANCE) =>
      resource("sales-main", { targetArn: target, countryCode: "US", type: "DID", prefix });
    expect(plan([searched("+1206")], [held(urn("sales"), sales)]).renames).toEqual([
      expect.objectContaining({ kind: "reclaim", phoneNumber: "+12065550142", assumed: [] }),
    ]);
    expect(plan([searched("+1415")], [held(urn("sales"), sales)]).renames).toEqual([]);
    expect(plan([searched("+1206", WEST_INSTANCE)], [held(urn("sales"), sales)]).renames).toEqual([]);
    const later = plan(
      [resource("sales-main", { targetArn: UNKNOWN, countryCode: "US", type: "DID" })],
      [held(urn("sales"), sales)],
    );
    expect(later.renames[0].assumed).toEqual(["region"]);
  });

  it("finds a new pulumi-aws number searching what a released connect-numbers number meets", () => {
    const { renames } = plan(
      [
        resource(
          "sales",
          { targetArn: INSTANCE, countryCode: "US", type: "DID", arn: UNKNOWN, phoneNumber: UNKNOWN },
          {},
          PULUMI_AWS_CONNECT_NUMBER_TYPE,
        ),
      ],
      [held(urn("sales"), sales)],
    );
    expect(renames).toEqual([expect.objectContaining({ kind: "reclaim" })]);
  });
});

describe("urnOfOwner: the former owner's URN, read back from its tag-safe display tag", () => {
  it("restores the $ between parent and child types, checked against the owner key; refuses what it cannot check", () => {
    const parented = urn("support", undefined, ["acme:index:Centre", "acme_x:index:Group"]);
    const owner = held(parented, support).owner;
    expect(owner.urnTag).toBe(parented.replaceAll("$", "_"));
    expect(urnOfOwner(owner)).toBe(parented);
    expect(urnOfOwner(held(urn("plain"), support).owner)).toBe(urn("plain"));
    expect(urnOfOwner({ ...owner, key: "not-the-key" })).toBeUndefined();
    expect(urnOfOwner({ ...owner, urnTag: undefined })).toBeUndefined();
  });
});

describe("derivePlan: an old instance pending delete in the stack's state (breaker H3)", () => {
  const old = { ...sales, phoneNumberId: "id-old", phoneNumber: "+12065550199" };
  const declared = [resource("sales", { targetArn: INSTANCE, countryCode: "US", type: "DID" })];
  const owned = [held(urn("sales"), sales), held(urn("sales"), old)];

  it("releases the second number a declared resource holds when the state holds it pending delete", () => {
    const pending = [{ urn: urn("sales"), type: "t", phoneNumberId: "id-old", deletionProtection: false }];
    const derived = derivePlan(declaredNumbers(declared), owned, "us-east-1", { pending });
    expect(short(derived.operations)).toEqual(["release pending-delete sales"]);
    expect(derived.releases).toEqual([
      expect.objectContaining({ resource: urn("sales"), phoneNumber: old.phoneNumber, reason: "pending-delete" }),
    ]);
    expect(derived.leftBehind).toEqual([]);
  });

  it("leaves it out of the plan, as left behind, until the state is read", () => {
    const derived = plan(declared, owned);
    expect(derived.operations).toEqual([]);
    expect(derived.leftBehind.map((n) => n.phoneNumberId)).toEqual(["id-old"]);
  });
});

describe("derivePlan: a number kept but moved to another target of its region", () => {
  it("is a move onto the new target (no churn), from the one it is on", () => {
    const onTdg = { ...support, targetArn: TDG };
    const moved = plan(
      [resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })],
      [held(urn("support"), onTdg)],
    );
    expect(moved.operations).toEqual([]);
    expect(moved.moves).toEqual([
      {
        resource: urn("support"),
        phoneNumber: "+18005550100",
        from: "traffic-distribution-group/t-1",
        to: "instance/i-1",
        region: "us-east-1",
      },
    ]);
    const stays = plan(
      [resource("support", { targetArn: INSTANCE, phoneNumber: "+18005550100" })],
      [held(urn("support"), support)],
    );
    expect(stays.moves).toEqual([]);
  });
});

import { keptForAllowance, keptForRefusal, keptForResource, ownerKey } from "..";

const urn = (name: string) => `urn:pulumi:dev::shop::pulumi-nodejs:dynamic/connect:PhoneNumber::${name}`;
const released = { resource: urn("sales"), phoneNumber: "+12065550100", phoneNumberId: "id-1" };

describe("the kept-for rule", () => {
  it("refuses a release of a number kept for a declared resource", () => {
    const refusal = keptForRefusal({ released, keptFor: { urn: urn("sales-main") }, allowed: [] });
    expect(refusal?.reason).toBe("kept-for");
    expect(refusal?.message).toMatch(/sales \(\+12065550100\) is tagged connect-numbers:kept-for for sales-main/);
    expect(refusal?.message).toContain(
      "`pulumi config set --path 'connect-numbers:allowReleases[0]' '+12065550100' --type string`",
    );
    // A kept number's release follows no claim of its own: the plan may claim nothing at all.
    expect(refusal?.message).toContain("refuses this release when the apply reaches it:");
    expect(refusal?.message).not.toContain("claim already made");
  });

  it.each(["+12065550100", "id-1", "sales", "sales-main", urn("sales")])("lets %s release it on purpose", (entry) => {
    expect(keptForRefusal({ released, keptFor: { urn: urn("sales-main") }, allowed: [entry] })).toBeUndefined();
  });

  it("passes a release without a mark", () => {
    expect(keptForRefusal({ released, keptFor: undefined, allowed: [] })).toBeUndefined();
  });

  it("finds the marked resource among the declared ones, and no other", () => {
    const mark = ownerKey(urn("sales-main"));
    expect(keptForResource(mark, [urn("support"), urn("sales-main")])).toEqual({ urn: urn("sales-main") });
    expect(keptForResource(mark, [urn("support")])).toBeUndefined();
    expect(keptForResource(undefined, [urn("sales-main")])).toBeUndefined();
  });

  it("with only the changed resources known, takes an unlisted resource as declared and a removed one as gone", () => {
    const mark = ownerKey(urn("sales-main"));
    expect(keptForResource(mark, [], [urn("sales")])).toEqual({});
    expect(keptForResource(mark, [], [urn("sales"), urn("sales-main")])).toBeUndefined();
  });

  it("counts the stack's list alone: a face's own entry names it but does not pass it, and says so", () => {
    const refusal = keptForRefusal({
      released,
      keptFor: { urn: urn("sales-main") },
      allowed: ["other"],
      own: { entries: ["other", "sales"], spelled: (e) => `--allow-release ${e}` },
    });
    expect(refusal?.message).toContain("--allow-release sales names it, but the provider reads only the stack's");
    expect(refusal?.message).toContain("allowReleases[1]' '+12065550100'");
  });

  it("cannot pass a kept number where the stack's list is unread, and says so", () => {
    const refusal = keptForRefusal({
      released,
      keptFor: {},
      allowed: undefined,
      own: { entries: ["sales"], spelled: (e) => e },
    });
    expect(refusal?.message).toContain("cannot read that list");
  });

  it("takes the claimant's name when only its mark is known, as the provider does", () => {
    const mark = ownerKey(urn("sales-main"));
    expect(keptForRefusal({ released, keptFor: {}, allowed: ["sales-main"], mark })).toBeUndefined();
    expect(keptForRefusal({ released, keptFor: {}, allowed: ["support"], mark })?.reason).toBe("kept-for");
    expect(keptForAllowance({ released, keptFor: {}, allowed: ["sales-main"], mark })).toEqual({
      allowedBy: "sales-main",
    });
  });
});

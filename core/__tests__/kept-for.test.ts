import { keptForRefusal, keptForResource, ownerKey } from "..";

const urn = (name: string) => `urn:pulumi:dev::shop::pulumi-nodejs:dynamic/connect:PhoneNumber::${name}`;
const released = { resource: urn("sales"), phoneNumber: "+12065550100", phoneNumberId: "id-1" };

describe("the kept-for rule", () => {
  it("refuses a release of a number kept for a declared resource", () => {
    const refusal = keptForRefusal({ released, keptFor: { urn: urn("sales-main") }, allowed: [] });
    expect(refusal?.reason).toBe("kept-for");
    expect(refusal?.message).toMatch(/sales \(\+12065550100\) is tagged connect-numbers:kept-for for sales-main/);
    expect(refusal?.message).toMatch(/allowReleases .* --allow-release/);
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
});

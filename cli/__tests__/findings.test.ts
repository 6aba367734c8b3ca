import { ClaimRecord, ReleaseRecord } from "../changes";
import { findingsOf } from "../findings";

const T = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const urn = (name: string) => `urn:pulumi:dev::p::${T}::${name}`;
const release = (name: string, phoneNumber: string, reason: ReleaseRecord["reason"] = "delete"): ReleaseRecord => ({
  resource: urn(name),
  type: T,
  instance: `id-${name}`,
  reason,
  facts: { phoneNumber, phoneNumberId: `id-${name}`, countryCode: "US", type: "DID", region: "us-east-1", unknown: [] },
});
const claim = (name: string, facts: Partial<ClaimRecord["facts"]>, replaces?: string): ClaimRecord => ({ resource: urn(name), type: T, replaces, facts: { region: "us-east-1", unknown: [], ...facts } });

describe("findingsOf", () => {
  it("pairs a claim of the very number before a search the number happens to meet", () => {
    const { renames } = findingsOf([claim("search", { countryCode: "US", type: "DID" }), claim("exact", { phoneNumber: "+12065550100" })], [release("old", "+12065550100")], [], false);
    expect(renames.map((f) => [f.kind, f.claim.resource])).toEqual([["rename", urn("exact")]]);
  });

  it("pairs a new resource's search with a replacement's old number, as the pack does; the fix names the number, no alias", () => {
    const replaced = release("sales", "+12065550100", "replace");
    const [a] = findingsOf([claim("sales-2", { countryCode: "US", type: "DID", prefix: "+1206" })], [replaced], [], false).renames;
    expect(a).toMatchObject({ kind: "reclaim", phoneNumber: "+12065550100" });
    expect(a.fix.pulumi).toBe('phoneNumber: "+12065550100" on sales-2 (no alias applies: sales stays declared)');
    expect(a.fix.terraform).toBe(`keep ${urn("sales")} from being replaced (its number cannot move to ${urn("sales-2")})`);
    expect(findingsOf([claim("exact", { phoneNumber: "+12065550100" })], [replaced], [], false).renames).toHaveLength(1);
    // A replacement's own search keeps its identity: it takes no other resource's number.
    expect(findingsOf([claim("other", { countryCode: "US", type: "DID" }, "id-x")], [release("old", "+12065550100")], [], false).renames).toEqual([]);
    expect(findingsOf([claim("sales", { countryCode: "US", type: "DID" }, "id-sales")], [replaced], [], false).renames).toEqual([]);
  });

  it("accepts by number, id, URN or name, blocks the rest under --fail-on release, and reports stale opt-outs", () => {
    const releases = [release("a", "+12065550100"), release("b", "+12065550101"), release("c", "+12065550102"), release("d", "+12065550103")];
    const f = findingsOf([], releases, ["+12065550100", "id-b", urn("c"), "nothing-here"], true);
    expect(f.releases.map((x) => [x.acceptedBy ?? null, x.blocking])).toEqual([
      ["+12065550100", false],
      ["id-b", false],
      [urn("c"), false],
      [null, true],
    ]);
    expect(f.unmatchedAllows).toEqual(["nothing-here"]);
  });
});

import { findRenames, releasedOurs } from "../../core";
import { ReleaseRecord } from "../../plan/records";
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

describe("findingsOf", () => {
  it("accepts by number, id, URN or name, blocks the rest under --fail-on release, and reports stale opt-outs", () => {
    const releases = [
      release("a", "+12065550100"),
      release("b", "+12065550101"),
      release("c", "+12065550102"),
      release("d", "+12065550103"),
    ];
    const f = findingsOf(
      { claims: [], releases, renames: [] },
      ["+12065550100", "id-b", urn("c"), "nothing-here"],
      true,
      [],
    );
    expect(f.releases.map((x) => [x.accepted?.entry ?? null, x.blocking])).toEqual([
      ["+12065550100", false],
      ["id-b", false],
      [urn("c"), false],
      [null, true],
    ]);
    expect(f.unmatchedAllows).toEqual(["nothing-here"]);
  });

  it("says which list accepted a release: --allow-release, or the stack's connect-numbers:allowReleases it adds", () => {
    const releases = [release("a", "+12065550100"), release("b", "+12065550101")];
    // check's list is --allow-release with the stack's added; an entry the stack's list holds is the stack's.
    const f = findingsOf({ claims: [], releases, renames: [] }, ["a", "b"], true, ["b"]);
    expect(f.releases.map((x) => x.accepted)).toEqual([
      { entry: "a", source: "flag" },
      { entry: "b", source: "stack-config" },
    ]);
  });
});

describe("findingsOf, refused releases", () => {
  it("keeps the provider's refusal on the release, blocking whatever --allow-release says", () => {
    const refused = { reason: "deletion-protection" as const, message: "refused" };
    const f = findingsOf(
      { claims: [], releases: [{ ...release("a", "+12065550100"), refused }], renames: [] },
      ["+12065550100"],
      false,
      [],
    );
    expect(f.releases[0]).toMatchObject({ accepted: { entry: "+12065550100", source: "flag" }, refused });
  });
});

describe("findingsOf, a rename the provider refuses", () => {
  const x = release("x", "+19075550100");
  const rename = findRenames(
    [releasedOurs(x.resource, x.facts)],
    [{ resource: urn("y"), countryCode: "US", type: "DID", prefix: "+1907", unknown: [], ours: true }],
  );

  it("is not accepted by --allow-release alone: it blocks and says the stack's command", () => {
    const f = findingsOf({ claims: [], releases: [x], renames: rename }, ["x", "other"], false, ["other"]);
    expect(f.renames[0].accepted).toBeUndefined();
    expect(f.renames[0].stackOnly).toContain("--allow-release x names it, but the provider reads only the stack's");
    expect(f.renames[0].stackOnly).toContain("allowReleases[1]' 'x'");
    expect(f.releases[0].accepted).toBeUndefined();
    expect(f.unmatchedAllows).toEqual(["other"]);
  });

  it("is accepted by the stack's list", () => {
    const f = findingsOf({ claims: [], releases: [x], renames: rename }, ["x"], false, ["x"]);
    expect(f.renames[0]).toMatchObject({ accepted: { entry: "x", source: "stack-config" } });
    expect(f.renames[0].stackOnly).toBeUndefined();
    expect(f.releases[0].accepted).toEqual({ entry: "x", source: "stack-config" });
  });
});

import {
  allowReleaseCommand,
  findRenames,
  providerGuardsRename,
  releasedOurs,
  renameAllowance,
  stackOnlySentence,
} from "..";

const urn = (name: string, type = "PhoneNumber") =>
  `urn:pulumi:dev::shop::pulumi-nodejs:dynamic/connect:${type}::${name}`;
const released = releasedOurs(urn("x"), {
  phoneNumber: "+19075550100",
  phoneNumberId: "id-x",
  countryCode: "US",
  type: "DID",
});
const claim = { resource: urn("y"), countryCode: "US", type: "DID", prefix: "+1907", unknown: [], ours: true };
const [rename] = findRenames([released], [claim]);

describe("releases the provider refuses unless the stack's allowReleases names them", () => {
  it("guards a rename between two of this package's resources, not one another package's resource makes", () => {
    expect(providerGuardsRename(rename)).toBe(true);
    expect(providerGuardsRename({ ...rename, claim: { ...claim, ours: undefined } })).toBe(false);
    expect(providerGuardsRename({ ...rename, released: { ...released, ours: undefined } })).toBe(false);
  });

  it.each(["x", "y", "+19075550100", "id-x", urn("x")])("passes %s from the stack's list", (entry) => {
    expect(renameAllowance(rename, ["other", entry], [])).toEqual({ allowedBy: entry });
  });

  it("does not pass an entry of the face's own list alone: the provider would refuse the release", () => {
    expect(renameAllowance(rename, [], ["x"])).toEqual({ ownOnly: "x" });
    expect(renameAllowance(rename, undefined, ["x"])).toEqual({ ownOnly: "x" });
    expect(renameAllowance(rename, ["x"], ["x"])).toEqual({ allowedBy: "x" });
    expect(renameAllowance(rename, [], [])).toEqual({});
  });

  it("says the command at the list's next free index, never over an entry", () => {
    expect(allowReleaseCommand("x", [])).toBe(
      "`pulumi config set --path 'connect-numbers:allowReleases[0]' 'x' --type string`",
    );
    expect(allowReleaseCommand("x", ["a", "b"])).toContain("allowReleases[2]' 'x'");
    expect(stackOnlySentence({ own: "--allow-release x", name: "x", stack: ["a"], afterClaim: true })).toMatch(
      /^--allow-release x names it, but the provider reads only the stack's connect-numbers:allowReleases and refuses this release mid-apply \(its claim already made\).*allowReleases\[1\]' 'x'/,
    );
    expect(stackOnlySentence({ name: "x", stack: undefined, afterClaim: true })).toContain("cannot read that list");
  });
});

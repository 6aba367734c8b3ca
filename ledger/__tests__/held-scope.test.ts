import { heldScope } from "../scope";

const A = "111111111111";
const B = "222222222222";

describe("heldScope: whose history a ledger is read for when AWS is not asked", () => {
  const held = [
    { accountId: A, region: "us-east-1" },
    { accountId: A, region: "eu-west-2" },
    { accountId: B, region: "us-east-1" },
  ];

  it("takes the one scope that agrees with what is known", () => {
    expect(heldScope(held, { region: "eu-west-2" })).toEqual({
      kind: "one",
      scope: { accountId: A, region: "eu-west-2" },
    });
    expect(heldScope(held, { accountId: B })).toEqual({ kind: "one", scope: { accountId: B, region: "us-east-1" } });
    expect(heldScope([held[0]], {})).toEqual({ kind: "one", scope: held[0] });
  });

  it("never picks one of several accounts (or regions) it cannot tell apart", () => {
    expect(heldScope(held, { region: "us-east-1" })).toEqual({ kind: "several", matching: [held[0], held[2]] });
    expect(heldScope(held, { accountId: A })).toEqual({ kind: "several", matching: [held[0], held[1]] });
  });

  it("says when it holds nothing of what is known, with what it holds", () => {
    expect(heldScope(held, { region: "ap-south-1" })).toEqual({ kind: "none", held });
    expect(heldScope([], {})).toEqual({ kind: "none", held: [] });
  });
});

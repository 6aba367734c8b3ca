import { churnWords, plural } from "../explain";

describe("claims and releases in words, said once for every face", () => {
  it("leaves out the parts that are zero, and keeps them when asked", () => {
    expect(churnWords({ claims: 2, releases: 1 })).toBe("2 claims and 1 release");
    expect(churnWords({ claims: 0, releases: 6 })).toBe("6 releases");
    expect(churnWords({ claims: 1, releases: 0 })).toBe("1 claim");
    expect(churnWords({ claims: 1, releases: 0 }, { zeros: true })).toBe("1 claim and 0 releases");
    expect(plural(1, "named number")).toBe("1 named number");
  });
});

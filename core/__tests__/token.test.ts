import fc from "fast-check";
import { CLIENT_TOKEN_PATTERN, claimToken, moveToken, releaseToken, uuidV5 } from "../token";

describe("tokens", () => {
  const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::support";

  it("matches RFC 9562's v5 example", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("derives the same lower-case UUID-shaped claim token from the same inputs, whatever their key order", () => {
    const a = claimToken({ ownerUrn: urn, generation: 0, inputs: { countryCode: "US", type: "DID", prefix: "+1206" } });
    const b = claimToken({
      ownerUrn: urn,
      generation: 0,
      inputs: { prefix: "+1206", type: "DID", countryCode: "US", phoneNumber: undefined },
    });
    expect(a).toBe(b);
    expect(a).toMatch(CLIENT_TOKEN_PATTERN);
  });

  it("gives a different token when the owner, the generation or any number-forcing input changes", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.nat(1000),
        fc.option(fc.string(), { nil: undefined }),
        (owner, generation, phoneNumber) => {
          const base = { ownerUrn: owner, generation, inputs: { phoneNumber } };
          const token = claimToken(base);
          expect(token).toMatch(CLIENT_TOKEN_PATTERN);
          expect(claimToken({ ...base, ownerUrn: `${owner}x` })).not.toBe(token);
          expect(claimToken({ ...base, generation: generation + 1 })).not.toBe(token);
          expect(claimToken({ ...base, inputs: { phoneNumber: `${phoneNumber ?? ""}1` } })).not.toBe(token);
        },
      ),
    );
  });

  it("refuses a generation that is not a whole number", () => {
    expect(() => claimToken({ ownerUrn: urn, generation: -1, inputs: {} })).toThrow(/generation -1/);
    expect(() => claimToken({ ownerUrn: urn, generation: 1.5, inputs: {} })).toThrow(/generation 1.5/);
  });

  it("gives every move its own token: A→B→A→B are four requests", () => {
    const tokens = [
      moveToken({ phoneNumberId: "n", fromTarget: "A", toTarget: "B", moveCount: 0 }),
      moveToken({ phoneNumberId: "n", fromTarget: "B", toTarget: "A", moveCount: 1 }),
      moveToken({ phoneNumberId: "n", fromTarget: "A", toTarget: "B", moveCount: 2 }),
      moveToken({ phoneNumberId: "n", fromTarget: "B", toTarget: "A", moveCount: 3 }),
    ];
    expect(new Set(tokens).size).toBe(4);
    expect(moveToken({ phoneNumberId: "n", fromTarget: "A", toTarget: "B", moveCount: 2 })).toBe(tokens[2]);
  });

  it("derives release tokens from the number id alone", () => {
    expect(releaseToken("pn-1")).toBe(releaseToken("pn-1"));
    expect(releaseToken("pn-1")).not.toBe(releaseToken("pn-2"));
    expect(releaseToken("pn-1")).toMatch(CLIENT_TOKEN_PATTERN);
  });
});

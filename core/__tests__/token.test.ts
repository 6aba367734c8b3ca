import fc from "fast-check";
import { CLIENT_TOKEN_PATTERN, claimToken, releaseToken, uuidV5 } from "../token";

describe("tokens", () => {
  it("matches RFC 9562's v5 example", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("derives the same lower-case UUID-shaped claim token from the same inputs, whatever their key order", () => {
    const a = claimToken({ project: "p", stack: "dev", resourceName: "support", inputs: { countryCode: "US", type: "DID", prefix: "+1206" } });
    const b = claimToken({ project: "p", stack: "dev", resourceName: "support", inputs: { prefix: "+1206", type: "DID", countryCode: "US", phoneNumber: undefined } });
    expect(a).toBe(b);
    expect(a).toMatch(CLIENT_TOKEN_PATTERN);
  });

  it("gives a different token when any identifying part changes", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.option(fc.string(), { nil: undefined }), (project, stack, name, phoneNumber) => {
        const base = { project, stack, resourceName: name, inputs: { phoneNumber } };
        const token = claimToken(base);
        expect(token).toMatch(CLIENT_TOKEN_PATTERN);
        expect(claimToken({ ...base, resourceName: `${name}x` })).not.toBe(token);
        expect(claimToken({ ...base, stack: `${stack}x` })).not.toBe(token);
        expect(claimToken({ ...base, inputs: { phoneNumber: `${phoneNumber ?? ""}1` } })).not.toBe(token);
      }),
    );
  });

  it("derives release tokens from the number id alone", () => {
    expect(releaseToken("pn-1")).toBe(releaseToken("pn-1"));
    expect(releaseToken("pn-1")).not.toBe(releaseToken("pn-2"));
    expect(releaseToken("pn-1")).toMatch(CLIENT_TOKEN_PATTERN);
  });
});

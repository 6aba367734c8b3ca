import {
  failureFix,
  isAccessDenied,
  isUnanswered,
  isUnreachable,
  unreachableSentence,
  withUnreachableSentence,
} from "../failure";

/** The SDK's errors as they reach a face: a network error after its retries, a denial, missing credentials. */
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { code: "ECONNREFUSED" });
const unknownHost = Object.assign(new Error("getaddrinfo ENOTFOUND connect.eu-west-9.amazonaws.com"), {
  code: "ENOTFOUND",
});
const denied = Object.assign(new Error("User is not authorized"), {
  name: "AccessDeniedException",
  $metadata: { httpStatusCode: 403 },
});
const noCredentials = Object.assign(new Error("Could not load credentials from any providers"), {
  name: "CredentialsProviderError",
});
// The SDK's HTTP handler's own errors (@smithy/node-http-handler): no answer in time, and no connection in time.
const unanswered = Object.assign(
  new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 30000 ms requestTimeout."),
  { name: "TimeoutError", code: "ETIMEDOUT" },
);
const noConnection = Object.assign(
  new Error(
    "@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 10000 ms.",
  ),
  { name: "TimeoutError" },
);
const FIX = { endpoint: undefined, setting: "connect-numbers:endpoint", grant: "tag:GetResources" };

describe("what a failed AWS call means, and its fix", () => {
  it("an endpoint on this machine that does not answer: start the emulator, never a permission", () => {
    expect(failureFix(refused, FIX)).toBe(
      "the endpoint 127.0.0.1:4566 cannot be reached (ECONNREFUSED): nothing answers there: start the emulator (`connect-numbers emulator`) and give the endpoint it prints as connect-numbers:endpoint",
    );
  });

  it("a host that does not resolve: names it, and says to check the endpoint and region", () => {
    expect(unreachableSentence(unknownHost, undefined, "--endpoint")).toMatch(
      /^the endpoint connect\.eu-west-9\.amazonaws\.com cannot be reached \(ENOTFOUND\): check --endpoint and the region/,
    );
  });

  it("says the network error once: Node's own clause is replaced by the sentence, any context before it kept", () => {
    expect(withUnreachableSentence(refused.message, refused, "--endpoint")).toBe(
      "the endpoint 127.0.0.1:4566 cannot be reached (ECONNREFUSED): nothing answers there: start the emulator (`connect-numbers emulator`) and give the endpoint it prints as --endpoint",
    );
    expect(
      withUnreachableSentence(`the ledger could not be read: ${unknownHost.message}`, unknownHost, "--endpoint"),
    ).toMatch(
      /^the ledger could not be read: the endpoint connect\.eu-west-9\.amazonaws\.com cannot be reached \(ENOTFOUND\): check/,
    );
  });

  it("the endpoint given wins over the address in the error", () => {
    expect(unreachableSentence(refused, "http://localhost:4566", "--endpoint")).toMatch(
      /^the endpoint http:\/\/localhost:4566 cannot be reached .*start the emulator/,
    );
  });

  it("missing credentials and a denial each get their own fix", () => {
    expect(failureFix(noCredentials, FIX)).toMatch(/^no AWS credentials were found\..*needs no credentials$/);
    expect(isAccessDenied(denied)).toBe(true);
    expect(isAccessDenied(refused)).toBe(false);
    expect(failureFix(denied, FIX)).toBe("grant tag:GetResources");
  });

  it("a connection that never answers is not an unreachable endpoint: the call may have reached AWS", () => {
    expect(isUnanswered(unanswered)).toBe(true);
    expect(isUnreachable(unanswered)).toBe(false);
    expect(failureFix(unanswered, FIX)).toMatch(/^AWS did not answer within 30 s, on each of up to 6 attempts: /);
    expect(isUnanswered(noConnection)).toBe(false);
    expect(failureFix(noConnection, FIX)).toMatch(
      /^the endpoint of the region cannot be reached \(no answer\): check /,
    );
  });
});

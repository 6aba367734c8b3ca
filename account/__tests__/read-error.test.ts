import { unreadableMessage } from "../../report/pack";
import { HistorySourceError } from "../history";
import { AccountReadError } from "../region-reader";

/** The pack's words for a read AWS did not answer: the call and the fix (the network, or more time), no permission. */
describe("an account read AWS did not answer", () => {
  // The SDK's HTTP handler's own error, with the record aws/attempts.ts puts on a failed call's error.
  const timeout = Object.assign(
    new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout."),
    { name: "TimeoutError" },
  );
  Object.defineProperty(timeout, Symbol.for("connect-numbers.call"), {
    value: { service: "CloudTrail", operation: "LookupEvents", attempts: [] },
  });

  it("names the call and gives more time or the network as the fix, never a permission", () => {
    const err = new AccountReadError("history", "us-east-1", new HistorySourceError("ledger", timeout));
    expect(err.unanswered).toBe(true);
    expect(unreadableMessage(err, true)).toBe(
      "The phone-number checks could not read the account's history: history (us-east-1): AWS did not answer CloudTrail LookupEvents " +
        "within 30 s, on each of up to 6 attempts: check the endpoint and this machine's network, or give AWS longer " +
        "(CONNECT_NUMBERS_REQUEST_TIMEOUT_SECONDS=<seconds>). Blocked because failClosed is true: a plan that cannot be judged is not OK.",
    );
  });

  it("a refusal keeps the permissions to grant, its sentence ended once", () => {
    const denied = Object.assign(new Error("User is not authorized to perform: cloudtrail:LookupEvents."), {
      name: "AccessDeniedException",
    });
    const message = unreadableMessage(new AccountReadError("history", "us-east-1", denied), false);
    expect(message).toContain("cloudtrail:LookupEvents. Give the policy pack access (");
    expect(message).not.toContain("..");
  });
});

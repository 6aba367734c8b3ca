import fc from "fast-check";
import { Attempt, attemptActedOnNothing, describeAttempts, failedCallOutcome } from "../attempts";

const refusal: fc.Arbitrary<Attempt> = fc.oneof(
  fc
    .constantFrom(
      "ThrottlingException",
      "InvalidParameterException",
      "ResourceNotFoundException",
      "AccessDeniedException",
      "IdempotencyException",
      "ResourceInUseException",
    )
    .map((error): Attempt => ({
      answered: true,
      status: error === "ThrottlingException" ? 429 : error === "ResourceNotFoundException" ? 404 : 400,
      error,
    })),
  fc.string().map((error): Attempt => ({ answered: true, status: 429, error })),
);
const unknown: fc.Arbitrary<Attempt> = fc.oneof(
  fc.string().map((reason): Attempt => ({ answered: false, reason })),
  fc
    .tuple(fc.integer({ min: 500, max: 599 }), fc.option(fc.string(), { nil: undefined }))
    .map(([status, error]): Attempt => ({ answered: true, status, error })),
  fc.integer({ min: 200, max: 299 }).map((status): Attempt => ({ answered: true, status })),
  fc
    .constantFrom("ConflictException", "SomethingNewException")
    .map((error): Attempt => ({ answered: true, status: 409, error })),
);

describe("core: a failed call's outcome, from every attempt", () => {
  it("is nothing when every attempt was refused, and when none was sent", () => {
    fc.assert(fc.property(fc.array(refusal), (attempts) => expect(failedCallOutcome(attempts)).toBe("nothing")));
  });

  it("is uncertain as soon as one attempt may have acted, wherever it is and whatever the last error says", () => {
    fc.assert(
      fc.property(fc.array(refusal), fc.array(refusal), unknown, (before, after, maybe) => {
        expect(failedCallOutcome([...before, maybe, ...after])).toBe("uncertain");
      }),
    );
  });

  it("does not depend on the order of the attempts", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(refusal, unknown)), fc.nat(), (attempts, n) => {
        const rotated =
          attempts.length === 0
            ? attempts
            : [...attempts.slice(n % attempts.length), ...attempts.slice(0, n % attempts.length)];
        expect(failedCallOutcome(rotated)).toBe(failedCallOutcome(attempts));
      }),
    );
  });

  it("reads error codes in the forms the SDK may give them", () => {
    expect(
      attemptActedOnNothing({
        answered: true,
        status: 400,
        error: "InvalidParameterException:http://internal.amazon.com/coral/com.amazonaws.connect/",
      }),
    ).toBe(true);
    expect(
      attemptActedOnNothing({ answered: true, status: 404, error: "com.amazonaws.connect#ResourceNotFoundException" }),
    ).toBe(true);
    expect(attemptActedOnNothing({ answered: true, status: 400 })).toBe(false);
  });

  it("says what each run of attempts met", () => {
    const lost: Attempt = { answered: false, reason: "socket hang up" };
    const throttled: Attempt = { answered: true, status: 429, error: "TooManyRequestsException" };
    expect(describeAttempts([lost, throttled, throttled, throttled])).toBe(
      "attempt 1: no answer (socket hang up); attempts 2-4: TooManyRequestsException (429)",
    );
    expect(describeAttempts([])).toBe("no attempt was sent");
  });
});

import { inFlightNumberOperations } from "../stack-export";

/** The state's `pending_operations` (an `up` killed mid-call) read for phone numbers only (breaker3 M7). */
describe("inFlightNumberOperations", () => {
  const number = {
    urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumber::support",
    type: "pulumi-nodejs:dynamic/connect:PhoneNumber",
    outputs: { phoneNumber: "+18005550100" },
  };

  it("names each number's operation in flight, with its number", () => {
    expect(inFlightNumberOperations([{ resource: number, type: "deleting" }])).toEqual([
      { urn: number.urn, operation: "deleting", phoneNumber: "+18005550100" },
    ]);
  });

  it("passes over other resources' operations and records it cannot read", () => {
    const bucket = { urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket" };
    expect(
      inFlightNumberOperations([{ resource: bucket, type: "deleting" }, { type: "creating" }, { resource: number }]),
    ).toEqual([]);
  });
});

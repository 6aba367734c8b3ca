import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");
// A traffic distribution group spreads calls over two regions' instances.
const tdgArn = config.require("tdgArn");
// The demo walks the same program through the changes that cause churn in real life.
const stage = config.get("stage") ?? "initial";

const team = { team: "customer-experience", costCentre: "cx-042" };

const support = new connect.PhoneNumber("support", {
  targetArn: instanceArn,
  phoneNumber: "+18005550100",
  description: "Support hotline (printed on every invoice)",
  tags: team,
  deletionProtection: true,
});

// Renaming "sales" without an alias makes Pulumi release the old number and claim a new one.
const salesName = stage === "initial" ? "sales" : "sales-team";
const sales = new connect.PhoneNumber(
  salesName,
  {
    targetArn: instanceArn,
    countryCode: "US",
    type: "DID",
    prefix: "+1206",
    description: "Sales, Seattle",
    tags: team,
  },
  stage === "fixed" ? { aliases: [{ name: "sales" }] } : undefined,
);

// A prefix the current number does not match forces a new number: a claim and a release.
const billing = new connect.PhoneNumber("billing", {
  targetArn: instanceArn,
  countryCode: "US",
  type: "DID",
  prefix: stage === "careless" ? "+1415" : "+1312",
  description: "Billing, Chicago",
  tags: team,
});

const numbers: Record<string, connect.PhoneNumber> = { support, sales, billing };

// Dropping these two releases them: each release counts against the window as much as a claim.
if (stage === "initial" || stage === "fixed") {
  numbers.overflow = new connect.PhoneNumber("overflow", {
    targetArn: tdgArn,
    countryCode: "US",
    type: "TOLL_FREE",
    description: "Overflow across regions",
    tags: team,
  });
}
if (stage === "initial") {
  numbers.afterHours = new connect.PhoneNumber("after-hours", {
    targetArn: instanceArn,
    countryCode: "US",
    type: "TOLL_FREE",
    prefix: "+1888",
    description: "After-hours line",
    tags: team,
  });
}

export const phoneNumbers = Object.fromEntries(Object.entries(numbers).map(([k, n]) => [k, n.phoneNumber]));
export const phoneNumberArns = Object.fromEntries(Object.entries(numbers).map(([k, n]) => [k, n.arn]));

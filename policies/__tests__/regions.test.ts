import { regionsToRead } from "../connect/analysis";
import { declaredNumbers } from "../connect/declared";
import { PackConfigError } from "../errors";
import { resolveSettings } from "../settings";
import { INSTANCE, UNKNOWN, WEST_INSTANCE, resource } from "./resources";

describe("regionsToRead: every region the stack may hold numbers in", () => {
  const declared = declaredNumbers([
    resource("a", { targetArn: INSTANCE, countryCode: "US", type: "DID" }),
    resource("b", { targetArn: WEST_INSTANCE, countryCode: "US", type: "DID" }),
    resource("c", { targetArn: UNKNOWN, region: "eu-west-2", countryCode: "GB", type: "DID" }),
    resource("d", { targetArn: UNKNOWN, countryCode: "US", type: "DID" }),
  ]);

  it("reads the configured region first, then the listed ones, then each declared number's (its region input, else its target's)", () => {
    expect(
      regionsToRead(
        resolveSettings({ region: "ap-south-1", regions: ["ca-central-1"] }, {}),
        declared.map((d) => d.wanted.region),
        {},
      ),
    ).toEqual(["ap-south-1", "ca-central-1", "us-east-1", "us-west-2", "eu-west-2"]);
    expect(
      regionsToRead(
        resolveSettings({}, {}),
        declared.map((d) => d.wanted.region),
        { AWS_REGION: "us-west-2" },
      ),
    ).toEqual(["us-west-2", "us-east-1", "eu-west-2"]);
  });

  it("refuses to guess when nothing names a region", () => {
    expect(() => regionsToRead(resolveSettings({}, {}), [], {})).toThrow(PackConfigError);
  });
});

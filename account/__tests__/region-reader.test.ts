import { ClaimPhoneNumberCommand, SearchAvailablePhoneNumbersCommand } from "@aws-sdk/client-connect";
import { RunningEmulator, startEmulator } from "../../emulator";
import { AwsSession, createSession } from "../../aws/session";
import { ownerFromUrn, ownershipTags } from "../../core";
import { RegionReader } from "../region-reader";

const SET_URN = "urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumberSet::pool";
const SINGLE_URN = "urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumber::support";

describe("RegionReader.stackNumbers: the status of a set's numbers, for every face alike", () => {
  let emu: RunningEmulator;
  let aws: AwsSession;
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0 });
    aws = createSession({ endpoint: emu.endpoint, region: emu.region });
  });
  afterEach(async () => {
    aws.destroy();
    await emu.stop();
  });

  const claim = async (urn: string) => {
    const TargetArn = (await emu.control.info()).instances[0];
    const free = await aws.connect.send(
      new SearchAvailablePhoneNumbersCommand({
        TargetArn,
        PhoneNumberCountryCode: "US",
        PhoneNumberType: "DID",
        MaxResults: 1,
      }),
    );
    const claimed = await aws.connect.send(
      new ClaimPhoneNumberCommand({
        TargetArn,
        PhoneNumber: free.AvailableNumbersList![0].PhoneNumber,
        Tags: ownershipTags(ownerFromUrn(urn)!, "lease-1"),
      }),
    );
    return claimed.PhoneNumberId!;
  };

  it("reads a set member's status (a FAILED claim says so), and describes no single number", async () => {
    const held = await claim(SET_URN);
    await emu.control.fault({ kind: "claim-failed", message: "The target has reached its limit." });
    const failed = await claim(SET_URN);
    const single = await claim(SINGLE_URN);
    const reader = new RegionReader({ region: emu.region, endpoint: emu.endpoint, ledger: "off" });
    try {
      const read = await reader.stackNumbers("cc/prod");
      const statusOf = new Map(read.numbers.map((n) => [n.phoneNumberId, n.status]));
      expect(Object.fromEntries([held, failed, single].map((id) => [id, statusOf.get(id)]))).toEqual({
        [held]: "CLAIMED",
        [failed]: "FAILED",
        [single]: undefined,
      });
    } finally {
      reader.close();
    }
  });
});
